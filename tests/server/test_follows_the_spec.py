"""The reference server follows openapi.yaml, not names written into its code: a path parameter
renamed in the spec (the URL unchanged) is served as before; an operation renamed or removed starts
the server with a warning, not a crash."""

from __future__ import annotations

import logging

import yaml
from mock_server import ROOT
from starlette.testclient import TestClient

from gigs_devices_mock import create_app

AUTH = {"Authorization": "Bearer dev_token"}


def _spec(tmp_path, edit) -> object:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    edit(document)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


def _rename_path_parameter(document: dict, path: str, old: str, new: str) -> None:
    """`{old}` in `path` becomes `{new}`: the same URLs, another name in the spec."""
    item = document["paths"].pop(path)
    renamed = path.replace("{" + old + "}", "{" + new + "}")
    for holder in [item, *(operation for operation in item.values() if isinstance(operation, dict))]:
        parameters = holder.get("parameters") if isinstance(holder, dict) else None
        for index, parameter in enumerate(parameters or []):
            resolved = parameter
            if "$ref" in parameter:
                resolved = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            if resolved.get("in") == "path" and resolved.get("name") == old:
                parameters[index] = {**resolved, "name": new}
    document["paths"][renamed] = item


def test_renamed_path_parameters_are_served_as_before(tmp_path):
    def rename(document: dict) -> None:
        _rename_path_parameter(document, "/deviceModels/{deviceModel}", "deviceModel", "modelId")
        _rename_path_parameter(document, "/projects/{project}/devices/{device}", "device", "deviceId")
        _rename_path_parameter(document, "/projects/{project}/devices/{deviceId}", "project", "projectId")

    app = create_app(spec_path=_spec(tmp_path, rename))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        model = client.get("/deviceModels", headers=AUTH).json()["items"][0]["id"]
        assert client.get(f"/deviceModels/{model}", headers=AUTH).json()["id"] == model
        assert client.get("/deviceModels/unknown", headers=AUTH).status_code == 404
        created = client.post(
            "/projects/dev/devices", headers={**AUTH, "Idempotency-Key": "k1"}, json={"imei": "356938035643809"}
        )
        assert created.status_code == 201, created.text
        device = created.json()["id"]
        assert client.get(f"/projects/dev/devices/{device}", headers=AUTH).json()["id"] == device
        assert client.get(f"/projects/dev2/devices/{device}", headers=AUTH).status_code == 401  # another project's path
        assert client.delete(f"/projects/dev/devices/{device}", headers=AUTH).status_code == 200
        assert client.get(f"/projects/dev/devices/{device}", headers=AUTH).status_code == 404


def test_a_renamed_or_removed_operation_starts_with_a_warning_and_is_served_without_its_handler(tmp_path, caplog):
    def rename_and_remove(document: dict) -> None:
        document["paths"]["/deviceModelBrands"]["get"]["operationId"] = "listBrands"
        del document["paths"]["/deviceModels/search"]

    with caplog.at_level(logging.WARNING):
        app = create_app(spec_path=_spec(tmp_path, rename_and_remove))
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "listDeviceModelBrands" in warned and "searchDeviceModels" in warned
    with TestClient(app, base_url="http://127.0.0.1") as client:
        # The renamed operation has no handler under its new name: answered 501, as any new one is.
        assert client.get("/deviceModelBrands", headers=AUTH).status_code == 501
        assert client.get("/deviceModels", headers=AUTH).status_code == 200
