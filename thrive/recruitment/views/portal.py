"""The public jobs portal (no sign-in): every open vacancy across councils, a council's page, a
job's page (with JobPosting structured data), the application form, and the candidate's own
page reached by a link sent to their email. A candidate is never a user: nothing here opens a
staff page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.recruitment import services
from thrive.recruitment.models import CouncilPage, Stage, Vacancy
from thrive.recruitment.portal_forms import ApplyForm, EqualityForm, PortalSearchForm, SignInForm
from thrive.recruitment.selectors import (
    PortalFilters,
    candidate_applications,
    council_by_code,
    open_vacancies,
    open_vacancy,
    portal_councils,
    public_channels,
)
from thrive.recruitment.selectors.council_page import council_page
from thrive.recruitment.services.drafts import KEPT as DRAFT_KEPT
from thrive.recruitment.services.portal_limits import portal_email_asked, portal_email_gate

SESSION_KEY = "recruitment_candidate"

# What a candidate reads for each stage of their application.
CANDIDATE_STAGE = {
    Stage.APPLIED: "Received",
    Stage.SHORTLISTED: "Shortlisted",
    Stage.INTERVIEWED: "Interviewed",
    Stage.OFFERED: "Offered the job",
    Stage.ACCEPTED: "You accepted the offer",
    Stage.DECLINED: "You declined the offer",
    Stage.WITHDRAWN: "Withdrawn",
    Stage.REJECTED: "Not taken further",
}


def jobs(request: HttpRequest) -> HttpResponse:
    """Every open vacancy, searchable by words, kind of job, region, council and pay."""
    councils = list(portal_councils())
    form = PortalSearchForm(request.GET or None, councils=[(c.code, c.name) for c in councils])
    filters = PortalFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = PortalFilters(
            text=d["q"] or "",
            region=d["region"],
            council=d["council"],
            pay=d["pay"],
            role=d["role"],
        )
    rows = list(open_vacancies(filters)[:200])
    return render(request, "recruitment/portal/jobs.html", {"form": form, "vacancies": rows})


def _council_or_404(org_code: str) -> Organisation:
    found = council_by_code(org_code)
    if found is None:
        raise Http404("No such council")
    return found


def council_jobs(request: HttpRequest, org_code: str) -> HttpResponse:
    """A council's page on the portal: its open vacancies."""
    council = _council_or_404(org_code)
    rows = list(open_vacancies(PortalFilters(council=council.code)))
    return render(
        request,
        "recruitment/portal/council.html",
        {"council": council, "vacancies": rows, "page": council_page(council, clock.today())},
    )


