"""A vacancy's kind of post (practitioner … service manager), set for existing vacancies from their
titles as the academy's talent pool used to find a manager post."""

from django.db import migrations, models


def _role_from_title(title: str, social_work_post: bool) -> str:
    # A frozen copy of thrive.recruitment.models.vacancy_role_from_title.
    t = title.lower()
    if "service manager" in t or "head of service" in t:
        return "service_manager"
    if "practice manager" in t or "assistant team manager" in t:
        return "practice_manager"
    if "manager" in t:
        return "team_manager"
    if "advanced practitioner" in t or "consultant social worker" in t:
        return "advanced_practitioner"
    if "senior practitioner" in t or "senior social worker" in t:
        return "senior_practitioner"
    return "practitioner" if social_work_post else "other"


def set_roles(apps, schema_editor):
    Vacancy = apps.get_model("recruitment", "Vacancy")
    changed = []
    for v in Vacancy.objects.only("pk", "title", "social_work_post", "manager_post"):
        role = _role_from_title(v.title, v.social_work_post)
        if v.manager_post and role not in ("practice_manager", "team_manager", "service_manager"):
            role = "team_manager"
        if role != "practitioner":
            v.role = role
            changed.append(v)
    Vacancy.objects.bulk_update(changed, ["role"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0014_selection_decline_reason_probation_check_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="role",
            field=models.CharField(
                choices=[
                    ("practitioner", "Social worker (practitioner)"),
                    ("senior_practitioner", "Senior practitioner"),
                    ("advanced_practitioner", "Advanced practitioner"),
                    ("practice_manager", "Practice or assistant team manager"),
                    ("team_manager", "Team manager"),
                    ("service_manager", "Service manager or head of service"),
                    ("other", "Another post"),
                ],
                default="practitioner",
                max_length=30,
                verbose_name="Kind of post",
            ),
        ),
        migrations.RunPython(set_roles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="vacancy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "role__in",
                        [
                            "practitioner",
                            "senior_practitioner",
                            "advanced_practitioner",
                            "practice_manager",
                            "team_manager",
                            "service_manager",
                            "other",
                        ],
                    )
                ),
                name="vacancy_role_valid",
            ),
        ),
    ]
