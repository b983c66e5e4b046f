"""Contains methods for accessing the API, and the SDK client's resources (generated)."""

from __future__ import annotations

from ..client import AsyncClient, SyncClient
from .device_models import (
    AsyncDeviceModelBrands,
    AsyncDeviceModelBrandsWithRawResponse,
    AsyncDeviceModels,
    AsyncDeviceModelsWithRawResponse,
    DeviceModelBrands,
    DeviceModelBrandsWithRawResponse,
    DeviceModels,
    DeviceModelsWithRawResponse,
)
from .devices import AsyncDevices, AsyncDevicesWithRawResponse, Devices, DevicesWithRawResponse


class SyncResources:
    """The resources of `Gigs`, one attribute each."""

    device_models: DeviceModels
    device_model_brands: DeviceModelBrands
    devices: Devices

    def _bind_resources(self, client: SyncClient) -> None:
        self.device_models = DeviceModels(client)
        self.device_model_brands = DeviceModelBrands(client)
        self.devices = Devices(client)


class AsyncResources:
    """The resources of `AsyncGigs`, one attribute each."""

    device_models: AsyncDeviceModels
    device_model_brands: AsyncDeviceModelBrands
    devices: AsyncDevices

    def _bind_resources(self, client: AsyncClient) -> None:
        self.device_models = AsyncDeviceModels(client)
        self.device_model_brands = AsyncDeviceModelBrands(client)
        self.devices = AsyncDevices(client)


class SyncRawResources:
    """The resources of `Gigs``.with_raw_response`, one attribute each."""

    device_models: DeviceModelsWithRawResponse
    device_model_brands: DeviceModelBrandsWithRawResponse
    devices: DevicesWithRawResponse

    def _bind_resources(self, client: SyncClient) -> None:
        self.device_models = DeviceModelsWithRawResponse(client)
        self.device_model_brands = DeviceModelBrandsWithRawResponse(client)
        self.devices = DevicesWithRawResponse(client)


class AsyncRawResources:
    """The resources of `AsyncGigs``.with_raw_response`, one attribute each."""

    device_models: AsyncDeviceModelsWithRawResponse
    device_model_brands: AsyncDeviceModelBrandsWithRawResponse
    devices: AsyncDevicesWithRawResponse

    def _bind_resources(self, client: AsyncClient) -> None:
        self.device_models = AsyncDeviceModelsWithRawResponse(client)
        self.device_model_brands = AsyncDeviceModelBrandsWithRawResponse(client)
        self.devices = AsyncDevicesWithRawResponse(client)
