"""What each audit event code means, in words a person reading the audit trail or the access log
understands ("family.supervision.read" -> "Read a family's supervision notes"). The codes stay in
the database and the exports; pages show the words."""

from __future__ import annotations

EVENT_WORDS: dict[str, str] = {
    # Signing in and access
    "auth.sign_in": "Signed in",
    "auth.sign_out": "Signed out",
    "role.granted": "Gave a role",
    "role.revoked": "Took away a role",
    "api_token.created": "Created an API token",
    "api_token.revoked": "Revoked an API token",
    "audit.export": "Exported the audit trail",
    # The workforce register
    "register.person_added": "Added a person to the register",
    "register.spell_changed": "Changed someone's team, FTE or role",
    "register.leaver": "Recorded a leaver",
    "register.absence": "Recorded an absence",
    "import.staff": "Imported staff from a file",
    "import.posts": "Imported posts from a file",
    "import.absences": "Imported absences from a file",
    "import.allocations": "Imported allocations from a file",
    # Caseloads and families
    "caseload.policy_added": "Added a caseload policy",
    "family.list": "Listed families or children",
    "family.read": "Read a family's record",
    "family.refused": "Was refused a family's record",
    "family.allocated": "Allocated a child to a worker",
    "family.assign": "Assigned a worker to a family",
    "family.assignment_ended": "Ended a worker's assignment to a family",
    "family.adult_added": "Added an adult to a family",
    "family.child_changed": "Changed a child's details",
    "family.status_changed": "Changed a family's case status",
    "family.supervision.read": "Read a family's supervision notes",
    "family.supervision.noted": "Wrote supervision notes about a family",
    "family.workbook.read": "Read a family's workbook",
    "family.workbook.entry_added": "Added an entry to a family's workbook",
    "family.workbook.draft_saved": "Saved a draft in a family's workbook",
    "family.workbook.draft_discarded": "Discarded a draft in a family's workbook",
    "family.workbook.summary_added": "Wrote a family's monthly summary",
    "family.workbook.summary_revised": "Revised a family's monthly summary",
    "workbook.practicetool_added": "Added a practice tool",
    "workbook.practicetool_retired": "Retired a practice tool",
    # Supervision
    "supervision.booked": "Booked a supervision session",
    "supervision.cancelled": "Cancelled a supervision session",
    "supervision.recorded": "Wrote a supervision record",
    "supervision.addendum": "Added an addendum to a supervision record",
    "supervision.reflected": "Added reflections to a supervision record",
    "supervision.agreed": "Agreed a supervision record",
    "supervision.read": "Read a supervision record",
    "supervision.refused": "Was refused a supervision record",
    "supervision.policy_added": "Added a supervision rule",
    "supervision.settings_changed": "Changed the supervision settings",
    "supervision.compliance_export": "Downloaded supervision compliance",
    "supervision.feed_created": "Created a supervision calendar feed",
    "supervision.feed_revoked": "Turned off a supervision calendar feed",
    "supervision.practiceskill_added": "Added a practice skill",
    "supervision.practiceskill_retired": "Retired a practice skill",
    # Learning and CPD
    "learning.item_saved": "Saved a learning item",
    "learning.item_published": "Published a learning item",
    "learning.item_withdrawn": "Withdrew a learning item",
    "learning.session_added": "Added a training session",
    "learning.session_cancelled": "Cancelled a training session",
    "learning.booked": "Booked a place",
    "learning.waiting": "Joined a waiting list",
    "learning.cancelled": "Cancelled a place",
    "learning.place_offered": "Offered a place from the waiting list",
    "learning.attendance": "Recorded attendance",
    "learning.champion_added": "Added a training champion",
    "learning.need_added": "Recorded a training need",
    "learning.cpd_saved": "Saved a CPD record",
    "learning.cpd_evidence_read": "Opened CPD evidence",
    "learning.cpd_reminder": "Sent a CPD reminder",
    "learning.registration_rule": "Added a CPD registration rule",
    "learning.programme_created": "Created a programme",
    "learning.participant_added": "Added a programme participant",
    "learning.question_added": "Added a question to a questionnaire",
    "learning.questionnaire_sent": "Sent a questionnaire",
    "learning.partner_added": "Added a partner organisation",
    "learning.exchange_offer": "Offered places to a partner",
    "learning.exchange_partner_offer": "Recorded a partner's offer of places",
    "learning.exchange_taken": "Took a place from a partner",
}

# The first part of the code, for filtering the audit trail by kind of event.
EVENT_KINDS: list[tuple[str, str]] = [
    ("auth", "Signing in and out"),
    ("role", "Roles given and taken away"),
    ("api_token", "API tokens"),
    ("register", "The workforce register"),
    ("import", "Imports"),
    ("caseload", "Caseload policy"),
    ("family", "Families' records"),
    ("workbook", "Practice tools"),
    ("supervision", "Supervision"),
    ("learning", "Learning and CPD"),
    ("audit", "Audit trail exports"),
]


def describe_event(code: str) -> str:
    """The event in words; a code with no words yet is shown as it is rather than hidden."""
    return EVENT_WORDS.get(code, code)
