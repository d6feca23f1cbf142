"""What a council keeps for all its recruitment, as dated data edited in the app: its page on
the jobs portal, its referral reward (and the rewards paid), and the wording of the emails
candidates get as their application moves."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, one_of


class CouncilPage(OrgOwned):
    """What the council says about working for it on its jobs portal page: its practice model,
    teams, pay, development, flexible working, the caseload it promises. Dated: each version runs
    from its first day until the next one starts, so yesterday's page is kept as it was."""

    effective_from = models.DateField("Shown from")
    practice_model = models.TextField("Practice model")
    teams = models.TextField("Teams")
    pay = models.TextField("Pay and benefits")
    development = models.TextField("Development offer")
    flexible_working = models.TextField("Flexible working")
    caseload_promise = models.TextField("Caseload promise")
    support = models.TextField("Support for staff", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="council_page_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Portal page from {self.effective_from}"


class RewardDue(models.TextChoices):
    START = "start", "When the new starter starts"
    PROBATION = "probation", "When the new starter passes probation"


class ReferralReward(OrgOwned):
    """The reward the council pays a member of staff who refers a friend who is then hired: its
    amount and when it becomes due, for referrals made from a date (a referral is paid under the
    reward in force on the day the friend applied)."""

    effective_from = models.DateField("For referrals from")
    amount = models.DecimalField("Amount (£)", max_digits=8, decimal_places=2)
    due = models.CharField("Due", max_length=10, choices=RewardDue.choices)
    probation_months = models.PositiveSmallIntegerField("Probation (months)", default=6)
    conditions = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="referral_reward_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="referral_reward_amount_positive"
            ),
            one_of("due", RewardDue, "referral_reward_due_valid"),
            models.CheckConstraint(
                condition=models.Q(probation_months__lte=24),
                name="referral_reward_probation_at_most_24",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} from {self.effective_from}"


class ReferralPayment(OrgOwned):
    """A referral reward paid to the member of staff who referred a hired friend."""

    application = models.OneToOneField(
        "recruitment.Application", on_delete=models.PROTECT, related_name="referral_payment"
    )
    amount = models.DecimalField("Amount (£)", max_digits=8, decimal_places=2)
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="referral_payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} paid {self.paid_on}"


class EmailedStage(models.TextChoices):
    """The stages a candidate is told of by email; the others are the council's own business
    (an interview held) or the candidate's own act (accepting, declining, withdrawing)."""

    SHORTLISTED = "shortlisted", "Shortlisted"
    OFFERED = "offered", "Offered the job"
    REJECTED = "rejected", "Not taken further"


# The outbox's message kind of each stage's email (thrive.core.outbox.MESSAGE_KINDS): the
# council's GOV.UK Notify template for it, and what a person who is also staff chose for it.
STAGE_EMAIL_KINDS: dict[str, str] = {
    EmailedStage.SHORTLISTED: "recruitment.shortlisted",
    EmailedStage.OFFERED: "recruitment.offered",
    EmailedStage.REJECTED: "recruitment.rejected",
}


class StageEmail(OrgOwned):
    """The council's wording of the email a candidate gets when their application reaches a
    stage, from a date, and whether it is sent at all (a council that telephones instead
    switches one off). ``{name}``, ``{job}``, ``{council}`` and ``{link}`` are filled in."""

    stage = models.CharField(max_length=12, choices=EmailedStage.choices)
    effective_from = models.DateField("Used from")
    sent = models.BooleanField("Send this email", default=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["stage", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "stage", "effective_from"],
                name="stage_email_once_a_day",
            ),
            one_of("stage", EmailedStage, "stage_email_stage_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} email from {self.effective_from}"


class PostKind(models.TextChoices):
    """The kinds of post a selection template is for."""

    PRACTICE = "practice", "Practitioner and other posts"
    MANAGER = "manager", "Manager posts"


class SelectionTemplate(OrgOwned):
    """The steps of selection, in order, a vacancy for a kind of post is raised with, from a date
    to a date (the last day it is used; blank while no later version follows). A vacancy takes
    the template in effect on the day it is raised; the recruiter may still write its own."""

    post_kind = models.CharField("Kind of post", max_length=12, choices=PostKind.choices)
    effective_from = models.DateField("Used from")
    effective_to = models.DateField("Used until", null=True, blank=True)
    steps = models.JSONField(default=list)
    # Blank for the templates the migration seeded from Thrive's defaults.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["post_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "post_kind", "effective_from"],
                name="selection_template_once_a_day",
            ),
            one_of("post_kind", PostKind, "selection_template_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="selection_template_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"Selection for {self.get_post_kind_display().lower()} from {self.effective_from}"
