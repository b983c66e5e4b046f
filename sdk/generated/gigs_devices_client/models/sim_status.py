from enum import StrEnum


class SimStatus(StrEnum):
    """Where a SIM is in its life.

    A value this version does not know parses too, named `UNKNOWN`, its `.value` kept.
    """

    ACTIVE = "active"
    INACTIVE = "inactive"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "SimStatus | None":
        """A value this version does not know yet: kept readable (`.value`) rather than refused."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
