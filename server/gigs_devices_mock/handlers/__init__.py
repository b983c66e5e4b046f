"""One module per resource. A handler takes the backend and a validated call, and answers; a loader
finds the object a path parameter names, or raises its 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..backend import Answer, Backend, Call
from . import device_models, devices

Handler = Callable[[Backend, Call], Answer]
Loader = Callable[[Backend, str, str], Any]  # (backend, project, ID) → the object

HANDLERS: dict[str, Handler] = {
    "listDevices": devices.list_devices,
    "createDevice": devices.create_device,
    "retrieveDevice": devices.retrieve_device,
    "updateDevice": devices.update_device,
    "deleteDevice": devices.delete_device,
    "searchDevices": devices.search_devices,
    "listDeviceModels": device_models.list_device_models,
    "retrieveDeviceModel": device_models.retrieve_device_model,
    "searchDeviceModels": device_models.search_device_models,
    "listDeviceModelBrands": device_models.list_device_model_brands,
}

LOADERS: dict[str, Loader] = {
    "device": devices.load_device,
    "deviceModel": device_models.load_device_model,
}
