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
