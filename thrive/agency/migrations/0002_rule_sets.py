"""The national and regional rule sets Thrive starts with (thrive/agency/defaults.py)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from thrive.agency.defaults import RULE_SETS

    RuleSet = apps.get_model("agency", "RuleSet")
    Rule = apps.get_model("agency", "Rule")
    for code, name, source, region, existing_from, rules in RULE_SETS:
        rule_set, _ = RuleSet.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "source": source,
                "region": region,
                "existing_from": existing_from,
            },
        )
        for kind, value, start in rules:
            Rule.objects.get_or_create(
                rule_set=rule_set, kind=kind, effective_from=start, defaults={"value": value}
            )


class Migration(migrations.Migration):
    dependencies = [("agency", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
