"""What a run created and left is deleted, even when the process that created it could not."""

from __future__ import annotations

import sys
import textwrap

import httpx
from mock_server import launch

from gigs_contract import schemathesis_run
from gigs_contract.events import Summary
from gigs_contract.leftovers import JOURNAL, CreatedDevices, delete_devices, journal_leftovers


def test_the_journal_keeps_what_was_created_and_not_deleted(tmp_path):
    created = CreatedDevices(tmp_path / JOURNAL)
    for device in ("dev_a", "dev_b", "dev_c"):
        created.created(device, "dev")
    created.deleted("dev_b")
    created.deleted("dev_b")  # twice: written once
    created.deleted("dev_never")  # not ours: not written
    assert journal_leftovers(tmp_path / JOURNAL) == {"dev_a": "dev", "dev_c": "dev"} == created.live()
    assert (tmp_path / JOURNAL).read_text().splitlines() == ["+ dev_a dev", "+ dev_b dev", "+ dev_c dev", "- dev_b"]
    assert journal_leftovers(tmp_path / "none") == {}
    CreatedDevices(tmp_path / "spaced").created("dev_d", "a project")  # a project name is the rest of its line
    assert journal_leftovers(tmp_path / "spaced") == {"dev_d": "a project"}


def test_a_device_not_found_is_gone_and_one_the_server_refuses_stays():
    def server(request: httpx.Request) -> httpx.Response:
        device = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response({"dev_ok": 200, "dev_gone": 404}.get(device, 500), json={})

    devices = {"dev_ok": "dev", "dev_gone": "dev", "dev_stuck": "dev"}
    transport = httpx.MockTransport(server)
    assert delete_devices("http://127.0.0.1:1", "t", devices, transport) == {"dev_ok", "dev_gone"}


# A Schemathesis child that creates two devices, deletes one, and is killed before it can clean up.
KILLED_CHILD = textwrap.dedent(
    """
    import os, signal, httpx
    from pathlib import Path
    from gigs_contract.leftovers import JOURNAL, CreatedDevices
    base, token, project = os.environ["GIGS_BASE_URL"], os.environ["GIGS_TOKEN"], os.environ["GIGS_PROJECT"]
    created = CreatedDevices(Path(os.environ["GIGS_CONTRACT_WORK"]) / JOURNAL)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for name in ("left 1", "left 2", "deleted"):
            created.created(client.post(f"/projects/{project}/devices", json={"user": USER, "name": name}).json()["id"], project)
        deleted = next(reversed(created.live()))
        client.delete(f"/projects/{project}/devices/{deleted}")
        created.deleted(deleted)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_devices_a_killed_schemathesis_child_left_are_deleted_by_the_parent(tmp_path, monkeypatch, capsys):
    with (
        launch() as target,
        httpx.Client(base_url=target.base_url, headers={"Authorization": f"Bearer {target.token}"}) as client,
    ):
        listing = f"/projects/{target.project}/devices?limit=200"
        before = {device["id"] for device in client.get(listing).json()["items"]}
        script = f"USER = {target.first.users[0]!r}\n" + KILLED_CHILD
        monkeypatch.setattr(schemathesis_run, "command", lambda *args: [sys.executable, "-c", script])
        summary = schemathesis_run.run(target, "fast", [], tmp_path, Summary(), seed=1, rate=None)
        after = {device["id"] for device in client.get(listing).json()["items"]}
    assert summary.exit_status == -9  # killed: its own clean-up never ran
    assert after == before, "the devices the child left are still there"
    assert "could not delete" not in capsys.readouterr().err


def test_a_device_the_parent_cannot_delete_is_named(tmp_path, capsys):
    from gigs_contract.target import Project, Target

    created = CreatedDevices(tmp_path / JOURNAL)
    created.created("dev_stuck", "dev")
    target = Target("http://127.0.0.1:9", Project("dev", "t"))  # nothing listens: it cannot be deleted
    schemathesis_run.delete_left(target, tmp_path / JOURNAL)
    assert "could not delete device dev_stuck of project dev" in capsys.readouterr().err
