"""Recruitment endpoints, by concept: hiring (vacancies, campaigns, applications, the
recruiter's view) in ``hiring``, selection panels in ``panels``, and where candidates come from
(the jobs portal, channels, referrals, registrations of interest) in ``sourcing``. Each module
holds its endpoints beside the serializers they alone use (those shared are in
``thrive/recruitment/serializers.py``); this module gives the routes, as every app's ``apis``."""

from __future__ import annotations

from django.urls import path

from thrive.api.routing import org_paths
from thrive.recruitment.apis.hiring import (
    ApplicationMove,
    Applications,
    Campaigns,
    Recruiter,
    Vacancies,
    VacancyKind,
)
from thrive.recruitment.apis.moderation import PanelModeration
from thrive.recruitment.apis.panels import MyPanels, PanelCallOff, PanelMove, PanelScores
from thrive.recruitment.apis.safer import SaferChecks, SaferRecord
from thrive.recruitment.apis.sourcing import (
    ChannelChange,
    Channels,
    ChannelYield,
    InterestInvite,
    InterestList,
    Jobs,
    ReferralPay,
    ReferralRewards,
    Referrals,
)

urlpatterns = [
    *org_paths(
        "recruitment/",
        ("vacancies/", Vacancies, "recruitment_vacancies"),
        ("vacancies/<int:pk>/kind/", VacancyKind, "recruitment_vacancy_kind"),
        ("campaigns/", Campaigns, "recruitment_campaigns"),
        ("panels/mine/", MyPanels, "recruitment_my_panels"),
        ("panels/<int:pk>/scores/", PanelScores, "recruitment_scores"),
        ("panels/<int:pk>/moderation/", PanelModeration, "recruitment_moderation"),
        ("panels/<int:pk>/move/", PanelMove, "recruitment_panel_move"),
        ("panels/<int:pk>/call-off/", PanelCallOff, "recruitment_panel_call_off"),
        ("applications/", Applications, "recruitment_applications"),
        ("applications/<int:pk>/move/", ApplicationMove, "recruitment_application_move"),
        ("applications/<int:pk>/safer-checks/", SaferChecks, "recruitment_safer_checks"),
        (
            "applications/<int:pk>/safer-checks/<str:what>/",
            SaferRecord,
            "recruitment_safer_record",
        ),
        ("recruiter/", Recruiter, "recruitment_recruiter"),
        ("channels/", Channels, "recruitment_channels"),
        ("channels/<int:pk>/", ChannelChange, "recruitment_channel_change"),
        ("channels/yield/", ChannelYield, "recruitment_channel_yield"),
        ("referrals/", Referrals, "recruitment_referrals"),
        ("referrals/<int:pk>/pay/", ReferralPay, "recruitment_referral_pay"),
        ("referral-rewards/", ReferralRewards, "recruitment_referral_rewards"),
        ("interest/", InterestList, "recruitment_interest"),
        ("interest/<int:pk>/invite/", InterestInvite, "recruitment_interest_invite"),
    ),
    path("jobs/", Jobs.as_view(), name="jobs"),
]
