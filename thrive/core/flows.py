"""The GOV.UK "check your answers" pattern: a form, then a summary with change links, then a
consequential submit. What the person typed is kept in their session between the steps, so
nothing is lost if they go back to change an answer.

Two ways in: :func:`answers_form` and :func:`answers_check` for a page that builds its own
steps, and :class:`AnswersFlow` for the common case of one consequential action on one record
(cancel a session, withdraw an item): declared once, with its two views from
:meth:`AnswersFlow.views`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest

T = TypeVar("T")
View = Callable[..., HttpResponse]


def _stored(request: HttpRequest, key: str) -> QueryDict | None:
    data = request.session.get(f"flow:{key}")
    if data is None:
        return None
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def display(field: forms.BoundField, value: Any) -> str:
    """An answer in words, for the summary."""
    if value in (None, ""):
        return "Not given"
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = getattr(field.field, "choices", None)
    if choices and not isinstance(field.field, forms.ModelChoiceField):
        return str({str(k): v for k, v in choices}.get(str(value), value))
    return str(value)


def answers_form(
    request: HttpRequest,
    *,
    key: str,
    form: Callable[..., forms.Form],
    check_url: str,
    context: dict[str, Any],
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """Step one: the form. A valid answer goes to the check page."""
    if request.method == "POST":
        bound = form(request.POST)
        if bound.is_valid():
            request.session[f"flow:{key}"] = {
                k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
            }
            return redirect(check_url)
    else:
        stored = _stored(request, key)
        bound = form(stored) if stored is not None else form(initial=initial or {})
    return render(request, "govuk/flow_form.html", {"form": bound, **context})


def answers_check(
    request: HttpRequest,
    *,
    key: str,
    form: Callable[..., forms.Form],
    form_url: str,
    confirm: Callable[[dict[str, Any]], Any],
    done_url: Callable[[Any], str],
    done_message: Callable[[Any], str],
    context: dict[str, Any],
    context_from_answers: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Step two: check your answers, then submit. *context_from_answers*, given the answers,
    says more on the check page (for example what the action will do with them)."""
    stored = _stored(request, key)
    if stored is None:
        return redirect(form_url)
    bound = form(stored)
    if not bound.is_valid():
        return redirect(form_url)
    if context_from_answers is not None:
        context = {**context, **context_from_answers(bound.cleaned_data)}
    error = None
    if request.method == "POST":
        try:
            result = confirm(bound.cleaned_data)
        except ThriveError as exc:
            error = exc.message
        else:
            request.session.pop(f"flow:{key}", None)
            messages.success(request, done_message(result))
            return redirect(done_url(result))
    rows = [
        {
            "label": f.label,
            "value": display(f, bound.cleaned_data.get(f.name)),
            "change": f"{form_url}#{f.auto_id}",
        }
        for f in bound.visible_fields()
    ]
    return render(request, "govuk/flow_check.html", {"rows": rows, "error": error, **context})


class FlowRefused(Exception):
    """The record a flow acts on cannot be acted on now (already done, or too late): the person
    is told *message* and sent to *back_url*."""

    def __init__(self, message: str, back_url: str) -> None:
        super().__init__(message)
        self.message = message
        self.back_url = back_url


