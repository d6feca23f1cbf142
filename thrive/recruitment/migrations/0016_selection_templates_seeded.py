"""Give every council its selection templates, as Thrive's defaults were on the day they became
records (copied here, so a later change to the defaults does not rewrite history), and give each
vacancy raised before vacancies had steps the steps of the template in effect on its raise day."""

from datetime import date
from typing import Any

from django.db import migrations
from django.db.models import Q

# Thrive's steps when the templates became records (defaults.SELECTION_STEPS on that day).
SEEDED_STEPS: dict[str, list[str]] = {
    "practice": ["Sift of applications", "Values-based panel interview"],
    "manager": ["Sift of applications", "Assessment centre", "Values-based panel interview"],
}
SEEDED_FROM = date(2000, 1, 1)


def seed_templates(apps: Any, schema_editor: Any) -> None:
    organisation = apps.get_model("people", "Organisation")
    template = apps.get_model("recruitment", "SelectionTemplate")
    vacancy = apps.get_model("recruitment", "Vacancy")
    for org in organisation.objects.all():
        have = set(
            template.objects.filter(organisation=org).values_list("post_kind", flat=True)
        )
        template.objects.bulk_create(
            template(organisation=org, post_kind=kind, effective_from=SEEDED_FROM, steps=steps)
            for kind, steps in SEEDED_STEPS.items()
            if kind not in have
        )
    for v in vacancy.objects.all().iterator():
        if v.selection_steps:
            continue
        raised = v.created_at.date()
        kind = "manager" if v.manager_post else "practice"
        found = (
            template.objects.filter(
                organisation_id=v.organisation_id, post_kind=kind, effective_from__lte=raised
            )
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=raised))
            .order_by("-effective_from")
            .first()
        )
        v.selection_steps = list(found.steps) if found is not None else list(SEEDED_STEPS[kind])
        v.save(update_fields=["selection_steps"])


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0015_selection_templates"),
    ]

    operations = [migrations.RunPython(seed_templates, migrations.RunPython.noop)]
