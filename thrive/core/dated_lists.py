"""Lists a council keeps for itself as dated data — practice tools for the workbook, practice
skills for supervision: offered from a date, retired (never deleted) so old records keep the
names they used. One model base, one set of services and one page serve every such list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.forms import GovukDateField, GovukFormMixin, form_submit
from thrive.core.http import AuthedRequest
from thrive.core.models import OrgOwned
from thrive.core.params import posted_version


class DatedListItem(OrgOwned):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=240, blank=True)
    available_from = models.DateField()
    retired_on = models.DateField(null=True, blank=True)

    # What the list calls one item, for messages ("practice tool").
    noun = "item"

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def offered(model: Any, organisation: Any, on: date) -> QuerySet[Any]:
    """The items a person may choose from on *on*."""
    return (
        model.objects.for_org(organisation)
        .filter(available_from__lte=on)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))
    )


def add_defaults(model: Any, organisation: Any, defaults: Sequence[tuple[str, str]]) -> int:
    have = set(model.objects.for_org(organisation).values_list("name", flat=True))
    new = [
        model(organisation=organisation, name=n, description=d, available_from=date(2000, 1, 1))
        for n, d in defaults
        if n not in have
    ]
    model.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def item_add(
    model: Any,
    *,
    organisation: Any,
    name: str,
    description: str,
    available_from: date,
    actor: Any,
) -> Any:
    name = name.strip()
    if not name:
        raise ThriveError("Enter the name.", field="name")
    if model.objects.for_org(organisation).filter(name__iexact=name).exists():
        raise ThriveError(f"'{name}' is already on the list.", field="name")
    item = model.objects.create(
        organisation=organisation,
        name=name,
        description=description.strip(),
        available_from=available_from,
    )
    audit_log(
        action=f"{model._meta.app_label}.{model.__name__.lower()}_added",
        user=actor,
        organisation=organisation,
        obj=item,
        summary=f"Added the {model.noun} {name}",
    )
    return item


@transaction.atomic
def item_retire(item: Any, *, on: date, actor: Any, version: int | None = None) -> Any:
    """Stop offering an item from *on*; records that used it keep naming it."""
    model = type(item)
    with versioned_change(
        item,
        version=version,
        actor=actor,
        action=f"{model._meta.app_label}.{model.__name__.lower()}_retired",
        stale=f"Someone else changed this {model.noun}; look again before retiring it.",
    ) as change:
        item = change.obj
        if on < item.available_from:
            raise ThriveError(
                f"A {model.noun} cannot be retired before it was offered.", field="on"
            )
        item.retired_on = on
        change.summary = f"Retired the {model.noun} {item.name} from {on}"
    return item


class ItemForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    description = forms.CharField(label="What it is (optional)", required=False, max_length=240)
    available_from = GovukDateField(label="Offered from")


def list_page(
    request: AuthedRequest, model: Any, *, title: str, intro: str, url_name: str
) -> HttpResponse:
    """The page for one list: every item with its dates, retire buttons, and a form to add one."""
    org = request.organisation
    today = clock.today()
    form = ItemForm(initial={"available_from": today})
    if request.method == "POST" and request.POST.get("action") == "retire":
        item = get_object_or_404(model, pk=request.POST.get("item"), organisation=org)
        try:
            item_retire(
                item,
                on=today,
                actor=request.user,
                version=posted_version(request),
            )
        except ThriveError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{item.name} is no longer offered from today.")
        return redirect(url_name, org_code=org.code)
    if request.method == "POST":
        form = ItemForm(request.POST)
        done = form_submit(
            request,
            form,
            lambda d: item_add(model, organisation=org, actor=request.user, **d),
            done=lambda item: f"{item.name} is on the list.",
            then=reverse(url_name, kwargs={"org_code": org.code}),
        )
        if done is not None:
            return done
    items = model.objects.for_org(org).order_by("name")
    return render(
        request,
        "core/dated_list.html",
        {"form": form, "items": items, "title": title, "intro": intro, "noun": model.noun},
    )
