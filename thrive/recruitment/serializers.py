"""The shapes recruitment's endpoints read and write (``apis.py`` holds the endpoints)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from thrive.api.changes import VersionField
from thrive.recruitment.models import ChannelKind, DeclineReason, RewardDue, Stage
from thrive.recruitment.selectors.campaigns import CampaignRow


class VacancyBriefSerializer(serializers.Serializer[Any]):
    """What every answer about a vacancy starts with: its id, title and team. The academy's
    talent pool (its manager vacancies) and recruitment's answers below build on it, so a
    vacancy's fields are named and typed once."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.CharField(source="team.name")


class VacancyAdvertSerializer(VacancyBriefSerializer):
    """A vacancy as advertised: grade, pay, hours, closing date and the tests it asks."""

    grade = serializers.CharField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    fte = serializers.DecimalField(max_digits=7, decimal_places=6)
    social_work_post = serializers.BooleanField()
    closing_date = serializers.DateField()
    tests = serializers.ListField(child=serializers.CharField())


class VacancySerializer(VacancyAdvertSerializer):
    """A council's vacancy as its recruiters see it (the advert, then the post and its
    selection)."""

    post_id = serializers.CharField(source="post.post_id", allow_null=True, default=None)
    selection_steps = serializers.ListField(child=serializers.CharField())
    manager_post = serializers.BooleanField()
    role = serializers.CharField(help_text="The kind of post (a manager post is offered the pool)")
    probation_months = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()


class CampaignSerializer(serializers.Serializer[Any]):
    """Counts of one to four are ``null`` (as the page shows "fewer than 5"); the cost per
    starter is ``null`` under five starters."""

    id = serializers.IntegerField(source="campaign.pk")
    name = serializers.CharField(source="campaign.name")
    channel = serializers.CharField(source="campaign.channel.name")
    channel_kind = serializers.CharField(source="campaign.channel.kind")
    starts_on = serializers.DateField(source="campaign.starts_on")
    ends_on = serializers.DateField(source="campaign.ends_on")
    cost = serializers.DecimalField(source="campaign.cost", max_digits=10, decimal_places=2)
    applications = serializers.SerializerMethodField()
    shortlisted = serializers.SerializerMethodField()
    offered = serializers.SerializerMethodField()
    starters = serializers.SerializerMethodField()
    still_in_post_at_12_months = serializers.SerializerMethodField()
    cost_per_starter = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)

    @staticmethod
    def _hide(n: int) -> int | None:
        return None if 0 < n < 5 else n

    def get_applications(self, row: CampaignRow) -> int | None:
        return self._hide(row.applications)

    def get_shortlisted(self, row: CampaignRow) -> int | None:
        return self._hide(row.shortlisted)

    def get_offered(self, row: CampaignRow) -> int | None:
        return self._hide(row.offered)

    def get_starters(self, row: CampaignRow) -> int | None:
        return self._hide(row.starters)

    def get_still_in_post_at_12_months(self, row: CampaignRow) -> int | None:
        return self._hide(row.still_in_post)


class PanelQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    value = serializers.CharField()
    text = serializers.CharField()
    rubric = serializers.CharField()


class SeatSerializer(serializers.Serializer[Any]):
    panel = serializers.IntegerField(source="panel.pk")
    name = serializers.CharField(source="panel.name")
    vacancy = serializers.CharField(source="panel.vacancy.title")
    sits_on = serializers.DateField(source="panel.sits_on")
    kind = serializers.CharField()


class ScoreLineSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SheetSerializer(serializers.Serializer[Any]):
    application = serializers.IntegerField()
    scores = ScoreLineSerializer(many=True)


