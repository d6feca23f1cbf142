"""The one exception type for errors a user can cause and can act on.

The web renders it as a GOV.UK error summary, the API as a 400 response with the same messages,
and the CLI prints it and exits with status 1.
"""

from __future__ import annotations

from collections.abc import Iterable


class ThriveError(Exception):
    """An error caused by input a person can correct.

    Parameters
    ----------
    message
        What went wrong, in words the person can act on.
    problems
        Optional list of individual problems (for example ``row 4, column fte: ...``).
    field
        Optional form field the error belongs to.
    """

    def __init__(
        self, message: str, *, problems: Iterable[str] = (), field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.field = field

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  {p}" for p in self.problems)