@dataclass(frozen=True)
class AnswersFlow(Generic[T]):
    """One consequential action on one record of a council, as a form then "check your answers".

    Its two views take the record's ``pk`` from the URL; their URL names are *form_url_name* and
    *check_url_name*, each reversed with ``(org_code, pk)``. The answers are kept in the person's
    session under the council, the flow's *name* and the record, so two records' answers never
    mix.

    Parameters
    ----------
    name
        Names the flow in the session key, e.g. ``"session_cancel"``.
    form
        The form class (or a callable making it) asking the questions.
    form_url_name, check_url_name
        The URL names of step one (the form) and step two (the check).
    load
        ``load(request, pk)``: the record, through a selector; raises ``Http404`` if the person
        may not see it and :class:`FlowRefused` if it cannot be acted on now.
    words
        ``words(request, record)``: the page's words (``title``, ``caption``, ``back_url``,
        ``intro``, ``confirm_heading``, ``confirm_text``, ``confirm_button``).
    initial
        ``initial(record)``: the form's first answers (typically the record's ``version``).
    confirm
        ``confirm(request, record, answers)``: the service call; a :class:`ThriveError` it raises
        is shown on the check page.
    done_url, done_message
        Where to go after, and what to say, from ``(request, record, result)``.
    capability
        Who may act: both views refuse anyone without it at the council.
    words_from_answers
        Optional ``words_from_answers(record, answers)``: more words for the check page, from
        the answers (what the action will do with them).
    """

    name: str
    form: Callable[..., forms.Form]
    form_url_name: str
    check_url_name: str
    load: Callable[[AuthedRequest, int], T]
    words: Callable[[AuthedRequest, T], dict[str, Any]]
    initial: Callable[[T], dict[str, Any]]
    confirm: Callable[[AuthedRequest, T, dict[str, Any]], Any]
    done_url: Callable[[AuthedRequest, T, Any], str]
    done_message: Callable[[AuthedRequest, T, Any], str]
    capability: str
    words_from_answers: Callable[[T, dict[str, Any]], dict[str, Any]] | None = None

    def key(self, request: AuthedRequest, pk: int) -> str:
        return f"{request.organisation.code}:{self.name}:{pk}"

    def _url(self, name: str, request: AuthedRequest, pk: int) -> str:
        return reverse(name, args=[request.organisation.code, pk])

    def _context(self, request: AuthedRequest, record: T, pk: int) -> dict[str, Any]:
        return {
            **self.words(request, record),
            "form_url": self._url(self.form_url_name, request, pk),
        }

    def start(self, request: AuthedRequest, pk: int) -> HttpResponse:
        """Step one: the questions."""
        try:
            record = self.load(request, pk)
        except FlowRefused as refused:
            messages.error(request, refused.message)
            return redirect(refused.back_url)
        return answers_form(
            request,
            key=self.key(request, pk),
            form=self.form,
            check_url=self._url(self.check_url_name, request, pk),
            context=self._context(request, record, pk),
            initial=self.initial(record),
        )

    def check(self, request: AuthedRequest, pk: int) -> HttpResponse:
        """Step two: check the answers, then act."""
        try:
            record = self.load(request, pk)
        except FlowRefused as refused:
            messages.error(request, refused.message)
            return redirect(refused.back_url)
        words_from_answers = self.words_from_answers
        return answers_check(
            request,
            key=self.key(request, pk),
            form=self.form,
            form_url=self._url(self.form_url_name, request, pk),
            confirm=lambda answers: self.confirm(request, record, answers),
            done_url=lambda result: self.done_url(request, record, result),
            done_message=lambda result: self.done_message(request, record, result),
            context=self._context(request, record, pk),
            context_from_answers=(
                (lambda answers: words_from_answers(record, answers))
                if words_from_answers is not None
                else None
            ),
        )

    def views(self, *, start: str, check: str) -> tuple[View, View]:
        """The flow's two views (step one, step two) for the URL conf, each refusing anyone
        without the flow's capability; *start* and *check* say what each step is."""
        from thrive.core.decorators import org_view

        def start_view(request: AuthedRequest, pk: int) -> HttpResponse:
            return self.start(request, pk)

        def check_view(request: AuthedRequest, pk: int) -> HttpResponse:
            return self.check(request, pk)

        for view, step, doc in ((start_view, "start", start), (check_view, "check", check)):
            view.__doc__ = doc
            view.__name__ = view.__qualname__ = f"{self.name}_{step}"
        guard = org_view(self.capability)
        return guard(start_view), guard(check_view)
