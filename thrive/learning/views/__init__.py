"""Learning pages, by sub-area: the catalogue and training champions, sessions and places, the
exchange, CPD, the needs analysis, programme evaluation, and council-wide reports. Every view is
imported here, so ``thrive.learning.views.<view>`` names each page as it did before the split."""

from __future__ import annotations

from thrive.learning.views.booking import (
    certificate,
    feedback,
    mine,
    session_cancel_check,
    session_cancel_start,
    session_manage,
    session_move_page,
    session_new,
)
from thrive.learning.views.catalogue import (
    catalogue,
    champion_page,
    champions,
    item_detail,
    item_edit,
    item_withdraw_check,
    item_withdraw_start,
)
from thrive.learning.views.cpd import (
    cpd,
    cpd_edit,
    cpd_evidence,
    cpd_rules,
)
from thrive.learning.views.exchange import (
    exchange,
    exchange_places,
)
from thrive.learning.views.needs import (
    needs,
)
from thrive.learning.views.programmes import (
    programme,
    programme_report_page,
    programmes,
    questionnaire,
)
from thrive.learning.views.reports import (
    cpd_team,
    feedback_report,
    gaps,
)

__all__ = [
    "catalogue",
    "certificate",
    "champion_page",
    "champions",
    "cpd",
    "cpd_edit",
    "cpd_evidence",
    "cpd_rules",
    "cpd_team",
    "exchange",
    "exchange_places",
    "feedback",
    "feedback_report",
    "gaps",
    "item_detail",
    "item_edit",
    "item_withdraw_check",
    "item_withdraw_start",
    "mine",
    "needs",
    "programme",
    "programme_report_page",
    "programmes",
    "questionnaire",
    "session_cancel_check",
    "session_cancel_start",
    "session_manage",
    "session_move_page",
    "session_new",
]
