"""Give every council that exists already the recruitment channels it starts from (a new council
gets them with its first vacancy)."""

from typing import Any

from django.db import migrations

from thrive.recruitment.defaults import DEFAULT_CHANNELS


def add_channels(apps: Any, schema_editor: Any) -> None:
    organisation = apps.get_model("people", "Organisation")
    channel = apps.get_model("recruitment", "Channel")
    for org in organisation.objects.all():
        if channel.objects.filter(organisation=org).exists():
            continue
        channel.objects.bulk_create(
            channel(organisation=org, name=name, kind=kind, platform=platform)
            for name, kind, platform in DEFAULT_CHANNELS
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0002_channel_application_channel_channel_name_unique_and_more"),
    ]

    operations = [migrations.RunPython(add_channels, migrations.RunPython.noop)]
