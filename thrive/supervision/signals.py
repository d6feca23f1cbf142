"""A new council gets the default list of practice skills, which it then edits."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from thrive.people.models import Organisation


@receiver(post_save, sender=Organisation, dispatch_uid="supervision_default_skills")
def give_default_skills(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from thrive.supervision.services import practice_skills_add_defaults

        practice_skills_add_defaults(organisation=instance)
