"""The Ofsted workforce evidence pack page: the council's commentary for each section, saved and
in force from the pack's date (or the sentence written from the figures where it wrote none),
and the PDF and Excel downloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.pack import SECTION_KEYS, TITLES
from thrive.intelligence.selectors import pack_commentary
from thrive.intelligence.services import COMMENTARY_LIMIT, pack_commentary_save
from thrive.jobs.selectors import jobs_for
from thrive.jobs.services import job_prepare

MAX_COMMENTARY = COMMENTARY_LIMIT


def pack_date_problem(on: date, today: date) -> str:
    """Why *on* cannot be a pack's date ("" when it can): the pack looks five census years back
    from it, so from 2000 to the end of next year."""
    if 2000 <= on.year <= today.year + 1:
        return ""
    return (
        f"The pack's date must be from 2000 to {today.year + 1}, such as {today.isoformat()}; "
        f"{on.isoformat()} is not."
    )


def _on(value: str | None, today: date) -> tuple[date, str]:
    if not value:
        return today, ""
    try:
        on = date.fromisoformat(value)
    except ValueError:
        return today, f"{value} is not a date: write it as YYYY-MM-DD, such as 2026-03-31."
    problem = pack_date_problem(on, today)
    return (today, problem) if problem else (on, "")


def pack_job_prepare(
    organisation: Any, *, on: date, fmt: str, once: dict[str, str], user: Any
) -> Any:
    """Queue the pack's background job (the same one while it waits, however often asked) with
    this pack's own commentary *once*, and record who asked: the page's buttons and the API."""
    params: dict[str, Any] = {"on": on.isoformat(), "format": fmt}
    if once:
        params["commentary"] = once
    job = job_prepare(
        kind="ofsted_pack",
        title=f"Ofsted evidence pack, {on.isoformat()}, {fmt}"
        + (", with this pack's commentary" if once else ""),
        organisation=organisation,
        params=params,
        user=user,
    )
    audit_log(
        action="intelligence.pack_prepared",
        user=user,
        organisation=organisation,
        obj=job,
        summary=f"Ofsted workforce evidence pack on {on.isoformat()} ({fmt}) prepared "
        "in the background",
    )
    return job


@org_view(Cap.EVIDENCE_PACK)
def ofsted_pack_page(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    today = clock.today()
    source = request.POST if request.method == "POST" else request.GET
    on, date_error = _on(source.get("on"), today)
    saved = pack_commentary(org, on)
    # Queueing the pack is a POST (a button); a GET only shows the page and the packs already
    # prepared, so a link, a prefetch or a crawler never starts a job. ``?format=`` on a GET is
    # ignored.
    fmt = request.POST.get("format") if request.method == "POST" else None
    if fmt in ("pdf", "xlsx") and not date_error:
        # The pack is made by a background job, never in this request: the job's page shows
        # its progress and the download. Words typed for this pack only go with the job.
        once = {
            k: source.get(f"c_{k}", "").strip()[:MAX_COMMENTARY]
            for k in SECTION_KEYS
            if source.get(f"c_{k}", "").strip()
        }
        job = pack_job_prepare(org, on=on, fmt=fmt, once=once, user=request.user)
        return redirect("jobs:job", org_code=org.code, job_id=job.pk)
    texts = {k: (saved[k].text if k in saved else "") for k in SECTION_KEYS}
    versions = {
        k: (saved[k].version if k in saved and saved[k].effective_from == on else 0)
        for k in SECTION_KEYS
    }
    errors: list[tuple[str, str]] = []
    if date_error:
        errors.append(("on", date_error))
    if request.method == "POST" and not date_error:
        typed = {k: request.POST.get(f"c_{k}", "").strip() for k in SECTION_KEYS}
        changed = 0
        for key in SECTION_KEYS:
            if typed[key] == texts[key]:
                continue
            try:
                version = int(request.POST.get(f"v_{key}", "0") or 0)
            except ValueError:
                version = 0
            try:
                pack_commentary_save(
                    organisation=org,
                    section=key,
                    text=typed[key],
                    effective_from=on,
                    user=request.user,
                    version=version,
                )
                changed += 1
            except ThriveError as exc:
                errors.append((f"c_{key}", exc.message))
        if not errors:
            messages.success(
                request,
                f"Commentary saved for {changed} section{'s' if changed != 1 else ''}, "
                f"in force from {on:%-d %B %Y}.",
            )
            url = reverse("intelligence:ofsted_pack", args=[org.code])
            return redirect(f"{url}?on={on.isoformat()}")
        texts = typed  # keep what the person typed
    error_for = dict(errors)
    return render(
        request,
        "intelligence/ofsted_pack.html",
        {
            "on": on,
            "on_text": source.get("on") or on.isoformat(),
            "errors": errors,
            "date_error": error_for.get("on"),
            "sections": [
                {
                    "key": k,
                    "title": TITLES[k],
                    "text": texts[k],
                    "version": versions[k],
                    "error": error_for.get(f"c_{k}"),
                    "saved": saved.get(k),
                }
                for k in SECTION_KEYS
            ],
            "max_commentary": MAX_COMMENTARY,
            "packs": list(jobs_for(org, kinds=["ofsted_pack"]).order_by("-pk")[:5]),
        },
        status=400 if errors else 200,
    )
