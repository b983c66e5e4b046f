from enum import StrEnum


class SimType(StrEnum):
    """The form of a SIM, embedded (`eSIM`) or physical (`pSIM`).

    A value this version does not know parses too, named `UNKNOWN`, its `.value` kept.
    """

    ESIM = "eSIM"
    PSIM = "pSIM"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "SimType | None":
        """A value this version does not know yet: kept readable (`.value`) rather than refused."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
