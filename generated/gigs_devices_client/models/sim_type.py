from enum import StrEnum


class SimType(StrEnum):
    ESIM = "eSIM"
    PSIM = "pSIM"

    def __str__(self) -> str:
        return str(self.value)
