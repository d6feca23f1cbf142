"""Agency assignments' hours on earlier census dates: agency FTE and agency cover of vacancies
made the year's published figures to the hundredth of an FTE.

Whole assignments place a year's agency FTE and its cover to within about an FTE, which on a
few dozen agency FTE is more than the one-point tolerance of the cover rates. Agency workers
are often engaged part-time (a few days a week covering a caseload, or an assessment block);
an assignment that runs over one census date only (none of the years before or after) can take
any FTE without touching another year's figures, so those hours are set: the covering
assignments' until the cover is published cover, then the others' until the agency FTE is
published agency FTE (the cover is unchanged by them). DfE's cover is the agency workers' FTE
(``formats.md``), not the posts', so a post covered part-time stays wholly vacant."""

from __future__ import annotations

from typing import Any

import numpy as np

from analytics.synth.constants import _AGENCY, Arr
from analytics.synth.helpers import _Calendar

_LEAST = 20  # an assignment of at least a fifth of full time (a day a week)


def _settle(rows: Arr, fte: Arr, need: int) -> int:
    """Change the FTEs of *rows* (in place, each within 0.2-1.0) by *need* hundredths in
    total, spread over them as evenly as their bounds allow; the part that does not fit is
    returned."""
    for _ in range(2):  # a second pass takes up what a row at its bound left
        for k, row in enumerate(rows):
            if need == 0:
                return 0
            step = int(round(need / (len(rows) - k)))
            now = int(fte[row])
            new = min(max(now + step, _LEAST), 100)
            fte[row] = new
            need -= new - now
    return need


def _agency_hours(
    sw: dict[str, Arr], posts: list[tuple[int, int, int, int, int, int]], plan: Any, cal: _Calendar
) -> None:
    """Set the hours of single-census-date agency assignments (in place) so each earlier
    year's agency FTE and agency cover are its published ones, where those assignments allow."""
    start, end, fte = sw["start"], sw["end"], sw["fte"]
    agency = sw["contract"] == _AGENCY
    arr = np.array(posts, dtype=np.int64).reshape(-1, 6)
    for year in cal.history:
        published = plan.history.get(year, {})
        if published.get("agency_fte") is None:
            continue
        day = cal.bounds(year)[1]
        before, after = cal.bounds(year - 1)[1], cal.bounds(year + 1)[1]
        on = agency & (start <= day) & (end > day)
        alone = on & (start > before) & (end <= after)
        funded = (arr[:, 0] <= day) & (arr[:, 1] >= day) & (arr[:, 2] >= 0)
        holders = np.zeros(len(fte), bool)
        holders[arr[funded, 2][arr[funded, 2] < len(fte)]] = True
        covering = on & holders
        if published.get("agency_cover_fte") is not None:
            want = int(round(published["agency_cover_fte"] * 100))
            _settle(np.flatnonzero(covering & alone), fte, want - int(fte[covering].sum()))
        want = int(round(published["agency_fte"] * 100))
        _settle(np.flatnonzero(on & ~covering & alone), fte, want - int(fte[on].sum()))
