"""Cross-project isolation, as a contract any server can be held to: it needs two projects and two keys."""

from __future__ import annotations

import httpx
import pytest

EXAMPLE = {"imei": "356938035643809", "name": "contract isolation probe"}


@pytest.fixture
def two_projects(contract_target):
    target = contract_target
    if not target.has_second_project:
        pytest.skip("cross-project isolation needs a second project: set GIGS_TOKEN_2 and GIGS_PROJECT_2")
    with (
        httpx.Client(base_url=target.base_url, headers={"Authorization": f"Bearer {target.token}"}) as first,
        httpx.Client(base_url=target.base_url, headers={"Authorization": f"Bearer {target.token_2}"}) as second,
    ):
        yield target, first, second


@pytest.fixture
def device(two_projects):
    """A device created in the first project for the test, and deleted after it."""
    target, first, _ = two_projects
    created = first.post(f"/projects/{target.project}/devices", json=EXAMPLE)
    assert created.status_code == 201, created.text
    yield created.json()
    first.delete(f"/projects/{target.project}/devices/{created.json()['id']}")


def test_a_device_is_invisible_from_the_other_project(two_projects, device):
    target, _, second = two_projects
    assert second.get(f"/projects/{target.project_2}/devices/{device['id']}").status_code == 404
    listed = second.get(f"/projects/{target.project_2}/devices", params={"limit": 200}).json()["items"]
    assert device["id"] not in [item["id"] for item in listed]
    found = second.post(f"/projects/{target.project_2}/devices/search", json={"imei": EXAMPLE["imei"]})
    assert device["id"] not in [item["id"] for item in found.json()["items"]]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/{device}"), ("PATCH", "/{device}"), ("DELETE", "/{device}"), ("POST", "/search")],
)
def test_each_key_is_refused_on_the_other_projects_paths(two_projects, device, method, path):
    target, first, second = two_projects
    suffix = path.format(device=device["id"])
    body = {"imei": EXAMPLE["imei"]} if path == "/search" else ({} if method == "PATCH" else None)
    for client, project in ((second, target.project), (first, target.project_2)):
        response = client.request(method, f"/projects/{project}/devices{suffix}", json=body)
        assert response.status_code == 401, (project, response.text)
        assert response.json()["type"] == "unauthenticated"
    assert first.get(f"/projects/{target.project}/devices/{device['id']}").json() == device  # untouched
