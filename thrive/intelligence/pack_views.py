"""The Ofsted workforce evidence pack page: the sections, a sentence of commentary for each that
the council writes (or the one written from the figures), and the PDF and Excel downloads."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.pack import SECTION_KEYS, ofsted_pack, pack_pdf, pack_workbook

SECTION_TITLES = {
    "profile": "The workforce: statutory measures over five years",
    "benchmarks": "Turnover against the region, statistical neighbours and England",
    "retention": "Retention by where people came from",
    "leavers": "Where leavers went and why",
    "projection": "Five years ahead: projections and scenarios",
    "drivers": "What drives leaving here",
}
MAX_COMMENTARY = 1000


@org_view(Cap.EVIDENCE_PACK)
def ofsted_pack_page(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    today = clock.today()
    try:
        on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else today
    except ValueError:
        on = today
    commentary = {
        key: request.GET.get(f"c_{key}", "").strip()[:MAX_COMMENTARY] for key in SECTION_KEYS
    }
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        pack = ofsted_pack(org, on=on, commentary={k: v for k, v in commentary.items() if v})
        audit_log(
            action="intelligence.pack_downloaded",
            user=request.user,
            organisation=org,
            summary=f"Ofsted workforce evidence pack on {on.isoformat()} ({fmt})",
        )
        if fmt == "pdf":
            response = HttpResponse(pack_pdf(pack), content_type="application/pdf")
        else:
            response = HttpResponse(
                pack_workbook(pack),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        name = f"workforce-evidence-pack_{org.code}_{on.isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "intelligence/ofsted_pack.html",
        {
            "on": on,
            "sections": [(k, SECTION_TITLES[k], commentary[k]) for k in SECTION_KEYS],
            "max_commentary": MAX_COMMENTARY,
        },
    )
