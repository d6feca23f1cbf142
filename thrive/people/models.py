"""Organisations (councils), the regional partnerships they form, their services and teams."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from thrive.core.models import OrgOwned, PersonRecord, TeamRecord, one_of


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
            one_of("region", Region, "organisation_region_valid"),
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


# --- The workforce register -------------------------------------------------------------------


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse worker"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse worker"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health worker"
    PROBATION = "probation", "Probation officer"
    FAMILY_SUPPORT = "family_support", "Family support worker"
    RESIDENTIAL = "residential", "Residential worker"
    OTHER = "other", "Other"


class Contract(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    AGENCY = "agency", "Agency"
    SECONDEE = "secondee", "Secondee"
    APPRENTICE = "apprentice", "Apprentice"
    STUDENT = "student", "Student"


EMPLOYEE_CONTRACTS = (Contract.PERMANENT, Contract.FIXED_TERM)


class CaseType(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CIN = "cin", "Child in need"
    CP = "cp", "Child protection plan"
    CLA = "cla", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    OTHER = "other", "Other"


class AbsenceReason(models.TextChoices):
    SIC = "SIC", "Sickness"
    MAT = "MAT", "Maternity, paternity or adoption"
    OTH = "OTH", "Other paid authorised absence"
    PUB = "PUB", "Public duties"
    TRN = "TRN", "Training"
    UNA = "UNA", "Unauthorised absence"
    UNP = "UNP", "Unpaid authorised absence"


class StaffMember(OrgOwned):
    """A person who works (or worked) in the council's children's services, of any profession."""

    staff_id = models.CharField("Staff ID", max_length=64)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.PositiveSmallIntegerField(null=True, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    qualification_level = models.PositiveSmallIntegerField(null=True, blank=True)
    qualification_institution = models.CharField(max_length=200, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    step_up_grad = models.BooleanField(null=True, blank=True)
    frontline_grad = models.BooleanField(null=True, blank=True)
    swe_number = models.CharField("Social Work England number", max_length=20, blank=True)
    cfkss_status = models.PositiveSmallIntegerField(
        "Knowledge and skills statement accredited against (census CFKSSstatus)",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )

    scope_team_field = "spells__team_id"
    scope_service_field = "spells__team__service_id"
    scope_user_field = "user_id"

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "staff_id"], name="staff_id_unique"),
            models.CheckConstraint(
                condition=models.Q(gender__isnull=True) | models.Q(gender__in=[0, 1, 2, 9]),
                name="staff_gender_census_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmploymentSpell(TeamRecord):
    """One spell of employment (or one agency assignment), identified by person and start date."""

    person = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="spells")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # In post on a date when start_date <= date < end_date (formats.md: the census rule).
    end_date_is_last_day = False
    profession = models.CharField(max_length=32, choices=Profession.choices)
    contract = models.CharField(max_length=16, choices=Contract.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="spells")
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6)
    job_title = models.CharField(max_length=200, blank=True)
    org_role = models.PositiveSmallIntegerField(null=True, blank=True)
    start_origin = models.PositiveSmallIntegerField(null=True, blank=True)
    leaving_reason = models.PositiveSmallIntegerField(null=True, blank=True)
    leaver_destination = models.PositiveSmallIntegerField(null=True, blank=True)
    line_manager = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    agency_name = models.CharField(max_length=200, blank=True)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    scope_user_field = "person__user_id"

    class Meta:
        ordering = ["person", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["person", "start_date"], name="spell_person_start"),
            models.CheckConstraint(
                condition=models.Q(fte__gt=0, fte__lte=1), name="spell_fte_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="spell_end_after_start",
            ),
            one_of("contract", Contract, "spell_contract_valid"),
            one_of("profession", Profession, "spell_profession_valid"),
        ]
        indexes = [
            models.Index(fields=["organisation", "profession", "contract"]),
            models.Index(fields=["organisation", "start_date", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} from {self.start_date}"


class Post(TeamRecord):
    """A funded post in the establishment."""

    post_id = models.CharField("Post ID", max_length=64)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6)
    social_work_post = models.BooleanField()
    funded_from = models.DateField()
    funded_to = models.DateField(null=True, blank=True)
    holder = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )

    class Meta:
        ordering = ["post_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "post_id"], name="post_id_unique"),
            models.CheckConstraint(condition=models.Q(fte__gt=0, fte__lte=1), name="post_fte"),
            models.CheckConstraint(
                condition=models.Q(funded_to__isnull=True)
                | models.Q(funded_to__gte=models.F("funded_from")),
                name="post_funded_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} {self.title}"


class Absence(PersonRecord):
    """A period of absence, with the working days it lost (census ReasonAbsence codes)."""

    person = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="absences")
    reason = models.CharField(max_length=3, choices=AbsenceReason.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    working_days = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "reason", "start_date"], name="absence_person_reason_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="absence_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(working_days__gte=0), name="absence_days_not_negative"
            ),
            one_of("reason", AbsenceReason, "absence_reason_valid"),
        ]


class RegisterRevision(models.Model):
    """The values a register record had before a change, and when the change took effect."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # person, spell, post, absence, allocation
    record_id = models.BigIntegerField()
    effective_date = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed = models.JSONField(default=list)
    before = models.JSONField(default=dict)

    class Meta:
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["organisation", "kind", "record_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} before {self.effective_date}"


class ImportFingerprint(models.Model):
    """The last file of one kind a council imported, as a digest, with the council's data version
    once it was written: the same file again, the same day, with nothing written since, is known
    to change nothing without reading it (issue 22: a re-import that changes nothing finds that
    out by comparing hashes)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    data_version = models.PositiveBigIntegerField()
    made_on = models.DateField()
    rows = models.PositiveIntegerField()
    records = models.PositiveIntegerField()
    notes = models.JSONField(default=list)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="one_fingerprint_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]} ({self.made_on})"
