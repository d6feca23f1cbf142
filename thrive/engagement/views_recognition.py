"""Recognition, the newsletter and long service: shout-outs (a colleague's published only with
their consent), the monthly newsletter (drafted, edited, sent by email and read here), and the
long-service milestones with their certificates."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap
from thrive.engagement import longservice, policy, recognition
from thrive.engagement.forms import LongServiceRuleForm, NewsletterForm, ShoutOutForm
from thrive.engagement.selectors import org_teams
from thrive.people.selectors import staff_member_for


@org_view(Cap.ENGAGEMENT_ANSWER)
def recognition_page(request: AuthedRequest) -> HttpResponse:
    """Published shout-outs, the form to give one, and any about the person awaiting consent."""
    org = request.organisation
    today = clock.today()
    me = staff_member_for(request.user, org)
    if request.method == "POST" and request.POST.get("form") == "consent":
        shout_id = posted_id(request, "shout")
        shout = recognition.shout_out_for(org, shout_id) if shout_id else None
        if shout is None or me is None:
            raise Http404("No such shout-out")
        try:
            recognition.shout_out_consent(
                shout=shout,
                person=me,
                agree=request.POST.get("answer") == "agree",
                actor=request.user,
            )
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Thank you: your answer is saved.")
        return redirect("engagement:recognition", org_code=org.code)
    people = [(str(p.pk), p.full_name) for p in recognition.colleagues(org, today) if p != me]
    teams = [(str(t.pk), t.name) for t in org_teams(org)]
    form = ShoutOutForm(
        request.POST if request.method == "POST" else None, colleagues=people, teams=teams
    )
    if request.method == "POST" and me is not None and form.is_valid():
        data = form.cleaned_data
        colleague = next(
            (p for p in recognition.colleagues(org, today) if str(p.pk) == data["colleague"]),
            None,
        )
        team = next((t for t in org_teams(org) if str(t.pk) == data["team"]), None)
        try:
            shout = recognition.shout_out_give(
                given_by=me,
                about=data["about"],
                message=data["message"],
                colleague=colleague,
                team=team,
                partner=data["partner"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(
                request,
                "Thank you. It is published once they agree."
                if shout.status == "awaiting"
                else "Thank you. Your shout-out is published.",
            )
            return redirect("engagement:recognition", org_code=org.code)
    return render(
        request,
        "engagement/recognition.html",
        {
            "form": form,
            "has_record": me is not None,
            "awaiting": recognition.shout_outs_awaiting(me),
            "published": recognition.shout_outs_published(org),
        },
    )


@org_view(Cap.ENGAGEMENT_ANSWER)
def newsletter_list(request: AuthedRequest) -> HttpResponse:
    """The newsletters sent; for the engagement leads, drafts too and the next month's draft."""
    org = request.organisation
    runs = policy.runs_surveys(request.access)
    if request.method == "POST":
        if not runs:
            raise PermissionDenied(Cap.ENGAGEMENT_MANAGE)
        raw = request.POST.get("month", "")
        try:
            month = date.fromisoformat(f"{raw}-01")
        except ValueError:
            messages.error(request, "Choose the month, such as 2026-06.")
            return redirect("engagement:newsletters", org_code=org.code)
        try:
            letter = recognition.newsletter_draft(organisation=org, month=month, actor=request.user)
        except ThriveError as exc:
            messages.error(request, str(exc))
            return redirect("engagement:newsletters", org_code=org.code)
        return redirect("engagement:newsletter_edit", org_code=org.code, pk=letter.pk)
    return render(
        request,
        "engagement/newsletters.html",
        {
            "letters": recognition.newsletters(org, drafts=runs),
            "runs": runs,
            "this_month": clock.today().strftime("%Y-%m"),
        },
    )


@org_view(Cap.ENGAGEMENT_ANSWER)
def newsletter_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """A newsletter as a web page (drafts for the engagement leads only)."""
    letter = recognition.newsletter_for(request.organisation, pk)
    if letter is None or (letter.sent_on is None and not policy.runs_surveys(request.access)):
        raise Http404("No such newsletter")
    return render(request, "engagement/newsletter.html", {"letter": letter})


@org_view(Cap.ENGAGEMENT_MANAGE)
def newsletter_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Edit a draft, then send it."""
    if not policy.runs_surveys(request.access):
        raise PermissionDenied(Cap.ENGAGEMENT_MANAGE)
    org = request.organisation
    letter = recognition.newsletter_for(org, pk)
    if letter is None:
        raise Http404("No such newsletter")
    if letter.sent_on is not None:
        return redirect("engagement:newsletter", org_code=org.code, pk=letter.pk)
    form = NewsletterForm(
        request.POST or None,
        initial={
            "title": letter.title,
            "introduction": letter.introduction,
            "body": letter.body,
            "story": letter.story,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = recognition.newsletter_edit(
                letter=letter,
                version=posted_version(request),
                actor=request.user,
                **form.cleaned_data,
            )
            if "send" in request.POST:
                sent = recognition.newsletter_send(
                    letter=saved, version=saved.version, actor=request.user
                )
                messages.success(request, f"The newsletter is sent to {sent} people.")
                return redirect("engagement:newsletter", org_code=org.code, pk=letter.pk)
        except ThriveError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(request, "The draft is saved.")
            return redirect("engagement:newsletter_edit", org_code=org.code, pk=letter.pk)
    return render(request, "engagement/newsletter_edit.html", {"form": form, "letter": letter})


def _month(request: AuthedRequest) -> date:
    raw = request.GET.get("month", "")
    try:
        return date.fromisoformat(f"{raw}-01")
    except ValueError:
        return clock.today().replace(day=1)


@org_view(Cap.LONG_SERVICE)
def long_service(request: AuthedRequest) -> HttpResponse:
    """The month's milestones for leaders, the year's list for the annual event, the rule."""
    org = request.organisation
    month = _month(request)
    start, end = longservice.month_bounds(month)
    year = (
        int(request.GET.get("year") or month.year)
        if (request.GET.get("year") or "").isdigit()
        else month.year
    )
    form = LongServiceRuleForm(request.POST or None, initial={"effective_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            longservice.long_service_rule_set(
                organisation=org, actor=request.user, **form.cleaned_data
            )
        except ThriveError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(request, "How service is counted is saved.")
            return redirect("engagement:long_service", org_code=org.code)
    basis, step = longservice.rule_on(org, clock.today())
    return render(
        request,
        "engagement/long_service.html",
        {
            "month": month,
            "month_value": month.strftime("%Y-%m"),
            "this_month": longservice.milestones(org, start, end),
            "year": year,
            "the_year": longservice.milestones(org, date(year, 1, 1), date(year, 12, 31)),
            "basis": basis,
            "step": step,
            "form": form,
        },
    )


@org_view(Cap.LONG_SERVICE)
def certificate(request: AuthedRequest, person_pk: int, years: int) -> HttpResponse:
    """A person's long-service certificate (PDF), for a milestone they reached this year or
    last."""
    org = request.organisation
    today = clock.today()
    found = next(
        (
            m
            for m in longservice.milestones(
                org, date(today.year - 1, 1, 1), date(today.year, 12, 31)
            )
            if m.person.pk == person_pk and m.years == years
        ),
        None,
    )
    if found is None:
        raise Http404("No such milestone")
    audit_log(
        action="engagement.certificate_printed",
        user=request.user,
        organisation=org,
        obj=found.person,
        detail={"years": years},
        request=request,
    )
    response = HttpResponse(longservice.certificate_pdf(org, found), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="long-service-{found.person.staff_id}-{years}.pdf"'
    )
    return response
