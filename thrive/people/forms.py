"""Register forms."""

from __future__ import annotations

from django import forms

from thrive.core.forms import GovukFormMixin

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportUploadForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        widget=forms.RadioSelect,
        choices=[
            ("staff", "Staff: one row per person per employment spell"),
            ("posts", "Posts: the funded establishment"),
            ("absences", "Absences"),
            ("allocations", "Allocations of children to workers"),
        ],
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV or Excel (.xlsx, first sheet), with a header row.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 50 MB.")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The file must be a CSV or an Excel .xlsx file.")
        return upload
