"""Screenshots of each role's main pages in the demo council, at a desktop and a 390-pixel phone
width, for the role guides in docs/users/. Run against a running demo (`make demo`, or
`thrive serve` on a seeded database):

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out DIR]

Each role signs in with its demo account and opens its home page and the first pages its menu
offers (a page that does not answer 200 is left out). One PNG per page and width, named
role-page-width.png, reduced to a palette and compressed so each stays under 150 KB; a list of
them under each role in README.md there, and the role's guide (docs/users/<role>.md) gets its
pictures between its ``screenshots`` markers (a guide that does not exist yet is started). Not a
test: nothing is asserted, and nothing is faked — the pages are the demo's own."""

from __future__ import annotations

import argparse
import io
import os
import re
from pathlib import Path
from typing import Any

import django
from PIL import Image
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from thrive.core.roles import Role  # noqa: E402  (needs Django set up)
from thrive.demo.seed import DEMO_PASSWORD, demo_email  # noqa: E402

WIDTHS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PAGES_PER_ROLE = 3  # the home page and the first two menu entries
MOST_BYTES = 150 * 1024
# A role whose guide is named otherwise than after the role.
GUIDE_NAMES = {"system_admin": "administrator"}
START, END = "<!-- screenshots: made by scripts/screenshots.py -->", "<!-- /screenshots -->"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "home"


def small_png(raw: bytes) -> bytes:
    """*raw* (a PNG) as a palette PNG under :data:`MOST_BYTES`: fewer colours until it fits
    (GOV.UK pages have few colours, so 64 usually keep the text crisp)."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    for colours in (64, 32, 16):
        out = io.BytesIO()
        image.quantize(colours, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
        if out.tell() < MOST_BYTES:
            break
    return out.getvalue()


def guide(docs: Path, role: Role, shots: list[tuple[str, str, str]]) -> None:
    """Put *shots* (name, URL, file stem) in the role's guide between the markers."""
    name = GUIDE_NAMES.get(role.value, role.value.replace("_", "-"))
    path = docs / f"{name}.md"
    text = path.read_text() if path.exists() else f"# {role.label}\n\n"
    lines = [START, "", "## What it looks like", ""]
    for name, href, stem in shots:
        lines += [
            f"**{name}** (`{href}`), on a desktop and on a phone:",
            "",
            f'<img src="screenshots/{stem}-desktop.png" alt="{role.label}: {name}, desktop" '
            'width="640"> '
            f'<img src="screenshots/{stem}-phone.png" alt="{role.label}: {name}, phone" '
            'width="195">',
            "",
        ]
    lines.append(END)
    block = "\n".join(lines)
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/users/screenshots", type=Path)
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made = "Made by `scripts/screenshots.py` from the demo council (Coventry); desktop and phone."
    checked = (
        "The pictures whose names begin `checked-` illustrate [checked.md](../checked.md), each"
        " item of the usability review as its role met it; they are taken by hand, not by this"
        " script, which leaves them be."
    )
    index = ["# Screenshots of each role's main pages", "", made, "", checked, ""]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.browser)
        for role in Role:
            pages: list[tuple[str, str]] = []
            shots: list[tuple[str, str, str]] = []
            for width, options in WIDTHS.items():
                context = browser.new_context(base_url=args.base, **options)
                page = context.new_page()
                page.goto("/sign-in/")
                page.get_by_label("Email address").fill(demo_email(role.value, "Coventry"))
                page.get_by_label("Password").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                if "/sign-in/" in page.url:  # no such demo account in this demo
                    context.close()
                    break
                if not pages:
                    links = page.eval_on_selector_all(
                        ".govuk-service-navigation__link",
                        "as => as.map(a => [a.textContent.trim(), a.getAttribute('href')])",
                    )
                    pages = [("Home", page.url.removeprefix(args.base))]
                    pages += [(name, href) for name, href in links if href != pages[0][1]]
                for name, href in pages:
                    if len(shots) == PAGES_PER_ROLE and width == "desktop":
                        break
                    stem = f"{role.value.replace('_', '-')}-{_slug(name)}"
                    if width == "phone" and stem not in {s for _, _, s in shots}:
                        continue
                    response = page.goto(href)
                    if response is None or response.status != 200:
                        continue
                    (args.out / f"{stem}-{width}.png").write_bytes(small_png(page.screenshot()))
                    if width == "desktop":
                        shots.append((name, href, stem))
                context.close()
            if not shots:
                continue
            index += [f"## {role.label}", ""]
            index += [
                f"- {name} ({href}): [desktop]({stem}-desktop.png), [phone]({stem}-phone.png)"
                for name, href, stem in shots
            ]
            index.append("")
            guide(args.out.parent, role, shots)
        browser.close()
    (args.out / "README.md").write_text("\n".join(index))
    sizes = [f.stat().st_size for f in args.out.glob("*.png")]
    print(  # noqa: T201
        f"Wrote {len(sizes)} screenshots to {args.out}, the largest {max(sizes) // 1024} KB"
    )


if __name__ == "__main__":
    main()
