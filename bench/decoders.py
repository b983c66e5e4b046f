"""Hand-written models of a device page, as an experienced user of each library would write them.

The yardsticks for the generated attrs models (bench/client.py): pydantic v2 (nested models,
`model_validate_json`, plain `str` for e-mail: no email-validator) and msgspec Structs. Each parses
the same fields the generated models do, with the same types (timestamps and dates as datetime/date).
"""

from __future__ import annotations

import datetime
from typing import Literal

import msgspec
import pydantic


class PydanticDeviceModel(pydantic.BaseModel):
    object: Literal["deviceModel"]
    id: str
    brand: str
    hardwareIdentifiers: list[str]
    name: str
    simTypes: list[str]
    type: str


class PydanticSim(pydantic.BaseModel):
    object: Literal["sim"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    iccid: str
    provider: str
    status: str
    type: str


class PydanticUser(pydantic.BaseModel):
    object: Literal["user"]
    id: str
    metadata: dict[str, str]
    birthday: datetime.date | None
    createdAt: datetime.datetime
    email: str | None
    emailVerified: bool
    fullName: str | None
    preferredLocale: str | None
    status: str


class PydanticDevice(pydantic.BaseModel):
    object: Literal["device"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    imei: str | None
    model: PydanticDeviceModel | None
    name: str | None
    sims: list[PydanticSim]
    user: PydanticUser | None


class PydanticDeviceList(pydantic.BaseModel):
    object: Literal["list"]
    items: list[PydanticDevice]
    moreItemsAfter: str | None
    moreItemsBefore: str | None


class StructDeviceModel(msgspec.Struct):
    object: Literal["deviceModel"]
    id: str
    brand: str
    hardwareIdentifiers: list[str]
    name: str
    simTypes: list[str]
    type: str


class StructSim(msgspec.Struct):
    object: Literal["sim"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    iccid: str
    provider: str
    status: str
    type: str


class StructUser(msgspec.Struct):
    object: Literal["user"]
    id: str
    metadata: dict[str, str]
    birthday: datetime.date | None
    createdAt: datetime.datetime
    email: str | None
    emailVerified: bool
    fullName: str | None
    preferredLocale: str | None
    status: str


class StructDevice(msgspec.Struct):
    object: Literal["device"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    imei: str | None
    model: StructDeviceModel | None
    name: str | None
    sims: list[StructSim]
    user: StructUser | None


class StructDeviceList(msgspec.Struct):
    object: Literal["list"]
    items: list[StructDevice]
    moreItemsAfter: str | None
    moreItemsBefore: str | None


STRUCT_DECODER = msgspec.json.Decoder(StructDeviceList)
