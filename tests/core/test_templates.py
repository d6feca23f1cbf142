"""Templates stay readable and draw GOV.UK components through one include each.

No template line is over 200 characters, no template writes a ``govuk-button`` by hand (they use
``govuk/button.html``), and each component include renders every variant the pages use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in ROOT.glob("thrive/*/templates/**/*") if p.is_file())
LONGEST_LINE = 200

# The one place a button's classes are written.
BUTTON_INCLUDE = "thrive/core/templates/govuk/button.html"
# Templates that may still write govuk-button by hand, each with why an include cannot serve.
HAND_WRITTEN_BUTTONS: dict[str, str] = {}
# The class itself, or its data-module; not govuk-button-group nor the --secondary modifiers.
BUTTON_CLASS = re.compile(r"(?<![\w-])govuk-button(?![\w-])")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_templates_are_found() -> None:
    assert any(_name(p) == BUTTON_INCLUDE for p in TEMPLATES)
    assert len(TEMPLATES) > 50


def test_no_template_line_is_over_200_characters() -> None:
    long_lines = [
        f"{_name(path)}:{number}: {len(line)} characters"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LONGEST_LINE
    ]
    assert not long_lines, "\n".join(long_lines)


def test_buttons_are_drawn_only_by_the_button_include() -> None:
    hand_written = [
        f"{_name(path)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES
        if _name(path) != BUTTON_INCLUDE and _name(path) not in HAND_WRITTEN_BUTTONS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BUTTON_CLASS.search(line)
    ]
    assert not hand_written, 'use {% include "govuk/button.html" %}:\n' + "\n".join(hand_written)


# The one place a summary list's <dl> is written (rows may still be written in a loop).
SUMMARY_LIST_INCLUDE = "thrive/core/templates/govuk/summary_list.html"
SUMMARY_LIST_CLASS = re.compile(r"<dl\b[^>]*class=\"[^\"]*(?<![\w-])govuk-summary-list(?![\w-])")


def test_summary_lists_are_drawn_only_by_the_summary_list_include() -> None:
    hand_written = [
        f"{_name(path)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES
        if _name(path) != SUMMARY_LIST_INCLUDE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SUMMARY_LIST_CLASS.search(line)
    ]
    assert not hand_written, 'use {% govuk "summary_list" %}:\n' + "\n".join(hand_written)


def test_the_summary_list_check_finds_a_hand_written_list() -> None:
    assert SUMMARY_LIST_CLASS.search('<dl class="govuk-summary-list govuk-!-margin-bottom-9">')
    assert SUMMARY_LIST_CLASS.search('<dl id="x" class="govuk-summary-list">')
    assert not SUMMARY_LIST_CLASS.search('<div class="govuk-summary-list__row">')
    assert SUMMARY_LIST_CLASS.search(Path(ROOT / SUMMARY_LIST_INCLUDE).read_text())


def test_every_allowed_exception_still_exists_and_says_why() -> None:
    names = {_name(p) for p in TEMPLATES}
    for name, reason in HAND_WRITTEN_BUTTONS.items():
        assert name in names and reason.strip(), name


def render(source: str, **context: object) -> str:
    """The button include ends in a line break, as it always has: what follows keeps a space."""
    return Template(source).render(Context(context)).removesuffix("\n")


# --- button --------------------------------------------------------------------------------------


def test_a_plain_button_submits() -> None:
    html = render('{% include "govuk/button.html" with text="Save" %}')
    assert html == (
        '<button type="submit"\n class="govuk-button"\n data-module="govuk-button"\n>Save</button>'
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("secondary=1", 'class="govuk-button govuk-button--secondary"'),
        ("warning=1", 'class="govuk-button govuk-button--warning"'),
        (
            'secondary=1 classes="govuk-!-margin-bottom-0"',
            'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"',
        ),
        ('name="action" value="agree"', 'name="action" value="agree"'),
        ('formaction="/elsewhere/"', 'formaction="/elsewhere/"'),
        ('id="save"', 'id="save"'),
        ('type="button"', '<button type="button"'),
    ],
)
def test_button_variants(arguments: str, expected: str) -> None:
    html = render('{% include "govuk/button.html" with text="Go" ' + arguments + " %}")
    assert expected in html
    assert html.startswith("<button") and html.endswith(">Go</button>")
    assert 'data-module="govuk-button"' in html


def test_a_button_without_a_name_sends_no_value() -> None:
    assert "value=" not in render('{% include "govuk/button.html" with text="Go" value="x" %}')


def test_a_link_drawn_as_a_button() -> None:
    html = render('{% include "govuk/button.html" with text="Add a person" href="/o/1/add/" %}')
    assert html.startswith('<a href="/o/1/add/"') and html.endswith(">Add a person</a>")
    assert "type=" not in html and 'class="govuk-button"' in html


def test_hidden_words_follow_the_visible_ones_for_screen_readers_only() -> None:
    html = render(
        '{% include "govuk/button.html" with text="Remove" hidden=name %}', name="Ann <Lee>"
    )
    assert html.endswith(
        '>Remove<span class="govuk-visually-hidden"> Ann &lt;Lee&gt;</span></button>'
    )


def test_the_block_form_takes_its_words_from_the_block() -> None:
    html = render(
        '{% govuk "button" warning=1 %}\n  Remove<span class="govuk-visually-hidden"> {{ who }}'
        "</span>\n{% endgovuk %}",
        who="A & B",
    )
    assert 'class="govuk-button govuk-button--warning"' in html
    assert html.endswith('>Remove<span class="govuk-visually-hidden"> A &amp; B</span></button>')


def test_the_block_form_names_a_known_component() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template('{% govuk "carousel" %}x{% endgovuk %}')
    with pytest.raises(TemplateSyntaxError):
        Template('{% govuk "button" loose %}x{% endgovuk %}')


# --- tag, back link, summary list ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('text="Held"', '<strong class="govuk-tag">Held</strong>'),
        ('text="Met" colour="green"', '<strong class="govuk-tag govuk-tag--green">Met</strong>'),
        (
            'text="Late" colour="red" id="late" classes="govuk-!-margin-left-1"',
            '<strong class="govuk-tag govuk-tag--red govuk-!-margin-left-1" id="late">'
            "Late</strong>",
        ),
    ],
)
def test_tag_variants(arguments: str, expected: str) -> None:
    assert render('{% include "govuk/tag.html" with ' + arguments + " %}") == expected


def test_tag_block_form() -> None:
    html = render('{% govuk "tag" colour="red" %}Needs {{ n }}{% endgovuk %}', n="CPD")
    assert html == '<strong class="govuk-tag govuk-tag--red">Needs CPD</strong>'


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('href="/back/"', '<a href="/back/" class="govuk-back-link">Back</a>'),
        ('href="/l/" text="Learning"', '<a href="/l/" class="govuk-back-link">Learning</a>'),
    ],
)
def test_back_link_variants(arguments: str, expected: str) -> None:
    assert render('{% include "govuk/back_link.html" with ' + arguments + " %}") == expected


def test_summary_list_and_rows() -> None:
    html = render(
        '{% govuk "summary_list" classes="govuk-!-margin-bottom-9" %}'
        '{% include "govuk/summary_row.html" with key="Team" text=team %}'
        '{% govuk "summary_row" key="Status" id="status" %}Held <b>today</b>{% endgovuk %}'
        '{% include "govuk/summary_row.html" with key="Name" text="Ann" change="/edit/" %}'
        "{% endgovuk %}",
        team="Blue <A>",
    )
    assert html.startswith('<dl class="govuk-summary-list govuk-!-margin-bottom-9">')
    assert html.endswith("</dl>")
    assert 'Team</dt><dd class="govuk-summary-list__value">Blue' in html
    assert "Blue &lt;A&gt;</dd>" in html
    assert '<dd class="govuk-summary-list__value" id="status">Held <b>today</b></dd>' in html
    assert (
        '<a class="govuk-link" href="/edit/">Change<span class="govuk-visually-hidden"> name</span>'
        in html
    )
    assert html.count("govuk-summary-list__actions") == 1


# --- oneline -------------------------------------------------------------------------------------


def test_oneline_joins_the_templates_lines_but_not_what_variables_print() -> None:
    html = render(
        "{% oneline %}<p>Cancel the session? –\n    {% if a %}{{ words }}\n  {% endif %}</p>"
        "{% endoneline %}",
        a=True,
        words="one\n  two",
    )
    assert html == "<p>Cancel the session? –one\n  two</p>"
