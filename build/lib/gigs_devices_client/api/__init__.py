"""Contains methods for accessing the API, and the SDK client's resources (generated)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .device_models import AsyncDeviceModelBrands, AsyncDeviceModels, DeviceModelBrands, DeviceModels
from .devices import AsyncDevices, Devices

if TYPE_CHECKING:
    from gigs_devices._client import AsyncGigs, Gigs


class SyncResources:
    """The resources of `Gigs`, one attribute each."""

    device_models: DeviceModels
    device_model_brands: DeviceModelBrands
    devices: Devices

    def _bind_resources(self, client: Gigs) -> None:
        self.device_models = DeviceModels(client)
        self.device_model_brands = DeviceModelBrands(client)
        self.devices = Devices(client)


class AsyncResources:
    """The resources of `AsyncGigs`, one attribute each."""

    device_models: AsyncDeviceModels
    device_model_brands: AsyncDeviceModelBrands
    devices: AsyncDevices

    def _bind_resources(self, client: AsyncGigs) -> None:
        self.device_models = AsyncDeviceModels(client)
        self.device_model_brands = AsyncDeviceModelBrands(client)
        self.devices = AsyncDevices(client)
