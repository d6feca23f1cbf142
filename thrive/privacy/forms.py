from __future__ import annotations

from django import forms

from thrive.core.forms import GovukFormMixin


class SarExportForm(GovukFormMixin, forms.Form):
    staff_id = forms.CharField(
        label="Staff ID",
        max_length=64,
        help_text="The person's staff ID in the register, as on their record.",
        error_messages={"required": "Enter the staff ID of the person who asked."},
    )
