"""Domain errors carrying a stable machine-readable ``code`` for API responses."""

from __future__ import annotations


class DomainError(Exception):
    """Base class for rule violations; ``code`` is stable, ``detail`` is for humans."""

    code: str = "invalid_input"

    def __init__(self, detail: str = "") -> None:
        # Fall back to the code so str(exc) is never empty in logs.
        super().__init__(detail or self.code)
        self.detail = detail


class InvalidInput(DomainError):
    """Input failed validation; ``field`` names the offending field when known."""

    code = "invalid_input"

    def __init__(self, detail: str = "", *, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field


class WrongPhase(DomainError):
    """The action is not allowed in the workshop's current phase."""

    code = "wrong_phase"


class VoteBudgetExhausted(DomainError):
    """The participant has already spent all of their dots."""

    code = "vote_budget_exhausted"


class IdeaVoteLimit(DomainError):
    """The participant already has the maximum number of dots on this idea."""

    code = "idea_vote_limit"


class InvalidTransition(DomainError):
    """The requested phase change is not an allowed edge of the phase machine."""

    code = "invalid_transition"
