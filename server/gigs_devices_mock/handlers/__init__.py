"""One module per resource. A handler takes the backend and a validated call, and answers; a loader
finds the object a path names, or raises its 404.

Loaders are known by the collection the path names the object in (`/devices/{…}`), whatever the
spec calls the parameter: a parameter renamed in openapi.yaml leaves the URL, and the server, as they were."""

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
    "devices": devices.load_device,
    "deviceModels": device_models.load_device_model,
}
