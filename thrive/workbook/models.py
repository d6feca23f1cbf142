"""The Family Safeguarding workbook: one combined record per family (never one per child), with a
chapter per contributor role that each worker writes directly, and a monthly shared summary.

Who may read or write a family's workbook is decided in one place,
``thrive.caseloads.selectors.families_visible_to``; every read and write is in the access log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.dated_lists import DatedListItem
from thrive.core.models import OrgOwned


class Chapter(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    DA_VICTIM = "da_victim", "Domestic abuse (victim) worker"
    DA_PERPETRATOR = "da_perpetrator", "Domestic abuse (perpetrator) worker"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse worker"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health worker"
    PROBATION = "probation", "Probation officer"
    OTHER = "other", "Other"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Added to the workbook"


class EntrySource(models.TextChoices):
    DIRECT = "direct", "Written in the workbook"
    QUICK = "quick", "Quick capture"
    GROUP_SUPERVISION = "group_supervision", "Group case supervision"


class PracticeTool(DatedListItem):
    """A practice tool the organisation lists for workers to say what they used (motivational
    interviewing, scaling questions, genogram …)."""

    noun = "practice tool"

    class Meta(DatedListItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="practice_tool_unique")
        ]


class WorkbookEntry(OrgOwned):
    """A dated entry in one chapter of a family's workbook: what happened and the tools used.

    A draft is seen only by its author until they add it to the workbook; after that it is part of
    the record and is not edited (a later entry corrects it)."""

    family = models.ForeignKey(
        "caseloads.Family", on_delete=models.CASCADE, related_name="workbook_entries"
    )
    chapter = models.CharField(max_length=24, choices=Chapter.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workbook_entries"
    )
    occurred_on = models.DateField("Date of the work")
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField("What happened", blank=True)
    tools = models.ManyToManyField(PracticeTool, blank=True, related_name="entries")
    status = models.CharField(max_length=8, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    source = models.CharField(max_length=20, choices=EntrySource.choices, default="direct")
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "workbook entries"
        indexes = [models.Index(fields=["family", "status", "-occurred_on"])]

    def __str__(self) -> str:
        return self.title or f"{self.get_chapter_display()} entry, {self.occurred_on:%-d %b %Y}"


class FamilyShares(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    NO_CHANGE = "no_change", "No change"
    WORSENING = "worsening", "Worsening"


class MonthlySummary(OrgOwned):
    """The monthly shared summary the workers agree for a family: one per family per month."""

    family = models.ForeignKey(
        "caseloads.Family", on_delete=models.CASCADE, related_name="monthly_summaries"
    )
    month = models.DateField(help_text="The first day of the month summarised.")
    strengths = models.TextField()
    concerns = models.TextField()
    family_shares = models.CharField(
        "Does the family share the concerns?", max_length=8, choices=FamilyShares.choices
    )
    tools = models.ManyToManyField(PracticeTool, blank=True, related_name="summaries")
    direction = models.CharField(max_length=12, choices=Direction.choices)
    next_steps = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workbook_summaries"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name_plural = "monthly summaries"
        constraints = [
            models.UniqueConstraint(fields=["family", "month"], name="monthly_summary_unique"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="monthly_summary_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Summary for {self.month:%B %Y}"


class SummaryRevision(OrgOwned):
    """A monthly summary as it stood before someone revised it: what was agreed is never lost."""

    summary = models.ForeignKey(MonthlySummary, on_delete=models.CASCADE, related_name="revisions")
    revised = models.PositiveIntegerField(help_text="The summary's version these words were.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(help_text="When these words were saved.")
    strengths = models.TextField()
    concerns = models.TextField()
    family_shares = models.CharField(max_length=8, choices=FamilyShares.choices)
    direction = models.CharField(max_length=12, choices=Direction.choices)
    next_steps = models.TextField()
    tools = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-revised"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "revised"], name="summary_revision_unique")
        ]
