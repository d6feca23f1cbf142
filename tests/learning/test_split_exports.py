"""Learning's and supervision's views, services and selectors are packages by sub-area; every name
the single modules offered is still importable from the package (other areas, the demo seeder,
the API and the CLI import them by name), and every name a package lists in ``__all__`` is there."""

from __future__ import annotations

import importlib

import pytest

BEFORE = {
    "thrive.learning.services": "attendance_record book cancel champion_add champion_remove "
    "cpd_save exchange_offer feedback_save item_publish item_save item_withdraw need_add nominate "
    "partner_offer_add partner_offer_left partner_place_add places_taken session_add "
    "session_cancel sessions_from",
    "thrive.learning.selectors": "Priority Recommendation SMALLEST_GROUP career_stage "
    "cpd_records_visible_to current_spell exchange_ledger feedback_summary in_post_spells "
    "mandatory_status needs_analysis published recommended_for team_gaps upcoming_sessions "
    "waiting_ahead",
    # The views of views.py, views_plan.py, views_programmes.py and views_reports.py.
    "thrive.learning.views": "catalogue certificate champion_page champions feedback "
    "feedback_report item_detail item_edit item_withdraw_check item_withdraw_start mine "
    "session_cancel_check session_cancel_start session_manage session_new cpd cpd_edit "
    "cpd_evidence cpd_rules exchange exchange_places needs programme programme_report_page "
    "programmes questionnaire cpd_team gaps",
    "thrive.supervision.services": "FamilyNote GroupFamily NewAction addendum_add "
    "calendar_feed_create calendar_feed_revoke feed_hash group_record_save "
    "practice_skills_add_defaults record_save reflections_save session_book session_cancel "
    "settings_save supervision_policy_add",
    "thrive.supervision.views": "book compliance family_notes_for feed feed_manage group_record "
    "home policy record session_detail session_ics sessions_list skills",
    "thrive.supervision.selectors": "ASYE_LEVEL ASYE_YEAR ComplianceRow PersonSchedule PolicyBook "
    "SUPERVISED_CONTRACTS WINDOWS compliance_report diary held_sessions may_read "
    "may_read_personal people_supervision schedules sessions_visible_to settings_for "
    "spells_overlapping supervised_spells supervisees_of supervision_since trend_days "
    "window_start",
}


@pytest.mark.parametrize("module", sorted(BEFORE))
def test_every_name_offered_before_the_split_is_still_there(module: str) -> None:
    package = importlib.import_module(module)
    missing = [name for name in BEFORE[module].split() if not hasattr(package, name)]
    assert not missing, f"{module} no longer offers {missing}"


@pytest.mark.parametrize("module", sorted(BEFORE))
def test_all_lists_only_names_the_package_has(module: str) -> None:
    package = importlib.import_module(module)
    assert all(hasattr(package, name) for name in package.__all__)
