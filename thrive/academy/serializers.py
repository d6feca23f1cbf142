"""The academy API's serializers: what its reads answer, and what its writes accept —
mentoring (an offer, a request, the mentee's choice, a meeting, the closing reflection) and a
career conversation. The services check the rest."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from thrive.academy.models import DeclineReason, MentoringOutcome, Readiness
from thrive.academy.selectors import Progress
from thrive.api.changes import VersionField
from thrive.people.models import TeamType
from thrive.recruitment.serializers import VacancyBriefSerializer


class OfferInSerializer(serializers.Serializer[Any]):
    skill = serializers.IntegerField(help_text="A practice skill's id")
    capacity = serializers.IntegerField(min_value=1, max_value=5, default=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RequestInSerializer(serializers.Serializer[Any]):
    skill = serializers.IntegerField(help_text="A practice skill's id")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ChooseInSerializer(serializers.Serializer[Any]):
    offer = serializers.IntegerField(help_text="The suggested offer's id (its mentor)")


class MeetingInSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CloseInSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    reflection = serializers.CharField(max_length=4000)
    outcome = serializers.ChoiceField(choices=MentoringOutcome.choices)
    version = VersionField(help_text="The pair's version you read")


class ConversationInSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="The staff member's id")
    held_on = serializers.DateField()
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    interest = serializers.ListField(
        child=serializers.ChoiceField(choices=TeamType.choices), required=False, default=list
    )
    other_path = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    programme = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConversationOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.CharField(source="person.full_name")
    held_on = serializers.DateField()
    readiness = serializers.CharField()
    interest = serializers.ListField(child=serializers.CharField())
    other_path = serializers.CharField()


class CreatedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    month = serializers.IntegerField()
    due_on = serializers.DateField()
    reflection_needed = serializers.BooleanField()
    held_on = serializers.DateField(allow_null=True)
    signed_off_on = serializers.DateField(allow_null=True)


class EvidenceLineSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    have = serializers.IntegerField()
    need = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer[Any]):
    enrolment = serializers.IntegerField(source="enrolment.pk")
    person = serializers.CharField(source="enrolment.person.full_name")
    cohort = serializers.CharField(source="enrolment.cohort.name")
    programme = serializers.CharField(source="enrolment.programme.name")
    started_on = serializers.DateField(source="enrolment.started_on")
    outcome = serializers.CharField(source="enrolment.outcome")
    extended_to = serializers.DateField(source="enrolment.extended_to", allow_null=True)
    transitioned_on = serializers.DateField(source="enrolment.transitioned_on", allow_null=True)
    evidence = EvidenceLineSerializer(many=True)
    evidence_have = serializers.IntegerField()
    evidence_need = serializers.IntegerField()
    reviews = ReviewSerializer(many=True)
    reviews_signed = serializers.IntegerField()
    reviews_overdue = serializers.SerializerMethodField()
    development_hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    development_due = serializers.DecimalField(max_digits=7, decimal_places=1)

    def get_reviews_overdue(self, obj: Progress) -> int:
        return len(obj.overdue)


class CohortSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    enrolled = serializers.IntegerField()
    in_progress = serializers.IntegerField()


class PlanEvidenceSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField(source="kind_label")  # type: ignore[assignment]
    title = serializers.CharField()
    on = serializers.DateField()


class PlanSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.CharField(source="person.full_name")
    level = serializers.CharField(source="level.name")
    goals = serializers.CharField()
    manager_view = serializers.CharField()
    status = serializers.CharField()
    applied_on = serializers.DateField(allow_null=True)
    panel_on = serializers.DateField(allow_null=True)
    scores = serializers.JSONField()
    feedback = serializers.CharField()
    role_from = serializers.DateField(allow_null=True)
    declined_on = serializers.DateField(allow_null=True)
    declined_reason = serializers.CharField()
    declined_note = serializers.CharField()
    version = serializers.IntegerField()
    evidence = PlanEvidenceSerializer(many=True)


class DeclineInSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    on = serializers.DateField(required=False, help_text="The day it was declined (default today)")
    version = VersionField(help_text="The plan's version you read")


class ReopenInSerializer(serializers.Serializer[Any]):
    version = VersionField(help_text="The plan's version you read")


class RankedSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class SuggestionSerializer(RankedSerializer):
    offer = serializers.IntegerField(source="person_id")


class PairSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField(source="skill.name")
    mentor = serializers.CharField(source="mentor.full_name")
    mentee = serializers.CharField(source="mentee.full_name")
    reasons = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    meetings = serializers.SerializerMethodField()
    outcome = serializers.CharField()
    version = serializers.IntegerField()

    def get_meetings(self, obj: Any) -> list[str]:
        return [m.held_on.isoformat() for m in obj.meetings.all()]


class OfferOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField()
    capacity = serializers.IntegerField()
    offered_on = serializers.DateField()


class RequestOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField()
    status = serializers.CharField()
    asked_on = serializers.DateField()
    suggestions = SuggestionSerializer(many=True)


class SuggestedOfferSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField()
    seen_in_supervision = serializers.IntegerField()


class MyMentoringSerializer(serializers.Serializer[Any]):
    offers = OfferOutSerializer(many=True)
    requests = RequestOutSerializer(many=True)
    as_mentee = PairSerializer(many=True)
    as_mentor = PairSerializer(many=True)
    suggested_offers = SuggestedOfferSerializer(many=True)


class ChampionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class NetworkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    skill = serializers.CharField(allow_null=True)
    champions = ChampionSerializer(many=True)


class ManagerVacancySerializer(VacancyBriefSerializer):
    """A manager vacancy in the talent pool's reach (recruitment's vacancy, briefly)."""

    status = serializers.CharField()


class AcademyReportSerializer(serializers.Serializer[Any]):
    """``thrive academy report``'s JSON: cohorts, ASYE outcomes, retention by cohort (each group's
    ``retention`` at ``1y``, ``2y``, ``3y`` with ``low`` and ``high``; ``null`` under five or not
    yet reached) and the grown-our-own share (teams under five, or revealing one by subtraction,
    ``null``)."""

    organisation = serializers.CharField()
    on = serializers.DateField()
    cohorts = serializers.ListField(child=serializers.DictField())
    asye_outcomes = serializers.DictField(child=serializers.IntegerField())
    retention = serializers.ListField(child=serializers.DictField())
    grown_our_own = serializers.DictField()
    grown_our_own_over_time = serializers.ListField(child=serializers.DictField())
