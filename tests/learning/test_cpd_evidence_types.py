"""CPD evidence is what its hint says: a PDF, a Word document or a JPG or PNG image, by its name
and its contents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thrive.learning.forms import CpdForm

FIELDS = {
    "title": "Court skills",
    "cpd_type": "formal",
    "on_0": "4",
    "on_1": "3",
    "on_2": "2025",
    "hours": "3",
    "learning": "How to give evidence.",
    "impact": "Calmer in court.",
}


def _form(name: str, content: bytes) -> CpdForm:
    return CpdForm(FIELDS, {"evidence": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("certificate.pdf", b"%PDF-1.7 ..."),
        ("Reflective log.DOCX", b"PK\x03\x04rest-of-zip"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("scan.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_the_kinds_the_hint_names_are_accepted(name: str, content: bytes) -> None:
    form = _form(name, content)
    assert "evidence" not in form.errors, form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"Some notes"),  # the hint does not offer text files
        ("notes.pdf", b"Some notes"),  # a text file renamed
        ("photo.png", b"\xff\xd8\xff\xe0rest"),  # a JPG called PNG
        ("page.html", b"<html>"),
    ],
)
def test_other_files_are_refused_with_what_is_allowed(name: str, content: bytes) -> None:
    form = _form(name, content)
    assert form.errors["evidence"] == [
        "The selected file must be a PDF, a Word document, or a JPG or PNG image"
    ]


def test_the_hint_and_the_file_picker_say_the_same() -> None:
    field = CpdForm().fields["evidence"]
    assert "PDF, a Word document or a JPG or PNG image" in str(field.help_text)
    assert field.widget.attrs["accept"] == ".pdf,.doc,.docx,.jpg,.jpeg,.png"
