"""A new council gets the default list of practice tools, which it then edits."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from thrive.people.models import Organisation


@receiver(post_save, sender=Organisation, dispatch_uid="workbook_default_tools")
def give_default_tools(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from thrive.workbook.services import practice_tools_add_defaults

        practice_tools_add_defaults(organisation=instance)
