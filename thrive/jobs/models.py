"""A background job: the queue's row, and what the progress page shows.

The table is the queue (see docs/operators/jobs.md): a worker claims the oldest queued job, or a
running one whose worker stopped beating (killed mid-run), by a compare-and-set update, so two
workers never run one job at once, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    # A job enqueued twice with one key is one job (a schedule's "daily-reminders:2026-12-07").
    unique_key = models.CharField(max_length=128, null=True, blank=True, unique=True)
    params = models.JSONField(default=dict, blank=True)
    # An uploaded file the job reads, kept in the database so any server's worker can read it.
    payload = models.BinaryField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    stage = models.CharField(max_length=255, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # The file a job made (an export, a pack), downloaded from the job's page.
    output = models.BinaryField(null=True, blank=True)
    output_name = models.CharField(max_length=255, blank=True)
    output_type = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.SUCCEEDED else None
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class HeldFile(models.Model):
    """An uploaded file kept between two requests (an import checked, waiting to be confirmed),
    in the database, so whichever application server answers the second request can read it."""

    token = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.filename} (held)"
