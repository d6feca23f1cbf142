"""The GOV.UK "check your answers" pattern: a form, then a summary with change links, then a
consequential submit. What the person typed is kept in their session between the steps, so
nothing is lost if they go back to change an answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from thrive.core.errors import ThriveError


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
) -> HttpResponse:
    """Step two: check your answers, then submit."""
    stored = _stored(request, key)
    if stored is None:
        return redirect(form_url)
    bound = form(stored)
    if not bound.is_valid():
        return redirect(form_url)
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
