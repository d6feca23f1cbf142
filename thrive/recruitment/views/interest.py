"""Register interest: the public side on a council's portal page (no sign-in; confirmed and
withdrawn by the emailed links) and the recruiters' list, from which they invite people to
apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.portal_forms import InterestForm
from thrive.recruitment.selectors import council_by_code
from thrive.recruitment.selectors.interest import current_interest, open_vacancies_of
from thrive.recruitment.services.interest import CONFIRM_DAYS
from thrive.recruitment.services.portal_limits import portal_email_asked, portal_email_gate


def interest_register(request: HttpRequest, org_code: str) -> HttpResponse:
    """The form on a council's portal page."""
    council = council_by_code(org_code)
    if council is None:
        raise Http404("No such council")
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        refusal = portal_email_gate(request, d["email"])
        if refusal:
            form.add_error("email", refusal)
            context = {"council": council, "form": form}
            return render(request, "recruitment/portal/interest.html", context, status=429)
        try:
            services.interest_register(
                organisation=council,
                name=d["name"],
                email=d["email"],
                job_family=d["job_family"],
                area=d["area"],
                consent=d["consent"],
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            portal_email_asked(email=d["email"], form="interest", request=request)
            return render(request, "recruitment/portal/interest_sent.html", {"council": council})
    return render(request, "recruitment/portal/interest.html", {"council": council, "form": form})


def interest_confirm(request: HttpRequest) -> HttpResponse:
    """The confirming link from the email."""
    found = services.interest_from(request.GET.get("token", ""), max_days=CONFIRM_DAYS)
    if found is None or found.withdrawn_at is not None:
        return render(request, "recruitment/portal/interest_link.html", status=400)
    services.interest_confirm(interest=found)
    return render(
        request,
        "recruitment/portal/interest_done.html",
        {"interest": found, "confirmed": True, "token": request.GET.get("token", "")},
    )


def interest_withdraw(request: HttpRequest) -> HttpResponse:
    """The withdrawing link: asks first (a GET changes nothing), withdraws on the button."""
    token = request.POST.get("token") or request.GET.get("token", "")
    found = services.interest_from(token)
    if found is None:
        return render(request, "recruitment/portal/interest_link.html", status=400)
    if request.method == "POST":
        services.interest_withdraw(interest=found)
        return render(
            request, "recruitment/portal/interest_done.html", {"interest": found, "withdrawn": True}
        )
    return render(
        request, "recruitment/portal/interest_withdraw.html", {"interest": found, "token": token}
    )


@org_view(Cap.RECRUITMENT_VIEW)
def interest_list(request: AuthedRequest) -> HttpResponse:
    """Confirmed, current registrations of interest (whole-council readers); recruiters who
    manage the council's recruitment invite a person to apply for an open vacancy."""
    if not policy.sees_whole_council(request.access):
        raise PermissionDenied(Cap.RECRUITMENT_VIEW)
    rows = current_interest(request.organisation)
    vacancies = open_vacancies_of(request.organisation)
    may_invite = request.access.can(Cap.RECRUITMENT_MANAGE) and policy.sees_whole_council(
        request.access
    )
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        interest = rows.filter(pk=request.POST.get("interest") or 0).first()
        vacancy = next((v for v in vacancies if str(v.pk) == request.POST.get("vacancy")), None)
        if interest is None or vacancy is None:
            messages.error(request, "Choose an open vacancy to invite them to.")
        else:
            try:
                services.interest_invite(interest=interest, vacancy=vacancy, actor=request.user)
            except ThriveError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{interest.name} is invited to apply.")
        return redirect("recruitment:interest_list", org_code=request.organisation.code)
    audit_log(
        action="recruitment.interest_read",
        user=request.user,
        organisation=request.organisation,
        request=request,
        moves_data=False,
    )
    return render(
        request,
        "recruitment/interest.html",
        {"rows": list(rows), "vacancies": vacancies, "may_invite": may_invite},
    )
