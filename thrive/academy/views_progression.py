"""The progression framework's pages: the framework (levels against the PCF's domains), a
person's own plan (goals, evidence, applying for a panel), the academy lead's plans, and one plan
with the manager's view and the values-led panel whose decision changes the register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.academy import policy, selectors, selectors_pipeline, services
from thrive.academy.forms import (
    DeclineForm,
    LevelForm,
    ManagerViewForm,
    PanelForm,
    PanelQuestionForm,
    PlanForm,
    ProgressionEvidenceForm,
)
from thrive.academy.models import PCF_DOMAINS, ProgressionStatus
from thrive.academy.services.progression import panel_question_add, panel_question_retire
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id
from thrive.core.roles import Cap


@org_view(Cap.ACADEMY_VIEW)
def levels(request: AuthedRequest) -> HttpResponse:
    """The council's progression framework as it stands today; the academy lead adds a level,
    or a new description of one from a date."""
    org = request.organisation
    runs = policy.runs_academy(request.access)
    form = LevelForm(None, prefix="level")
    question_form = PanelQuestionForm(
        None, prefix="question", initial={"effective_from": clock.today()}
    )
    if request.method == "POST":
        if not runs:
            raise PermissionDenied(Cap.ACADEMY_MANAGE)
        if request.POST.get("action") in ("question", "retire_question"):
            question_form, done = _panel_question_post(request)
            if done is not None:
                return done
        elif request.POST.get("action") == "level":
            form = LevelForm(request.POST, prefix="level")
            if form.is_valid():
                d = form.cleaned_data
                try:
                    services.level_add(
                        organisation=org,
                        name=d["name"],
                        rank=d["rank"],
                        org_role=int(d["org_role"]),
                        kss=d["kss"],
                        effective_from=d["effective_from"],
                        criteria=form.criteria(),
                        actor=request.user,
                    )
                except ThriveError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                else:
                    messages.success(request, f"{d['name']} is in the framework.")
                    return redirect("academy:progression_levels", org_code=org.code)
        else:
            added = services.progression_defaults(organisation=org, actor=request.user)
            messages.success(request, f"Added {added} rows to the framework.")
            return redirect("academy:progression_levels", org_code=org.code)
    today = clock.today()
    return render(
        request,
        "academy/progression_levels.html",
        {
            "levels": selectors.progression_levels(org, today),
            "questions": selectors.panel_questions(org, today),
            "domains": PCF_DOMAINS,
            "runs": runs,
            "form": form,
            "question_form": question_form,
        },
    )


def _panel_question_post(
    request: AuthedRequest,
) -> tuple[PanelQuestionForm, HttpResponse | None]:
    """Add a panel question, or retire one from today."""
    org = request.organisation
    back = redirect("academy:progression_levels", org_code=org.code)
    if request.POST.get("action") == "retire_question":
        found = selectors.panel_question_of(org, posted_id(request, "question") or 0)
        if found is None:
            raise Http404("No such question")
        try:
            panel_question_retire(
                question=found, on=clock.today(), version=_version(request), actor=request.user
            )
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The question is retired from today.")
        return PanelQuestionForm(None, prefix="question"), back
    form = PanelQuestionForm(request.POST, prefix="question")
    done = form_submit(
        request,
        form,
        lambda d: panel_question_add(organisation=org, actor=request.user, **d),
        done="The question is added.",
        then=reverse("academy:progression_levels", kwargs={"org_code": org.code}),
    )
    return form, done


@org_view(Cap.ACADEMY_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    """A person's own progression: start a plan, add evidence, apply for a panel, read the
    decision and feedback."""
    org, today = request.organisation, clock.today()
    person = selectors.staff_of(request.access)
    plans = selectors.own_plans(request.access)
    current = next(
        (p for p in plans if p.status in (ProgressionStatus.PLANNING, ProgressionStatus.APPLIED)),
        None,
    )
    level_rows = {str(lv.pk): lv for lv in selectors.progression_levels(org, today)}
    plan_form = PlanForm(None, levels=level_rows.values(), prefix="plan")
    evidence_form = ProgressionEvidenceForm(None, prefix="evidence")
    decline_form = DeclineForm(None, prefix="decline")
    if request.method == "POST":
        if person is None:
            raise PermissionDenied(Cap.ACADEMY_VIEW)
        action = request.POST.get("action", "")
        try:
            if action == "decline" and current is not None:
                decline_form = DeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    d = decline_form.cleaned_data
                    services.plan_decline(
                        plan=current,
                        on=today,
                        reason=d["reason"],
                        note=d["note"],
                        version=_version(request),
                        actor=request.user,
                    )
                    messages.success(request, "You have declined progression for now.")
                    return redirect("academy:progression", org_code=org.code)
            elif action == "reopen":
                declined = next((p for p in plans if p.pk == posted_id(request, "plan")), None)
                if declined is None:
                    raise Http404("No such progression plan")
                services.plan_reopen(plan=declined, version=_version(request), actor=request.user)
                messages.success(request, "Your progression plan is open again.")
                return redirect("academy:progression", org_code=org.code)
            elif action == "plan" and current is None:
                plan_form = PlanForm(request.POST, levels=level_rows.values(), prefix="plan")
                if plan_form.is_valid():
                    d = plan_form.cleaned_data
                    services.plan_add(
                        person=person,
                        level=level_rows[d["level"]],
                        goals=d["goals"],
                        actor=request.user,
                    )
                    messages.success(request, "Your progression plan is started.")
                    return redirect("academy:progression", org_code=org.code)
            elif action == "evidence" and current is not None:
                evidence_form = ProgressionEvidenceForm(
                    request.POST, request.FILES, prefix="evidence"
                )
                if evidence_form.is_valid():
                    d = evidence_form.cleaned_data
                    services.progression_evidence_add(
                        plan=current,
                        kind=d["kind"],
                        title=d["title"],
                        on=d["on"],
                        note=d["note"],
                        file=d["file"] or None,
                        actor=request.user,
                    )
                    messages.success(request, "The evidence is added.")
                    return redirect("academy:progression", org_code=org.code)
            elif action == "apply" and current is not None:
                services.plan_apply(
                    plan=current,
                    on=today,
                    version=_version(request),
                    actor=request.user,
                )
                messages.success(request, "You have applied for a progression panel.")
                return redirect("academy:progression", org_code=org.code)
            else:
                raise Http404("No such action")
        except ThriveError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "academy/progression_mine.html",
        {
            "person": person,
            "plans": plans,
            "current": current,
            "plan_form": plan_form,
            "evidence_form": evidence_form,
            "decline_form": decline_form,
            "has_levels": bool(level_rows),
            "pool_place": selectors_pipeline.own_pool_place(request.access),
            "can_talk": selectors_pipeline.conversation_people(request.access).exists(),
            "conversations": (
                list(selectors_pipeline.conversations_of(person)) if person is not None else []
            ),
        },
    )


def _version(request: AuthedRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@org_view(Cap.ACADEMY_MANAGE)
def plans(request: AuthedRequest) -> HttpResponse:
    """The academy lead's progression plans and applications waiting for a panel."""
    rows = list(selectors.progression_plans(request.organisation))
    return render(request, "academy/progression_plans.html", {"plans": rows})