class ApplicationSerializer(serializers.Serializer[Any]):
    """Never the equality monitoring answers: those are read only as counts, on the equality
    page and report."""

    id = serializers.IntegerField()
    vacancy = serializers.IntegerField(source="vacancy_id")
    vacancy_title = serializers.CharField(source="vacancy.title")
    candidate_name = serializers.CharField()
    candidate_email = serializers.EmailField()
    channel = serializers.CharField(source="channel.name")
    referred_by = serializers.CharField(
        source="referred_by.full_name", allow_null=True, default=None
    )
    stage = serializers.CharField()
    applied_on = serializers.DateField()
    shortlisted_on = serializers.DateField(allow_null=True)
    interviewed_on = serializers.DateField(allow_null=True)
    offered_on = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    declined_reason = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class MoveSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    declined_reason = serializers.ChoiceField(
        choices=DeclineReason.choices, required=False, allow_blank=True, default=""
    )
    declined_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500
    )
    version = VersionField()


class TimeToHireRowSerializer(serializers.Serializer[Any]):
    """One month or quarter of the time-to-hire trend (null medians: no offer accepted)."""

    period = serializers.CharField()
    first_day = serializers.DateField(source="from")
    offers_accepted = serializers.IntegerField()
    median_days_advert_to_accepted = serializers.FloatField(allow_null=True)
    starters = serializers.IntegerField()
    median_days_advert_to_start = serializers.FloatField(allow_null=True)


class RecruiterSerializer(serializers.Serializer[Any]):
    median_days_to_hire = serializers.FloatField(allow_null=True)
    starters = serializers.IntegerField()
    conversion = serializers.DictField(child=serializers.IntegerField())
    offers_declined = serializers.IntegerField()
    declined_why = serializers.DictField(child=serializers.IntegerField())
    offers_waiting_on_checks = serializers.IntegerField()
    open_longest = serializers.ListField(child=serializers.DictField())
    time_to_hire_by = serializers.ChoiceField(choices=["month", "quarter"])
    time_to_hire = TimeToHireRowSerializer(many=True)


class JobSerializer(VacancyAdvertSerializer):
    """A vacancy on the public jobs portal: the advert, the council and the page's address."""

    council_code = serializers.CharField(source="organisation.code")
    council = serializers.CharField(source="organisation.name")
    region = serializers.CharField(source="organisation.region")
    url = serializers.SerializerMethodField()

    def get_url(self, vacancy: Any) -> str:
        from django.conf import settings
        from django.urls import reverse

        path = reverse("recruitment:job", args=[vacancy.organisation.code, vacancy.pk])
        return f"{settings.THRIVE_BASE_URL}{path}"


class ChannelSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    platform = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(required=False, default=True)
    applications = serializers.IntegerField(source="used", read_only=True, default=0)
    version = serializers.IntegerField(read_only=True)


class ChannelChangeSerializer(ChannelSerializer):
    """A channel's change: as a channel, with the ``version`` the caller read (required)."""

    version = VersionField()


class InviteSerializer(serializers.Serializer[Any]):
    vacancy = serializers.IntegerField()


class PaySerializer(serializers.Serializer[Any]):
    paid_on = serializers.DateField(required=False, allow_null=True, default=None)


class ChannelYieldSerializer(serializers.Serializer[Any]):
    """A count of 1 to 4 is ``null``."""

    channel = serializers.CharField()
    kind = serializers.CharField()
    applications = serializers.IntegerField(allow_null=True)
    shortlisted = serializers.IntegerField(allow_null=True)
    offered = serializers.IntegerField(allow_null=True)
    starters = serializers.IntegerField(allow_null=True)
    left_in_probation = serializers.IntegerField(allow_null=True)


class ReferralSerializer(serializers.Serializer[Any]):
    application = serializers.IntegerField()
    candidate = serializers.CharField()
    vacancy = serializers.CharField()
    applied_on = serializers.DateField()
    referred_by = serializers.CharField()
    reward = serializers.CharField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    why = serializers.CharField()


class RewardSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    effective_from = serializers.DateField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0"))
    due = serializers.ChoiceField(choices=RewardDue.choices)
    probation_months = serializers.IntegerField(min_value=0, max_value=24, default=6)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class InterestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    job_family = serializers.CharField()
    area = serializers.CharField()
    confirmed_at = serializers.DateTimeField()
    invited_to = serializers.IntegerField(source="invited_to_id", allow_null=True)
    invited_at = serializers.DateTimeField(allow_null=True)
