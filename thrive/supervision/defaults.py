"""The practice skills a new council starts with (relationship-based practice)."""

from __future__ import annotations

DEFAULT_SKILLS: list[tuple[str, str]] = [
    ("Building relationships", "Engaging children and adults, and keeping the relationship."),
    ("Hearing the child's voice", "The child's experience and wishes shape the work."),
    ("Curiosity", "Asking why, and not settling for the first explanation."),
    ("Using authority well", "Being clear about concerns while staying respectful."),
    ("Analysis and decision making", "Weighing evidence and reaching a clear view."),
    ("Working with risk", "Understanding harm and what keeps children safe."),
    ("Working with partners", "Sharing information and working with other professionals."),
    ("Reflective practice", "Thinking about one's own feelings and their effect on the work."),
    ("Motivational interviewing", "Drawing out a parent's own reasons to change."),
    ("Clear recording", "Writing so the family and the next worker can understand."),
]
