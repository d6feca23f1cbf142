"""The council's portal page: the version in force on a day, and every version for the
recruiter."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from thrive.people.models import Organisation
from thrive.recruitment.models import CouncilPage


def council_page(organisation: Organisation, on: date) -> CouncilPage | None:
    """The version of *organisation*'s page shown on *on* (None before its first)."""
    return (
        CouncilPage.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def council_page_versions(organisation: Organisation) -> QuerySet[CouncilPage]:
    """Every version, latest first, with who wrote it."""
    return CouncilPage.objects.for_org(organisation).select_related("added_by")
