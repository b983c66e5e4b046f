"""The server as the behavioural suite calls it: the generated client's operations, answers as JSON.

Requests are built by the generated client (so the suite also proves the client and the server
agree on the wire); answers are compared as the JSON the server sent, so that a field the client
would drop or default cannot hide a difference.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from gigs_devices_client import AuthenticatedClient
from gigs_devices_client.api.device_models import (
    list_device_model_brands,
    list_device_models,
    retrieve_device_model,
    search_device_models,
)
from gigs_devices_client.api.devices import (
    create_device,
    delete_device,
    list_devices,
    retrieve_device,
    search_devices,
    update_device,
)
from gigs_devices_client.models import DeviceCreate, DeviceModelSearch, DeviceSearch, DeviceUpdate
from gigs_devices_client.types import UNSET

from .ledger import Ledger
from .wire import Wire


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # the parsed JSON, or None when the answer was not JSON
    headers: httpx.Headers

    @property
    def ids(self) -> list[str]:
        return [item["id"] for item in self.body["items"]]

    def error(self) -> tuple[str | None, str | None, list[str]]:
        """An error answer's type, code and the properties its details name."""
        body = self.body if isinstance(self.body, dict) else {}
        details = body.get("details") if isinstance(body.get("details"), list) else []
        properties = [d.get("property") for d in details if isinstance(d, dict)]
        return body.get("type"), body.get("code"), [p for p in properties if isinstance(p, str)]


def new_key() -> str:
    return f"contract-{uuid.uuid4()}"


class Api:
    def __init__(
        self, base_url: str, token: str, project: str, wire: Wire, ledger: Ledger, timeout: float = 10.0
    ) -> None:
        self.project, self.ledger = project, ledger
        self.successes: Counter[str] = Counter()  # operationId → 2xx answers
        # The run's devices, kept here rather than by the callers, so that an interrupt between an
        # answer and its caller cannot lose one: every device the run created and has not deleted,
        # and each create sent whose answer was not read yet (by Idempotency-Key).
        self.created: dict[str, None] = {}
        self.unanswered: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.client = AuthenticatedClient(
            base_url=base_url, token=token, timeout=httpx.Timeout(timeout), httpx_args={"transport": wire}
        )
        self.token = token
        # For what the generated client cannot send on purpose: no key or a wrong one, a body that is
        # not JSON, a header the spec leaves out. Through the same Wire, so it is paced and recorded.
        self.raw_client = httpx.Client(base_url=base_url, transport=wire, timeout=httpx.Timeout(timeout))

    def _call(self, operation, *args: Any, **kwargs: Any) -> Reply:
        name = operation.__name__.rsplit(".", 1)[-1]
        try:
            response = operation.sync_detailed(*args, client=self.client, **kwargs)
        except (KeyError, ValueError, TypeError) as error:
            # The generated client refuses a success answer that does not fit its schema.
            detail = f"{type(error).__name__}: {error}"
            self.ledger.check(
                "answers_parse", name, False, f"the generated client cannot parse a success answer ({detail})"
            )
            raise  # not reached: the failed check raised
        if 200 <= response.status_code < 300:
            self.ledger.check("answers_parse", name, True, "")
            operation_id = "".join(word if n == 0 else word.title() for n, word in enumerate(name.split("_")))
            with self._lock:
                self.successes[operation_id] += 1
        try:
            body = orjson.loads(response.content) if response.content else None
        except orjson.JSONDecodeError:
            body = None
        return Reply(int(response.status_code), body, response.headers)

    def raw(
        self,
        method: str,
        path: str,
        *,
        key: str | None = "own",
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        params: dict[str, str] | None = None,
    ) -> Reply:
        """A request as given: `key` "own" sends this project's key, None none, anything else as the
        whole Authorization header (a wrong key on purpose)."""
        sent = dict(headers or {})
        if key == "own":
            sent["Authorization"] = f"Bearer {self.token}"
        elif key is not None:
            sent["Authorization"] = key
        response = self.raw_client.request(method, path, headers=sent, content=content, params=params)
        try:
            body = orjson.loads(response.content) if response.content else None
        except orjson.JSONDecodeError:
            body = None
        return Reply(response.status_code, body, response.headers)

    def close(self) -> None:
        self.client.get_httpx_client().close()
        self.raw_client.close()

    # Devices ------------------------------------------------------------------------------------

    def create(self, fields: dict[str, Any], key: str | None = None) -> Reply:
        key = key or new_key()
        with self._lock:
            self.unanswered[key] = fields
        reply = self._call(create_device, self.project, body=DeviceCreate.from_dict(fields), idempotency_key=key)
        with self._lock:
            if reply.status == 201 and isinstance(reply.body, dict) and isinstance(reply.body.get("id"), str):
                self.created[reply.body["id"]] = None
            self.unanswered.pop(key, None)
        return reply

    def retrieve(self, device_id: str) -> Reply:
        return self._call(retrieve_device, self.project, device_id)

    def update(self, device_id: str, fields: dict[str, Any], key: str | None = None) -> Reply:
        """An update; with `key`, an Idempotency-Key the API says a PATCH ignores (so the generated
        client, which follows the spec, has no way to send it: sent as it is)."""
        if key is None:
            return self._call(update_device, self.project, device_id, body=DeviceUpdate.from_dict(fields))
        headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
        return self.raw(
            "PATCH", f"/projects/{self.project}/devices/{device_id}", headers=headers, content=orjson.dumps(fields)
        )

    def delete(self, device_id: str, key: str | None = None) -> Reply:
        reply = self._call(delete_device, self.project, device_id, idempotency_key=key or new_key())
        if reply.status in (200, 404):
            with self._lock:
                self.created.pop(device_id, None)
        return reply

    def clean_up(self, in_flight_wait: float = 15.0) -> list[str]:
        """Delete every device the run created and did not delete; the IDs that could not be deleted.

        A create whose answer was never read (an interrupt came first) is sent again with its key: the
        server answers what it did the first time (so the device is found), or creates it now."""
        deadline = time.monotonic() + in_flight_wait
        for key, fields in list(self.unanswered.items()):
            # 409: the first is still running (in a thread the interrupt did not stop); ask again.
            while self.create(fields, key).status == 409 and time.monotonic() < deadline:
                time.sleep(0.2)
        for device_id in list(self.created):
            self.delete(device_id)
        return list(self.created)

    def list(self, **query: Any) -> Reply:
        # The generated client sends limit=10 unless told otherwise: UNSET leaves it out, to test the default.
        return self._call(list_devices, self.project, **{"limit": UNSET, **query})

    def search(self, imei: str) -> Reply:
        return self._call(search_devices, self.project, body=DeviceSearch(imei=imei))

    # Device models ------------------------------------------------------------------------------

    def list_models(self, **query: Any) -> Reply:
        return self._call(list_device_models, **{"limit": UNSET, **query})

    def retrieve_model(self, model_id: str) -> Reply:
        return self._call(retrieve_device_model, model_id)

    def search_models(self, imei: str) -> Reply:
        return self._call(search_device_models, body=DeviceModelSearch(imei=imei))

    def brands(self) -> Reply:
        return self._call(list_device_model_brands)
