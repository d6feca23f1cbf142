"""Every write in recruitment: keyword-only, one transaction, full_clean, an audit entry."""

from thrive.recruitment.services.applications import (
    NEXT_STAGE,
    application_add,
    application_move,
    stage_refusal,
)
from thrive.recruitment.services.campaigns import campaign_add
from thrive.recruitment.services.candidates import (
    Equality,
    application_submit,
    application_withdraw_by_candidate,
    candidate_email_from,
    candidate_send_link,
)
from thrive.recruitment.services.channels import channel_add, channel_change, channels_add_defaults
from thrive.recruitment.services.checks import (
    CHECK_STANDARD,
    application_confirm_start,
    check_record,
    outstanding_checks,
    required_checks,
)
from thrive.recruitment.services.drafts import draft_from, draft_save, drafts_clear
from thrive.recruitment.services.hire import application_hire
from thrive.recruitment.services.interest import (
    interest_confirm,
    interest_from,
    interest_invite,
    interest_register,
    interest_withdraw,
)
from thrive.recruitment.services.moderation import candidate_moderate, chair_of, panel_chair_set
from thrive.recruitment.services.panels import (
    PANEL_STAGES,
    panel_add,
    panel_call_off,
    panel_decide,
    panel_move,
    panellist_add,
    question_add,
    scores_submit,
    sheet_sent,
)
from thrive.recruitment.services.referrals import referral_reward_pay, referral_reward_set
from thrive.recruitment.services.selection import (
    selection_template_set,
    selection_templates_add_defaults,
)
from thrive.recruitment.services.stage_emails import stage_email_set
from thrive.recruitment.services.vacancies import (
    vacancy_approve,
    vacancy_close,
    vacancy_fill,
    vacancy_kind_change,
    vacancy_raise,
    vacancy_submit,
)

__all__ = [
    "selection_template_set",
    "selection_templates_add_defaults",
    "stage_email_set",
    "referral_reward_pay",
    "referral_reward_set",
    "draft_from",
    "draft_save",
    "drafts_clear",
    "interest_confirm",
    "interest_from",
    "interest_invite",
    "interest_register",
    "interest_withdraw",
    "campaign_add",
    "application_hire",
    "PANEL_STAGES",
    "panel_add",
    "panel_call_off",
    "panel_decide",
    "candidate_moderate",
    "chair_of",
    "panel_chair_set",
    "panel_move",
    "panellist_add",
    "question_add",
    "scores_submit",
    "sheet_sent",
    "Equality",
    "application_submit",
    "application_withdraw_by_candidate",
    "candidate_email_from",
    "candidate_send_link",
    "NEXT_STAGE",
    "application_add",
    "application_confirm_start",
    "CHECK_STANDARD",
    "check_record",
    "outstanding_checks",
    "required_checks",
    "application_move",
    "channel_add",
    "channel_change",
    "channels_add_defaults",
    "stage_refusal",
    "vacancy_approve",
    "vacancy_close",
    "vacancy_fill",
    "vacancy_kind_change",
    "vacancy_raise",
    "vacancy_submit",
]
