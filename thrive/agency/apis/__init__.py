"""Agency endpoints, by concept: placements (the council's placements, their check, exit
strategies, the council against its region) in ``placements``; the rule sets and price caps in
``rules``; a home's rota, my shifts, swaps and publishing in ``rotas``; a home's workers, their
hours and patterns, hours worked before Thrive's rotas and the working-time rules in
``rota_workers`` (what the rota endpoints share — the home asked for, who manages it — is in
``scope``). This module gives the routes, as every app's ``apis``."""

from __future__ import annotations

from thrive.agency.apis.placements import (
    AgencyAgainstRegion,
    AgencyCheck,
    AgencyExitStrategies,
    AgencyPlacements,
)
from thrive.agency.apis.rota_workers import (
    HomeHoursWorked,
    HomeRotaWorkerHours,
    HomeRotaWorkerPattern,
    HomeRotaWorkers,
    WorkingTimeRulesList,
)
from thrive.agency.apis.rotas import HomeRota, HomeRotaPublish, HomeSwaps, MyShifts
from thrive.agency.apis.rules import AgencyPriceCaps, AgencyRuleSets
from thrive.api.routing import org_paths

urlpatterns = [
    *org_paths(
        "agency/",
        ("placements/", AgencyPlacements, "agency_placements"),
        ("check/", AgencyCheck, "agency_check"),
        ("exit-strategies/", AgencyExitStrategies, "agency_exit_strategies"),
        ("rules/", AgencyRuleSets, "agency_rules"),
        ("caps/", AgencyPriceCaps, "agency_caps"),
        ("rota/", HomeRota, "agency_home_rota"),
        ("my-shifts/", MyShifts, "agency_my_shifts"),
        ("rota/workers/", HomeRotaWorkers, "agency_rota_workers"),
        ("rota/swaps/", HomeSwaps, "agency_rota_swaps"),
        ("rota/workers/hours/", HomeRotaWorkerHours, "agency_rota_worker_hours"),
        ("rota/workers/pattern/", HomeRotaWorkerPattern, "agency_rota_worker_pattern"),
        ("rota/publish/", HomeRotaPublish, "agency_rota_publish"),
        ("rota/hours-worked/", HomeHoursWorked, "agency_rota_hours"),
        ("rota/working-time/", WorkingTimeRulesList, "agency_rota_working_time"),
        ("against-region/", AgencyAgainstRegion, "agency_against_region"),
    ),
]
