from datetime import date

from django.db import migrations


def add_defaults(apps, schema_editor):
    from thrive.supervision.defaults import DEFAULT_SKILLS

    Organisation = apps.get_model("people", "Organisation")
    PracticeSkill = apps.get_model("supervision", "PracticeSkill")
    for org in Organisation.objects.all():
        have = set(PracticeSkill.objects.filter(organisation=org).values_list("name", flat=True))
        PracticeSkill.objects.bulk_create(
            PracticeSkill(organisation=org, name=n, description=d, available_from=date(2000, 1, 1))
            for n, d in DEFAULT_SKILLS
            if n not in have
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
