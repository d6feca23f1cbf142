"""Published national figures (DfE indicators, statistical neighbours), loaded from the real files.

These are public data, not any one council's, so they belong to no organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned


class PublishedFigure(models.Model):
    """One published value: a measure for an area (LA, region or England) in a census year."""

    time_period = models.PositiveSmallIntegerField()
    geographic_level = models.CharField(max_length=20)  # National, Regional, Local authority
    area_code = models.CharField(max_length=12)  # LA: 3-digit DfE code; region/England: ONS code
    area_name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=12, blank=True)
    measure = models.CharField(max_length=40)
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["time_period", "geographic_level", "area_code", "measure"],
                name="published_figure_unique",
            )
        ]
        indexes = [models.Index(fields=["area_code", "measure"])]

    def __str__(self) -> str:
        return f"{self.area_name} {self.time_period} {self.measure}={self.value}"


class StatisticalNeighbour(models.Model):
    """One of an LA's ten statistical neighbours, in rank order."""

    la_code = models.CharField(max_length=3)
    neighbour_code = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["la_code", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["la_code", "rank"], name="neighbour_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.la_code} #{self.rank}: {self.neighbour_code}"


class BenchmarkLoad(models.Model):
    """When a published file was loaded, for provenance on every benchmark page."""

    kind = models.CharField(max_length=20)  # indicators, neighbours
    filename = models.CharField(max_length=255)
    loaded_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    years = models.CharField(max_length=100, blank=True)
    source = models.CharField(
        max_length=20,
        default="file",
        help_text="package: the published data shipped with Thrive; file: a file loaded by path.",
    )
    package_version = models.CharField(max_length=20, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(
        default=list,
        blank=True,
        help_text="What the load changed: rows added, changed and removed per measure and year.",
    )

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.kind} from {self.filename}"


class PackSection(models.TextChoices):
    """The Ofsted evidence pack's sections, in the order the pack gives them."""

    PROFILE = "profile", "The workforce: statutory measures over five years"
    BENCHMARKS = (
        "benchmarks",
        "The statutory measures against the region, statistical neighbours and England",
    )
    CASELOADS = "caseloads", "Caseloads by team, against the council's cap"
    SUPERVISION = "supervision", "Supervision: how often, and its quality"
    LEARNING = "learning", "Learning and continuing professional development"
    ACADEMY = "academy", "The academy: newly qualified social workers and who stays"
    PROGRESSION = "progression", "Progression: plans, panels and decisions by level"
    RETENTION = "retention", "Retention: how long social workers stay, by where they came from"
    LEAVERS = "leavers", "Where leavers went and why"
    AGENCY = "agency", "Agency workers and the exit strategy"
    ENGAGEMENT = "engagement", "What staff told us, and what changed"
    PROJECTION = "projection", "Five years ahead: projections and scenarios"
    DRIVERS = "drivers", "What drives leaving here"


class PackCommentary(OrgOwned):
    """The council's own sentence for a section of the evidence pack, in force from a date: a
    pack on a day uses the latest written on or before it (blank: the sentence written from the
    figures). Each save is audited; an edit made since the page was opened is refused."""

    section = models.CharField(max_length=20, choices=PackSection.choices)
    effective_from = models.DateField()
    text = models.TextField(blank=True, max_length=1000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["section", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "section", "effective_from"],
                name="pack_commentary_one_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} from {self.effective_from}"
