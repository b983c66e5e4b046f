from enum import StrEnum


class UserStatus(StrEnum):
    """Whether a user may use the project's services.

    A value this version does not know parses too, named `UNKNOWN`, its `.value` kept.
    """

    ACTIVE = "active"
    BLOCKED = "blocked"
    DELETED = "deleted"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "UserStatus | None":
        """A value this version does not know yet: kept readable (`.value`) rather than refused."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
