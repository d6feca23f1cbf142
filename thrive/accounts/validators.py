"""Password rules beyond Django's: a mix of character kinds."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class CharacterVarietyValidator:
    """Require at least three of: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        kinds = sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )
        if kinds < 3:
            raise ValidationError(
                "Your password must use at least three of: lower case letters, capital letters, "
                "numbers and symbols.",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return "Use at least three of: lower case letters, capital letters, numbers and symbols."
