"""Idempotency-Key on POST and DELETE: the first successful answer is replayed for 24 hours.

A repeat is recognised by the key within the caller's project; the request it stands for (method,
path and body) must be the same, or the repeat is refused rather than answered with another
request's result. A repeat that arrives while the first is still running is answered 409.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from .backend import Answer
from .errors import PropertyError, conflict, invalid
from .store import PendingAnswer, Store

TTL_SECONDS = 24 * 60 * 60
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass
class Idempotency:
    store: Store
    clock: Callable[[], float] = time.time
    _running: set[tuple[str, str]] = field(default_factory=set)

    async def run(
        self,
        scope: str,
        key: str,
        request: tuple[str, str, bytes],
        respond: Callable[[PendingAnswer], Awaitable[Answer]],
        success_status: int,
    ) -> Answer:
        method, path, body = request
        fingerprint = hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()
        stored = self.store.idempotent_answer(scope, key, self.clock())
        if stored is not None:
            stored_fingerprint, status, stored_body = stored
            if stored_fingerprint != fingerprint:
                raise invalid(PropertyError(HEADER, "was already used for a different request"))
            return Answer(status, stored_body, {REPLAYED_HEADER: "true"})
        if (scope, key) in self._running:
            raise conflict("A request with the same idempotency key is still in progress.")
        self._running.add((scope, key))
        now = self.clock()
        pending = PendingAnswer(scope, key, fingerprint, success_status, now, now + TTL_SECONDS)
        # A write stores the answer in its own transaction (Store._write); an answer that wrote
        # nothing (a forced success status, say) is stored after it.
        try:
            answer = await respond(pending)
            if answer.status < 400 and not pending.stored:
                pending.status = answer.status
                self.store.save_idempotent_answer(pending, answer.body)
            return answer
        finally:
            self._running.discard((scope, key))