def job_posting(vacancy: Vacancy, url: str, page: CouncilPage | None = None) -> str:
    """schema.org JobPosting for search engines, as JSON safe to put in a script element; what
    it is like to work here comes from the council's portal page when it has one."""
    working_here = (
        f" Our practice model: {page.practice_model} Our caseload promise: "
        f"{page.caseload_promise} Flexible working: {page.flexible_working}"
        if page is not None
        else ""
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": f"{vacancy.title}, {vacancy.team.name}, {vacancy.organisation.name}. "
        + " ".join(f"We look for: {t}." for t in vacancy.tests)
        + working_here,
        "datePosted": (vacancy.approved_at or vacancy.created_at).date().isoformat(),
        "validThrough": vacancy.closing_date.isoformat(),
        "employmentType": "FULL_TIME" if vacancy.fte == 1 else "PART_TIME",
        "hiringOrganization": {"@type": "Organization", "name": vacancy.organisation.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.organisation.name,
                "addressRegion": vacancy.organisation.region,
                "addressCountry": "GB",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": vacancy.salary_min,
                "maxValue": vacancy.salary_max,
                "unitText": "YEAR",
            },
        },
        "url": url,
    }
    text = json.dumps(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _vacancy_or_404(org_code: str, pk: int) -> Vacancy:
    found = open_vacancy(org_code, pk)
    if found is None:
        raise Http404("No such job open to applications")
    return found


def job(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """One open job, with how to apply."""
    vacancy = _vacancy_or_404(org_code, pk)
    page = council_page(vacancy.organisation, clock.today())
    return render(
        request,
        "recruitment/portal/job.html",
        {
            "vacancy": vacancy,
            "page": page,
            "structured": job_posting(vacancy, request.build_absolute_uri(), page),
        },
    )


def job_apply(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """The application form: no account needed; equality monitoring asked apart."""
    vacancy = _vacancy_or_404(org_code, pk)
    channels = {str(c.pk): c for c in public_channels(vacancy.organisation)}
    choices = [(k, c.name) for k, c in channels.items()]
    if request.method == "POST" and "save_draft" in request.POST:
        return _save_draft(request, vacancy, choices)
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {}
    if data is None and request.GET.get("draft"):
        draft = services.draft_from(request.GET["draft"], vacancy)
        if draft is None:
            messages.error(
                request,
                "That draft link does not work: it may be over 30 days old, or the application "
                "has been sent. Start again below.",
            )
        else:
            initial = draft.data
    form = ApplyForm(data, channels=choices, initial=initial)
    equality = EqualityForm(data)
    if request.method == "POST" and form.is_valid() and equality.is_valid():
        d, e = form.cleaned_data, equality.cleaned_data
        refusal = portal_email_gate(request, d["candidate_email"])
        if refusal:
            form.add_error("candidate_email", refusal)
            context = {"vacancy": vacancy, "form": form, "equality": equality}
            return render(request, "recruitment/portal/apply.html", context, status=429)
        try:
            services.application_submit(
                vacancy=vacancy,
                candidate_name=d["candidate_name"],
                candidate_email=d["candidate_email"],
                channel=channels[d["channel"]],
                privacy_accepted=d["privacy_accepted"],
                supporting_statement=d["supporting_statement"],
                referrer_named=d["referrer_named"],
                overseas_check_needed=d["overseas_check_needed"],
                start_origin=int(d["start_origin"]),
                qualification_level=int(d["qualification_level"])
                if d["qualification_level"]
                else None,
                qualification_institution=d["qualification_institution"],
                swe_number=d["swe_number"],
                equality=services.Equality(
                    ethnicity=e["ethnicity"],
                    gender=int(e["gender"]) if e["gender"] else None,
                    date_of_birth=e["date_of_birth"],
                    disability=e["disability"],
                ),
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            portal_email_asked(email=d["candidate_email"], form="apply", request=request)
            return redirect("recruitment:candidate_sent")
    return render(
        request,
        "recruitment/portal/apply.html",
        {"vacancy": vacancy, "form": form, "equality": equality},
    )


def _save_draft(request: HttpRequest, vacancy: Vacancy, choices: list[tuple[str, str]]) -> Any:
    """Save and finish later: only a valid email is needed; only that is checked now."""
    form = ApplyForm(request.POST, channels=choices)
    equality = EqualityForm(None)
    form.is_valid()
    for name in [n for n in form.errors if n != "candidate_email"]:
        del form.errors[name]
    if "candidate_email" in form.errors:
        form.errors["candidate_email"] = form.error_class(
            ["Enter your email address, so we can send you the link to your draft"]
        )
    else:
        answers: dict[str, Any] = {k: request.POST.get(k, "") for k in DRAFT_KEPT}
        answers["overseas_check_needed"] = bool(request.POST.get("overseas_check_needed"))
        email = form.cleaned_data["candidate_email"]
        refusal = portal_email_gate(request, email)
        if refusal:
            form.add_error("candidate_email", refusal)
            context = {"vacancy": vacancy, "form": form, "equality": equality}
            return render(request, "recruitment/portal/apply.html", context, status=429)
        try:
            services.draft_save(vacancy=vacancy, email=email, answers=answers)
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            portal_email_asked(email=email, form="draft", request=request)
            return render(request, "recruitment/portal/draft_saved.html", {"vacancy": vacancy})
    return render(
        request,
        "recruitment/portal/apply.html",
        {"vacancy": vacancy, "form": form, "equality": equality},
    )


def candidate_sent(request: HttpRequest) -> HttpResponse:
    """After applying or asking to sign in: look for the email."""
    return render(request, "recruitment/portal/sent.html")


def candidate_sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link. The answer is the same whether or not the address has applied."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        refusal = portal_email_gate(request, email)
        if refusal:
            form.add_error("email", refusal)
            context = {"form": form}
            return render(request, "recruitment/portal/sign_in.html", context, status=429)
        services.candidate_send_link(email=email)
        portal_email_asked(email=email, form="sign-in", request=request)
        return redirect("recruitment:candidate_sent")
    return render(request, "recruitment/portal/sign_in.html", {"form": form})


def candidate_link(request: HttpRequest) -> HttpResponse:
    """The link from the email: signs the candidate in to their own applications."""
    email = services.candidate_email_from(request.GET.get("token", ""))
    if email is None:
        return render(request, "recruitment/portal/link_expired.html", status=400)
    request.session.cycle_key()
    request.session[SESSION_KEY] = email
    return redirect("recruitment:candidate_home")


def _candidate(request: HttpRequest) -> str | None:
    email = request.session.get(SESSION_KEY)
    return email if isinstance(email, str) else None


def candidate_home(request: HttpRequest) -> HttpResponse:
    """The candidate's applications and where each has got to."""
    email = _candidate(request)
    if email is None:
        return redirect("recruitment:candidate_sign_in")
    rows = [
        {
            "application": a,
            "stage": CANDIDATE_STAGE[Stage(a.stage)],
            "can_withdraw": Stage.WITHDRAWN in services.NEXT_STAGE[a.stage],
        }
        for a in candidate_applications(email)
    ]
    return render(request, "recruitment/portal/candidate.html", {"email": email, "rows": rows})


@require_POST
def candidate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate withdraws one of their applications."""
    email = _candidate(request)
    if email is None:
        return redirect("recruitment:candidate_sign_in")
    found = candidate_applications(email).filter(pk=pk).first()
    if found is None:
        raise Http404("No such application")
    try:
        services.application_withdraw_by_candidate(application=found, email=email)
    except ThriveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Your application for {found.vacancy.title} is withdrawn.")
    return redirect("recruitment:candidate_home")


@require_POST
def candidate_sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("recruitment:jobs")
