from enum import StrEnum


class DeviceModelType(StrEnum):
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
