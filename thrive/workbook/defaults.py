"""The practice tools a new council starts with; each council edits its own list."""

from __future__ import annotations

DEFAULT_TOOLS: list[tuple[str, str]] = [
    (
        "Motivational interviewing",
        "Conversations that draw out the person's own reasons to change.",
    ),
    ("Scaling questions", "Asking people to rate worries and progress from 0 to 10."),
    ("Genogram", "A family tree showing relationships and patterns across generations."),
    ("Ecomap", "A picture of the family's connections with people and services around them."),
    ("Chronology", "Significant events in date order, to see patterns over time."),
    ("Direct work with the child", "Play, drawing and other tools to hear the child's voice."),
    ("Three houses", "Worries, good things and dreams, drawn with a child."),
    ("Safety planning", "An agreed plan for what happens when risk rises."),
    ("Cycle of change", "Where a parent is in changing a behaviour, and what helps next."),
    ("Family network meeting", "Bringing the family's own network together to plan."),
]
