"""A prefixed form's widgets carry the prefix in their ids, as their labels' ``for`` does, so two
forms on one page keep their labels (axe's label check)."""

from __future__ import annotations

from django import forms

from thrive.core.forms import GovukFormMixin


class _Form(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name")


def test_a_prefixed_forms_ids_match_its_labels() -> None:
    plain, prefixed = _Form(), _Form(prefix="hire")
    assert 'id="id_name"' in str(plain["name"]) and plain["name"].id_for_label == "id_name"
    html = str(prefixed["name"])
    assert 'id="id_hire-name"' in html
    assert prefixed["name"].id_for_label == "id_hire-name"
