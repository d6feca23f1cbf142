from datetime import date

from django.db import migrations


def add_defaults(apps, schema_editor):
    from thrive.workbook.defaults import DEFAULT_TOOLS

    Organisation = apps.get_model("people", "Organisation")
    PracticeTool = apps.get_model("workbook", "PracticeTool")
    for org in Organisation.objects.all():
        have = set(PracticeTool.objects.filter(organisation=org).values_list("name", flat=True))
        PracticeTool.objects.bulk_create(
            PracticeTool(organisation=org, name=n, description=d, available_from=date(2000, 1, 1))
            for n, d in DEFAULT_TOOLS
            if n not in have
        )


class Migration(migrations.Migration):
    dependencies = [("workbook", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
