"""What the SDK's types promise, checked by `mypy --strict` and pyright in `make lint` (never run).

Every operation's return, sync and async, pages and their items: a change to the templates or the
spec that loosens one of them to `Any` (or to `T | Error | None`) fails the lint.
"""

from __future__ import annotations

from typing import assert_type

from gigs_devices_client.models import Device, DeviceList, DeviceModel, DeviceModelBrands, DeviceModelList

from gigs_devices import AsyncGigs, AsyncPage, AsyncPager, Gigs, RawResponse, SyncPage


def sync_surface(gigs: Gigs) -> None:
    device = gigs.devices.create(imei="356938035643809", name=None, sims=["sim_1"], metadata={"crmId": "c-1"})
    assert_type(device, Device)
    assert_type(gigs.devices.retrieve(device.id, project="other"), Device)
    assert_type(gigs.devices.update(device.id, metadata={"crmId": None}, user=None), Device)
    assert_type(gigs.devices.delete(device.id, idempotency_key="k-1"), Device)
    assert_type(gigs.devices.search(imei="356938035643809"), DeviceList)
    page = gigs.devices.list(limit=10, user="usr_1", timeout=5, max_retries=0, extra_headers={"X": "y"})
    assert_type(page, SyncPage[Device])
    assert_type(page.items, list[Device])
    assert_type(page.get_next_page(), SyncPage[Device])
    for each in page:
        assert_type(each, Device)
    models = gigs.device_models.list(type=["smartphone"], brand=["Apple"], sim_type=["eSIM"])
    assert_type(models, SyncPage[DeviceModel])
    assert_type(gigs.device_models.retrieve("dmd_1"), DeviceModel)
    assert_type(gigs.device_models.search(imei="35693803"), DeviceModelList)
    assert_type(gigs.device_model_brands.list(), DeviceModelBrands)
    assert_type(gigs.with_options(max_retries=5), Gigs)


async def async_surface(gigs: AsyncGigs) -> None:
    device = await gigs.devices.create(user="usr_1")
    assert_type(device, Device)
    assert_type(await gigs.devices.retrieve(device.id), Device)
    assert_type(await gigs.devices.update(device.id, name="n"), Device)
    assert_type(await gigs.devices.delete(device.id), Device)
    assert_type(await gigs.devices.search(imei="356938035643809"), DeviceList)
    pager = gigs.devices.list(limit=10)
    assert_type(pager, AsyncPager[Device])
    page = await pager
    assert_type(page, AsyncPage[Device])
    assert_type(await page.get_next_page(), AsyncPage[Device])
    async for each in gigs.devices.list():
        assert_type(each, Device)
    assert_type(await gigs.device_models.list(type=["tablet"]), AsyncPage[DeviceModel])
    assert_type(await gigs.device_models.retrieve("dmd_1"), DeviceModel)
    assert_type(await gigs.device_models.search(imei="35693803"), DeviceModelList)
    assert_type(await gigs.device_model_brands.list(), DeviceModelBrands)


def raw_surface(gigs: Gigs) -> None:
    raw = gigs.with_raw_response.devices.retrieve("dev_1")
    assert_type(raw, RawResponse[Device])
    assert_type(raw.status_code, int)
    assert_type(raw.parse(), Device)
    assert_type(gigs.with_raw_response.devices.list(limit=5).parse(), SyncPage[Device])
    assert_type(gigs.with_raw_response.device_model_brands.list().parse(), DeviceModelBrands)


async def async_raw_surface(gigs: AsyncGigs) -> None:
    raw = await gigs.with_raw_response.devices.create(user="usr_1")
    assert_type(raw, RawResponse[Device])
    page = (await gigs.with_raw_response.device_models.list(type=["tablet"])).parse()
    assert_type(page, AsyncPage[DeviceModel])
