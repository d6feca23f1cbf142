"""Writes for learning, by sub-area: the catalogue and its publication (champions told), sessions,
places and the waiting list (a freed place goes to the next person automatically), nominations,
attendance (which offers a CPD draft), feedback, needs, the exchange, and CPD records. Every
public name is imported here, so ``from thrive.learning.services import ...`` is the one way in."""

from __future__ import annotations

# Was a service before reads moved to selectors; still importable from here.
from thrive.learning.selectors.catalogue import sessions_from
from thrive.learning.services.booking import (
    attendance_record,
    book,
    bookings_history_add,
    cancel,
    feedback_history_add,
    feedback_save,
    nominate,
    places_taken,
    session_add,
    session_cancel,
)
from thrive.learning.services.catalogue import (
    champion_add,
    champion_remove,
    item_publish,
    item_save,
    item_withdraw,
)
from thrive.learning.services.cpd import (
    cpd_history_add,
    cpd_save,
    registration_rule_add,
)
from thrive.learning.services.exchange import (
    exchange_offer,
    partner_add,
    partner_offer_add,
    partner_offer_left,
    partner_place_add,
)
from thrive.learning.services.moves import session_move
from thrive.learning.services.needs import (
    need_add,
)

__all__ = [
    "attendance_record",
    "book",
    "bookings_history_add",
    "cancel",
    "champion_add",
    "champion_remove",
    "cpd_history_add",
    "cpd_save",
    "exchange_offer",
    "feedback_history_add",
    "feedback_save",
    "item_publish",
    "item_save",
    "item_withdraw",
    "need_add",
    "nominate",
    "partner_add",
    "partner_offer_add",
    "partner_offer_left",
    "partner_place_add",
    "places_taken",
    "registration_rule_add",
    "session_add",
    "session_cancel",
    "session_move",
    "sessions_from",
]
