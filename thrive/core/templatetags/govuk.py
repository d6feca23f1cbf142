"""Template helpers for GOV.UK components."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.forms import BoundField, MultiWidget
from django.template import Context, TemplateSyntaxError
from django.template.base import FilterExpression, Parser, TextNode, Token, token_kwargs
from django.utils.safestring import SafeString, mark_safe

from thrive.core.forms import widget_class

register = template.Library()

_LINE_BREAK = re.compile(r"\r?\n[ \t]*")


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the error modifier and ``aria-describedby`` set."""
    attrs: dict[str, Any] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        if isinstance(field.field.widget, MultiWidget):
            return field.as_widget(attrs={"error": "1"})
        css = widget_class(field.field.widget)
        if css:
            attrs["class"] = f"{field.field.widget.attrs.get('class', css)} {css}--error"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def field_type(field: BoundField) -> str:
    """The widget's kind for govuk/field.html: a picker is drawn as the widget it extends."""
    widget = type(field.field.widget)
    if getattr(widget, "picker", False):
        widget = widget.__mro__[1]
    return widget.__name__


def _reveals(field: BoundField) -> dict[str, list[str]]:
    return getattr(field.field.widget, "reveals", None) or {}


@register.filter
def revealed_by(field: BoundField, value: Any) -> list[BoundField]:
    """The form's fields drawn under the box of *value* in *field* (a ``PickerCheckboxes``'s
    reveals)."""
    return [field.form[name] for name in _reveals(field).get(str(value), [])]


@register.filter
def drawn_elsewhere(field: BoundField) -> bool:
    """Whether *field* is drawn under another field's choice, not in the form's own order. The
    names are gathered once per form (a record may have hundreds of revealed fields)."""
    form = field.form
    drawn = getattr(form, "_drawn_elsewhere", None)
    if drawn is None:
        drawn = {
            name
            for other in form.fields.values()
            for names in (getattr(other.widget, "reveals", None) or {}).values()
            for name in names
        }
        form._drawn_elsewhere = drawn  # type: ignore[attr-defined]
    return field.name in drawn


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def event_words(code: str) -> str:
    """An audit event code in words: ``{{ event.action|event_words }}``."""
    from thrive.core.events import describe_event

    return describe_event(code)


@register.simple_tag
def event_kind_options(selected: str) -> list[tuple[str, str, bool]]:
    """Options for filtering events by kind: (code prefix, words, selected). A prefix typed into
    the address that is not a kind is kept as an option of its own, so the filter shows it."""
    from thrive.core.events import EVENT_KINDS, describe_event

    options = [(code, words, code == selected) for code, words in EVENT_KINDS]
    if selected and selected not in dict(EVENT_KINDS):
        options.append((selected, describe_event(selected), True))
    return options


# The GOV.UK components a template draws through one include each, in thrive/core/templates/govuk/.
COMPONENTS = frozenset({"back_link", "button", "summary_list", "summary_row", "table", "tag"})


class ComponentNode(template.Node):
    """Renders ``govuk/<name>.html`` with the tag's arguments; what the block holds is ``text``."""

    def __init__(
        self, name: str, kwargs: dict[str, FilterExpression], nodelist: template.NodeList
    ) -> None:
        self.name = name
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        body = self.nodelist.render(context).strip()
        if body:
            values["text"] = mark_safe(body)  # noqa: S308 - rendered, so already escaped
        assert context.template is not None  # set while a template renders
        include = context.template.engine.get_template(f"govuk/{self.name}.html")
        return include.render(context.new(values))


@register.tag("govuk")
def do_govuk(parser: Parser, token: Token) -> ComponentNode:
    """``{% govuk "tag" colour="red" %}Needs {{ missing }}{% endgovuk %}``: a GOV.UK component
    whose words (``text``) are written in the block, for words too rich for ``{% include %}``'s
    ``with text=...``. Leading and trailing white space in the block is dropped, so a long
    component can be written across lines."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1].strip("\"'") not in COMPONENTS:
        raise TemplateSyntaxError(f"{bits[0]} needs one of {sorted(COMPONENTS)} in quotes first")
    name = bits[1].strip("\"'")
    rest = bits[2:]
    kwargs = token_kwargs(rest, parser)
    if rest:
        raise TemplateSyntaxError(f"{bits[0]} {name} takes only key=value arguments: {rest}")
    nodelist = parser.parse(("endgovuk",))
    parser.delete_first_token()
    return ComponentNode(name, kwargs, nodelist)


class OneLineNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        return mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered, so already escaped


@register.tag("oneline")
def do_oneline(parser: Parser, token: Token) -> OneLineNode:
    """``{% oneline %}...{% endoneline %}``: the template's own text inside is joined into one
    line, each line break and the indentation after it dropped, so words, titles and attribute
    lists that must not gain white space can still be written across lines. What variables print
    is untouched. Break a line next to a tag or after a space that belongs in the output, never
    in place of one."""
    nodelist = parser.parse(("endoneline",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(TextNode):
        assert isinstance(node, TextNode)
        node.s = _LINE_BREAK.sub("", node.s)
    return OneLineNode(nodelist)
