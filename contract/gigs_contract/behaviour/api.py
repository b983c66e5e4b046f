"""The server as the behavioural suite calls it: the SDK's operations, answers as JSON.

Requests are sent by the SDK (`gigs_devices`, its public API only, with retries off), so the suite
also proves the SDK and the server agree on the wire; answers are compared as the JSON the server
sent, so that a field the SDK would drop or default cannot hide a difference.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from gigs_devices import APIResponseValidationError, APIStatusError, Gigs, RawResponse

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
        details: list[Any] = body["details"] if isinstance(body.get("details"), list) else []
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
        # Every device the run ever made, and those a delete of the run answered 200: no list or
        # search may show one of these again, whichever sequence made it.
        self.ever_created: set[str] = set()
        self.deleted: set[str] = set()
        self.unanswered: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        # Retries off: the suite judges each answer, and paces and retries in its Wire (429s) itself.
        self._http = httpx.Client(transport=wire, timeout=httpx.Timeout(timeout))
        self.gigs = Gigs(
            token,
            project=project,
            base_url=base_url,
            max_retries=0,
            timeout=httpx.Timeout(timeout),
            http_client=self._http,
        )
        self.token = token
        # For what the SDK cannot send on purpose: no key or a wrong one, a body that is not JSON,
        # a header the spec leaves out. Through the same Wire, so it is paced and recorded.
        self.raw_client = httpx.Client(base_url=base_url, transport=wire, timeout=httpx.Timeout(timeout))

    def _call(self, operation_id: str, call: Callable[[Any], RawResponse[Any]]) -> Reply:
        """`call` on `gigs.with_raw_response`: the answer as it came, whatever its status."""
        try:
            raw = call(self.gigs.with_raw_response)
        except APIStatusError as error:  # an error status: an answer like any other here
            return Reply(error.status_code, _json(error.content), error.headers)
        try:
            raw.parse()  # the whole answer: a page's items are checked against the schema at once
        except APIResponseValidationError as error:
            self.ledger.check("answers_parse", operation_id, False, f"the SDK cannot parse a success answer ({error})")
            raise  # not reached: the failed check raised
        self.ledger.check("answers_parse", operation_id, True, "")
        with self._lock:
            self.successes[operation_id] += 1
        return Reply(raw.status_code, _json(raw.http_response.content), raw.headers)

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
        return Reply(response.status_code, _json(response.content), response.headers)

    def close(self) -> None:
        self.gigs.close()
        self._http.close()  # the SDK leaves a client it was given open
        self.raw_client.close()

    # Devices ------------------------------------------------------------------------------------

    def create(self, fields: dict[str, Any], key: str | None = None) -> Reply:
        key = key or new_key()
        with self._lock:
            self.unanswered[key] = fields
        reply = self._call("createDevice", lambda gigs: gigs.devices.create(**fields, idempotency_key=key))
        with self._lock:
            if reply.status == 201 and isinstance(reply.body, dict) and isinstance(reply.body.get("id"), str):
                self.created[reply.body["id"]] = None
                self.ever_created.add(reply.body["id"])
            self.unanswered.pop(key, None)
        return reply

    def create_unkeyed(self, fields: dict[str, Any]) -> Reply:
        """A create without an Idempotency-Key, which the API allows (the SDK always sends one): sent as it is."""
        reply = self.raw(
            "POST",
            f"/projects/{self.project}/devices",
            headers={"Content-Type": "application/json"},
            content=orjson.dumps(fields),
        )
        with self._lock:
            if reply.status == 201 and isinstance(reply.body, dict) and isinstance(reply.body.get("id"), str):
                self.created[reply.body["id"]] = None
                self.ever_created.add(reply.body["id"])
        return reply

    def retrieve(self, device_id: str) -> Reply:
        return self._call("retrieveDevice", lambda gigs: gigs.devices.retrieve(device_id))

    def update(self, device_id: str, fields: dict[str, Any], key: str | None = None) -> Reply:
        """An update; with `key`, an Idempotency-Key the API says a PATCH ignores (so the SDK, which
        follows the spec, has no way to send it: sent as it is)."""
        if key is None:
            return self._call("updateDevice", lambda gigs: gigs.devices.update(device_id, **fields))
        headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
        return self.raw(
            "PATCH", f"/projects/{self.project}/devices/{device_id}", headers=headers, content=orjson.dumps(fields)
        )

    def delete(self, device_id: str, key: str | None = None) -> Reply:
        reply = self._call(
            "deleteDevice", lambda gigs: gigs.devices.delete(device_id, idempotency_key=key or new_key())
        )
        if reply.status in (200, 404):
            with self._lock:
                self.created.pop(device_id, None)
                if reply.status == 200 and device_id in self.ever_created:
                    self.deleted.add(device_id)
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
        # Only the first page: the suite walks pages itself, by the cursors of the answers.
        return self._call("listDevices", lambda gigs: gigs.devices.list(**query))

    def search(self, imei: str) -> Reply:
        return self._call("searchDevices", lambda gigs: gigs.devices.search(imei=imei))

    # Device models ------------------------------------------------------------------------------

    def list_models(self, **query: Any) -> Reply:
        # `type_` as the models name it; the SDK's keyword is `type`, as the API's.
        query = {"type" if name == "type_" else name: value for name, value in query.items()}
        return self._call("listDeviceModels", lambda gigs: gigs.device_models.list(**query))

    def retrieve_model(self, model_id: str) -> Reply:
        return self._call("retrieveDeviceModel", lambda gigs: gigs.device_models.retrieve(model_id))

    def search_models(self, imei: str) -> Reply:
        return self._call("searchDeviceModels", lambda gigs: gigs.device_models.search(imei=imei))

    def brands(self) -> Reply:
        return self._call("listDeviceModelBrands", lambda gigs: gigs.device_model_brands.list())


def _json(content: bytes) -> Any:
    """The parsed JSON of an answer, or None when it was not JSON."""
    try:
        return orjson.loads(content) if content else None
    except orjson.JSONDecodeError:
        return None
