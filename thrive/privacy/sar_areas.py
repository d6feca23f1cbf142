"""The subject access export's areas beyond the register, supervision and learning: recruitment
(also for a candidate who was never employed), the academy, engagement and agency.

Each area's records are read through its own models, one query per file (related records by
subquery), so the export's query count does not grow with the records it holds. Other people's
personal data in the same records is withheld: the other candidates on a panel, the mentee's
reflection and meeting notes when the person was the mentor, who booked a drop-in the person
hosted, and the referred candidate's application when the person referred them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from thrive.people.models import Organisation, StaffMember
from thrive.privacy.sar_tables import SarFile, columns, table


def _emails_q(field: str, emails: list[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


def own_applications(org: Organisation, emails: list[str], person: StaffMember | None) -> Any:
    """The applications a person made: by their email (any letter case), or the one they were
    hired from."""
    from thrive.recruitment.models import Application

    mine = _emails_q("candidate_email", emails)
    if person is not None:
        mine |= Q(hired=person)
    return Application.objects.filter(organisation=org).filter(mine)


def recruitment_files(
    *, org: Organisation, emails: list[str], person: StaffMember | None, user_id: int | None
) -> list[SarFile]:
    """A candidate's applications (by their email, or the one they were hired from), with what
    hangs off them: equality monitoring, safer recruitment checks and panel scores about them;
    registrations of interest and drafts by email; as a member of staff, referrals made and panels
    sat on."""
    from thrive.recruitment.models import (
        Application,
        ApplicationDraft,
        EqualityMonitoring,
        Interest,
        Panellist,
        ReferralPayment,
        SaferCheck,
        Score,
    )

    applications = own_applications(org, emails, person)
    ids = applications.values("pk")
    files = [
        table(
            "recruitment_applications.csv",
            "Your applications for jobs, what you gave on them and how far each went "
            "(who referred you is left out)",
            applications.order_by("applied_on", "id"),
            columns(Application, exclude=["referred_by"]),
        ),
        table(
            "recruitment_equality_monitoring.csv",
            "Your equality monitoring answers (kept apart from your applications)",
            EqualityMonitoring.objects.filter(organisation=org, application__in=ids).order_by("id"),
            columns(EqualityMonitoring),
        ),
        table(
            "recruitment_checks.csv",
            "Pre-employment (safer recruitment) checks made on you",
            SaferCheck.objects.filter(organisation=org, application__in=ids).order_by("id"),
            columns(SaferCheck),
        ),
        table(
            "recruitment_panel_scores.csv",
            "Interview panel scores and notes about your answers (not other candidates'; "
            "which panellist gave each is left out)",
            Score.objects.filter(organisation=org, application__in=ids).order_by("id"),
            columns(Score, exclude=["panellist"]),
        ),
        table(
            "recruitment_interest.csv",
            "Your registrations of interest in jobs",
            Interest.objects.filter(organisation=org).filter(_emails_q("email", emails)),
            columns(Interest),
        ),
        table(
            "recruitment_drafts.csv",
            "Applications you saved part-way",
            ApplicationDraft.objects.filter(organisation=org)
            .filter(_emails_q("email", emails))
            .order_by("id"),
            columns(ApplicationDraft),
        ),
    ]
    if person is None:
        return files
    return [
        *files,
        table(
            "recruitment_referrals_made.csv",
            "People you referred for a job: the job and the date only (their application is "
            "theirs)",
            Application.objects.filter(organisation=org, referred_by=person).order_by("id"),
            ["id", "vacancy_id", "applied_on"],
        ),
        table(
            "recruitment_referral_payments.csv",
            "Referral rewards paid to you",
            ReferralPayment.objects.filter(
                organisation=org, application__referred_by=person
            ).order_by("id"),
            columns(ReferralPayment),
        ),
        table(
            "recruitment_panels_sat_on.csv",
            "Selection panels you sat on (your training and payment; the candidates are theirs)",
            Panellist.objects.filter(organisation=org, user_id=user_id).order_by("id")
            if user_id
            else [],
            columns(Panellist),
        ),
    ]


def academy_files(*, org: Organisation, person: StaffMember) -> list[SarFile]:
    from thrive.academy.models import (
        Enrolment,
        Evidence,
        ProgressionEvidence,
        ProgressionPlan,
        Review,
    )
    from thrive.academy.models_growth import (
        CareerConversation,
        MentoringMeeting,
        MentoringPair,
        NetworkMember,
        PoolMember,
        SkillOffer,
        SkillRequest,
    )

    mine = {"organisation": org, "person": person}
    return [
        table(
            "academy_enrolments.csv",
            "Your places on academy programmes (ASYE and others)",
            Enrolment.objects.filter(**mine).order_by("id"),
            columns(Enrolment),
        ),
        table(
            "academy_reviews.csv",
            "Reviews in your programmes",
            Review.objects.filter(organisation=org, enrolment__person=person).order_by("id"),
            columns(Review),
        ),
        table(
            "academy_evidence.csv",
            "Evidence in your programmes",
            Evidence.objects.filter(organisation=org, enrolment__person=person).order_by("id"),
            columns(Evidence),
        ),
        table(
            "academy_progression_plans.csv",
            "Your progression plans and their panels' decisions",
            ProgressionPlan.objects.filter(**mine).order_by("id"),
            columns(ProgressionPlan),
        ),
        table(
            "academy_progression_evidence.csv",
            "Evidence for your progression",
            ProgressionEvidence.objects.filter(organisation=org, plan__person=person).order_by(
                "id"
            ),
            columns(ProgressionEvidence),
        ),
        table(
            "academy_career_conversations.csv",
            "Your career conversations",
            CareerConversation.objects.filter(**mine).order_by("id"),
            columns(CareerConversation),
        ),
        table(
            "academy_talent_pool.csv",
            "Your places in talent pools",
            PoolMember.objects.filter(**mine).order_by("id"),
            columns(PoolMember),
        ),
        table(
            "academy_skills_offered.csv",
            "Skills you offered to share",
            SkillOffer.objects.filter(**mine).order_by("id"),
            columns(SkillOffer),
        ),
        table(
            "academy_skills_requested.csv",
            "Skills you asked to learn",
            SkillRequest.objects.filter(**mine).order_by("id"),
            columns(SkillRequest),
        ),
        table(
            "academy_mentoring_as_mentee.csv",
            "Mentoring you received, with your closing reflection",
            MentoringPair.objects.filter(organisation=org, mentee=person).order_by("id"),
            columns(MentoringPair),
        ),
        table(
            "academy_mentoring_meetings_as_mentee.csv",
            "Meetings with your mentor and what you worked on",
            MentoringMeeting.objects.filter(organisation=org, pair__mentee=person).order_by("id"),
            columns(MentoringMeeting),
        ),
        table(
            "academy_mentoring_as_mentor.csv",
            "Mentoring you gave (the mentee's reflection and outcome are theirs)",
            MentoringPair.objects.filter(organisation=org, mentor=person).order_by("id"),
            columns(MentoringPair, exclude=["reflection", "outcome"]),
        ),
        table(
            "academy_mentoring_meetings_as_mentor.csv",
            "Meetings you held as a mentor: dates only (what the mentee worked on is theirs)",
            MentoringMeeting.objects.filter(organisation=org, pair__mentor=person).order_by("id"),
            ["id", "pair_id", "held_on"],
        ),
        table(
            "academy_champion_roles.csv",
            "Practice champion networks you belong or belonged to",
            NetworkMember.objects.filter(**mine).order_by("id"),
            columns(NetworkMember),
        ),
    ]


def engagement_files(*, org: Organisation, person: StaffMember) -> list[SarFile]:
    from thrive.engagement.models import (
        Answer,
        DropInSlot,
        ExitConversation,
        FlexibleRequest,
        Participation,
        Response,
        ShoutOut,
        StayConversation,
    )

    mine = {"organisation": org, "person": person}
    return [
        table(
            "engagement_flexible_working.csv",
            "Your flexible working requests and the decisions",
            FlexibleRequest.objects.filter(**mine).order_by("id"),
            columns(FlexibleRequest),
        ),
        table(
            "engagement_stay_conversations.csv",
            "Stay conversations with you",
            StayConversation.objects.filter(**mine).order_by("id"),
            columns(StayConversation),
        ),
        table(
            "engagement_exit_conversations.csv",
            "Exit conversations when you left",
            ExitConversation.objects.filter(organisation=org, spell__person=person).order_by("id"),
            columns(ExitConversation),
        ),
        table(
            "engagement_shout_outs_given.csv",
            "Shout-outs you gave",
            ShoutOut.objects.filter(organisation=org, given_by=person).order_by("id"),
            columns(ShoutOut),
        ),
        table(
            "engagement_shout_outs_received.csv",
            "Shout-outs about you",
            ShoutOut.objects.filter(organisation=org, colleague=person).order_by("id"),
            columns(ShoutOut),
        ),
        table(
            "engagement_drop_ins_booked.csv",
            "Drop-in slots you booked",
            DropInSlot.objects.filter(organisation=org, booked_by=person).order_by("id"),
            columns(DropInSlot),
        ),
        table(
            "engagement_drop_ins_hosted.csv",
            "Drop-in slots you hosted (who booked them is theirs)",
            DropInSlot.objects.filter(organisation=org, host=person).order_by("id"),
            columns(DropInSlot, exclude=["booked_by"]),
        ),
        table(
            "engagement_surveys_taken_part.csv",
            "Surveys you answered (that you took part, never what you answered)",
            Participation.objects.filter(**mine).order_by("id"),
            columns(Participation),
        ),
        table(
            "engagement_confidential_responses.csv",
            "Your responses to confidential (named) surveys",
            Response.objects.filter(**mine).order_by("survey_id", "id"),
            columns(Response),
        ),
        table(
            "engagement_confidential_answers.csv",
            "Your answers in confidential (named) surveys",
            Answer.objects.filter(response__organisation=org, response__person=person).order_by(
                "response_id", "question_id"
            ),
            columns(Answer),
        ),
    ]


def agency_files(*, org: Organisation, person: StaffMember) -> list[SarFile]:
    from thrive.agency.models import Placement, PlacementChange
    from thrive.agency.models_rota import (
        RotaAssignment,
        RotaHoursWorked,
        RotaUnavailable,
        RotaWorker,
        ShiftSwap,
        ToilEntry,
        WorkingPattern,
    )

    placements = Placement.objects.filter(organisation=org).filter(
        Q(worker=person) | Q(staff_id=person.staff_id)
    )
    worker = {"organisation": org, "worker__staff_member": person}
    return [
        table(
            "agency_placements.csv",
            "Your agency placements",
            placements.order_by("start_date", "id"),
            columns(Placement),
        ),
        table(
            "agency_placement_changes.csv",
            "Changes to your agency placements",
            PlacementChange.objects.filter(
                organisation=org, placement__in=placements.values("pk")
            ).order_by("id"),
            columns(PlacementChange),
        ),
        table(
            "rota_worker_records.csv",
            "Your record as a worker on a home's rota",
            RotaWorker.objects.filter(organisation=org, staff_member=person).order_by("id"),
            columns(RotaWorker),
        ),
        table(
            "rota_shifts.csv",
            "Shifts you were put on in rotas",
            RotaAssignment.objects.filter(**worker).order_by("id"),
            columns(RotaAssignment),
        ),
        table(
            "rota_hours_worked.csv",
            "Hours you worked, as recorded",
            RotaHoursWorked.objects.filter(**worker).order_by("week_starts", "id"),
            columns(RotaHoursWorked),
        ),
        table(
            "rota_unavailable.csv",
            "Days you could not work",
            RotaUnavailable.objects.filter(**worker).order_by("start_date", "id"),
            columns(RotaUnavailable),
        ),
        table(
            "rota_toil.csv",
            "Time off in lieu",
            ToilEntry.objects.filter(**worker).order_by("day", "id"),
            columns(ToilEntry),
        ),
        table(
            "rota_working_patterns.csv",
            "Your working patterns",
            WorkingPattern.objects.filter(**worker).order_by("id"),
            columns(WorkingPattern),
        ),
        table(
            "rota_swaps.csv",
            "Shift swaps you asked for or were asked to take",
            ShiftSwap.objects.filter(organisation=org)
            .filter(Q(asker__staff_member=person) | Q(colleague__staff_member=person))
            .order_by("id"),
            columns(ShiftSwap),
        ),
    ]
