"""Screenshots of each role's main pages in the demo council, at a desktop and a 390-pixel phone
width, for docs/users/. Run against a running demo (`make demo`, or `thrive serve` on a seeded
database):

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out DIR]

Each role signs in with its demo account and opens its home page and the first pages its menu
offers; one JPEG per page and width, named role-page-width.jpg, and a list of
them under each role in README.md there. Nothing is faked: the pages are the demo's own."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

import django
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from thrive.core.roles import Role  # noqa: E402  (needs Django set up)
from thrive.demo.seed import DEMO_PASSWORD, demo_email  # noqa: E402

WIDTHS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PAGES_PER_ROLE = 3  # the home page and the first two menu entries


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "home"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/users/screenshots", type=Path)
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made = "Made by `scripts/screenshots.py` from the demo council (Coventry); desktop and phone."
    index = ["# Screenshots of each role's main pages", "", made, ""]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.browser)
        for role in Role:
            index += [f"## {role.label}", ""]
            pages: list[tuple[str, str]] = []
            for width, options in WIDTHS.items():
                context = browser.new_context(base_url=args.base, **options)
                page = context.new_page()
                page.goto("/sign-in/")
                page.get_by_label("Email address").fill(demo_email(role.value, "Coventry"))
                page.get_by_label("Password").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                if not pages:
                    links = page.eval_on_selector_all(
                        ".govuk-service-navigation__link",
                        "as => as.map(a => [a.textContent.trim(), a.getAttribute('href')])",
                    )
                    pages = [("Home", page.url.removeprefix(args.base))]
                    pages += [(name, href) for name, href in links if href != pages[0][1]]
                    pages = pages[:PAGES_PER_ROLE]
                for name, href in pages:
                    page.goto(href)
                    file = f"{role.value.replace('_', '-')}-{_slug(name)}-{width}.jpg"
                    page.screenshot(path=args.out / file, quality=60, type="jpeg")
                    if width == "desktop":
                        index.append(
                            f"- {name} ({href}): [desktop]({file}), "
                            f"[phone]({file.replace('-desktop', '-phone')})"
                        )
                context.close()
            index.append("")
        browser.close()
    (args.out / "README.md").write_text("\n".join(index))
    print(f"Wrote {len(list(args.out.glob('*.jpg')))} screenshots to {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
