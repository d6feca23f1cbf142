"""Organisations (councils), the regional partnerships they form, their services and teams."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from thrive.core.models import OrgOwned


class Region(models.TextChoices):
    """The nine English regions, spelt as DfE writes them in its published statistics."""

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE = "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"


la_code_validator = RegexValidator(r"^\d{3}$", "Enter the council's 3-digit DfE LA code, like 202.")
ons_code_validator = RegexValidator(
    r"^E(06|07|08|09|10)\d{6}$", "Enter the council's ONS code, like E09000007."
)


class Partnership(models.Model):
    """A regional partnership of councils (for example London's boroughs)."""

    name = models.CharField(max_length=200, unique=True)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A council's children's services. Every other record belongs to one."""

    code = models.CharField(
        "DfE LA code", max_length=3, unique=True, validators=[la_code_validator]
    )
    ons_code = models.CharField(
        "ONS code", max_length=9, blank=True, validators=[ons_code_validator]
    )
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=40, choices=Region.choices)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"), name="organisation_code_3_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values), name="organisation_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Service(OrgOwned):
    """A service area within children's services (for example Safeguarding, Children in Care)."""

    name = models.CharField(max_length=200)
    scope_service_field = "id"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TeamType(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door / MASH"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    FOSTERING = "fostering", "Fostering"
    RESIDENTIAL = "residential", "Residential / No Wrong Door hub"
    EARLY_HELP = "early_help", "Early help"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    FAMILY_SAFEGUARDING = "family_safeguarding", "Family Safeguarding (multi-disciplinary)"
    ACADEMY = "academy", "Academy"
    OTHER = "other", "Other"


class Team(OrgOwned):
    """A team within a service."""

    name = models.CharField(max_length=200)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    team_type = models.CharField(max_length=32, choices=TeamType.choices, default=TeamType.OTHER)

    scope_team_field = "id"
    scope_service_field = "service_id"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
