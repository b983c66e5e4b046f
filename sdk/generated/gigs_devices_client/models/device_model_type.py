from enum import StrEnum


class DeviceModelType(StrEnum):
    """The kind of hardware a device model is.

    A value this version does not know parses too, named `UNKNOWN`, its `.value` kept.
    """

    CAR = "car"
    FEATURE_PHONE = "feature-phone"
    IOT = "iot"
    LAPTOP = "laptop"
    OTHER = "other"
    ROUTER = "router"
    SMARTPHONE = "smartphone"
    SMARTWATCH = "smartwatch"
    TABLET = "tablet"
    WEARABLE = "wearable"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "DeviceModelType | None":
        """A value this version does not know yet: kept readable (`.value`) rather than refused."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