@org_view(Cap.ACADEMY_VIEW)
def plan(request: AuthedRequest, pk: int) -> HttpResponse:
    """One plan: goals, evidence, the manager's view and the panel."""
    org, today = request.organisation, clock.today()
    found = selectors.plan_for(request.access, pk)
    if found is None:
        raise Http404("No such progression plan")
    if found.person.user_id != request.user.pk:
        audit_log(
            action="academy.plan_read",
            user=request.user,
            organisation=org,
            obj=found,
            summary=f"Read the progression plan of {found.person}",
            request=request,
        )
    questions = selectors.panel_questions(org, today)
    view_form = ManagerViewForm(None, initial={"manager_view": found.manager_view}, prefix="view")
    panel_form = PanelForm(None, questions=questions, prefix="panel")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "view":
                if not policy.gives_manager_view(request.access, found):
                    raise PermissionDenied(Cap.ACADEMY_VIEW)
                view_form = ManagerViewForm(request.POST, prefix="view")
                if view_form.is_valid():
                    services.manager_view_set(
                        plan=found,
                        view=view_form.cleaned_data["manager_view"],
                        version=_version(request),
                        actor=request.user,
                    )
                    messages.success(request, "Your view is recorded.")
                    return redirect("academy:progression_plan", org_code=org.code, pk=found.pk)
            elif action == "panel":
                if not policy.sits_panel(request.access, found):
                    raise PermissionDenied(Cap.ACADEMY_MANAGE)
                panel_form = PanelForm(request.POST, questions=questions, prefix="panel")
                if panel_form.is_valid():
                    d = panel_form.cleaned_data
                    services.panel_decide(
                        plan=found,
                        panel_on=d["panel_on"],
                        members=d["members"],
                        scores=panel_form.scores(),
                        notes=[],
                        progressed=d["decision"] == "progressed",
                        feedback=d["feedback"],
                        role_from=d["role_from"],
                        version=_version(request),
                        actor=request.user,
                    )
                    messages.success(request, "The panel's decision is recorded.")
                    return redirect("academy:progression_plan", org_code=org.code, pk=found.pk)
            else:
                raise Http404("No such action")
        except ThriveError as exc:
            messages.error(request, str(exc))
    context: dict[str, Any] = {
        "plan": found,
        "view_form": view_form,
        "panel_form": panel_form,
        "gives_view": policy.gives_manager_view(request.access, found)
        and found.status == ProgressionStatus.PLANNING,
        "sits_panel": policy.sits_panel(request.access, found)
        and found.status == ProgressionStatus.APPLIED,
    }
    return render(request, "academy/progression_plan.html", context)


@org_view(Cap.ACADEMY_VIEW)
def evidence_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """Download a progression plan's evidence file: for those who may see the plan; opening
    another person's is written to the audit trail."""
    piece = selectors.progression_evidence_for(request.access, pk)
    if piece is None or not piece.file:
        raise Http404("No such evidence")
    if piece.plan.person.user_id != request.user.pk:
        audit_log(
            action="academy.progression_evidence_read",
            user=request.user,
            organisation=request.organisation,
            obj=piece.plan,
            summary=f"Opened {piece.plan.person}'s progression evidence: {piece.title}",
            request=request,
        )
    return FileResponse(piece.file.open("rb"), as_attachment=True)  # type: ignore[return-value]
