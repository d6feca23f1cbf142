"""The recruitment channels a council starts from and then edits ("facts are data"): how
candidates heard of a vacancy."""

from __future__ import annotations

# (name, kind, platform)
DEFAULT_CHANNELS: list[tuple[str, str, str]] = [
    ("Word of mouth", "word_of_mouth", ""),
    ("Refer a friend", "refer_a_friend", ""),
    ("Social media: LinkedIn", "social_media", "LinkedIn"),
    ("Social media: Facebook", "social_media", "Facebook"),
    ("Social media: Instagram", "social_media", "Instagram"),
    ("Social media: X", "social_media", "X"),
    ("Social media: TikTok", "social_media", "TikTok"),
    ("University job fair", "job_fair", ""),
    ("Career changers", "career_changers", ""),
    ("Armed forces leavers", "armed_forces", ""),
    ("International recruitment", "international", ""),
    ("Partner networks", "partner_networks", ""),
    ("Targeted community outreach", "community", ""),
    ("Job board or council website", "job_board", ""),
]

# The selection templates a council starts from (seeded for every council by migration
# 0015_selection_templates, and used by a council that has none of its own) and then edits as
# dated records: a manager post adds an assessment centre between the sift and the interview.
SELECTION_STEPS: dict[str, list[str]] = {
    "practice": ["Sift of applications", "Values-based panel interview"],
    "manager": ["Sift of applications", "Assessment centre", "Values-based panel interview"],
}

# The emails a candidate gets as their application moves, until the council writes its own
# (stage: subject, body). {name}, {job}, {council} and {link} are filled in.
DEFAULT_STAGE_EMAILS: dict[str, tuple[str, str]] = {
    "shortlisted": (
        "You are shortlisted: {job}",
        "Dear {name},\n\nThank you for applying for {job} at {council}. We are pleased to tell "
        "you that you are shortlisted. We will contact you soon about the next step.\n\n"
        "Follow your application here:\n{link}",
    ),
    "offered": (
        "We would like to offer you the job: {job}",
        "Dear {name},\n\n{council} would like to offer you the post of {job}. The offer is "
        "conditional on the safer recruitment checks; we will be in touch about them.\n\n"
        "Follow your application here:\n{link}",
    ),
    "rejected": (
        "Your application for {job}",
        "Dear {name},\n\nThank you for your interest in {job} at {council}. We are sorry that "
        "we will not be taking your application further this time.\n\n"
        "Your applications are here:\n{link}",
    ),
}
