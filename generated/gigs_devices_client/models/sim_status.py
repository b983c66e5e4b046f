from enum import StrEnum


class SimStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)
