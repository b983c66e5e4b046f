"""A stateful reference server of the Gigs Devices API, driven by openapi.yaml.

from gigs_devices_mock import create_app
app = create_app()              # an ASGI app: in-memory store, default seed and keys

The composition API, for a variant of the server (a handler replaced or wrapped, a middleware in
front; the contract suite's self-test builds its broken servers this way): `create_app`, the
reference `HANDLERS` and the `Handler` protocol with its `Call` and `Answer`, the API's errors
(`invalid`, `PropertyError`). `gigs-devices-mock --app MODULE:FACTORY` serves such a variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .app import DEFAULT_KEYS, MockApp
from .backend import Answer, Backend, Call
from .cors import Cors
from .errors import PropertyError, invalid
from .handlers import HANDLERS, LOADERS, Handler, Loader
from .handlers.devices import reset
from .seed import DEFAULT_SEED_PATH, SeedError, load_seed
from .spec import DEFAULT_SPEC_PATH, Spec
from .store import Store, StoreError

__all__ = [
    "DEFAULT_KEYS",
    "DEFAULT_SPEC_PATH",
    "HANDLERS",
    "Answer",
    "Call",
    "Handler",
    "MockApp",
    "PropertyError",
    "SeedError",
    "StoreError",
    "create_app",
    "invalid",
]


def create_app(
    *,
    spec_path: Path = DEFAULT_SPEC_PATH,
    seed_path: Path = DEFAULT_SEED_PATH,
    db_path: str | None = None,
    keys: Mapping[str, str] | None = None,
    handlers: Mapping[str, Handler] | None = None,
    loaders: Mapping[str, Loader] | None = None,
    cors: Cors | None = Cors(),  # noqa: B008 - frozen: one shared default is safe
) -> MockApp:
    """Build the server: the spec compiled, the seed loaded, and the store seeded if it is new.

    `handlers` (operationId → handler) replaces the reference handlers, all or some of them, and
    `loaders` (path parameter → loader of the object it names) the reference loaders.
    """
    spec = Spec(spec_path)
    backend = Backend(spec, load_seed(spec, seed_path), Store(db_path))
    if backend.store.is_empty():
        for project in backend.seed.projects:
            reset(backend, project)
    return MockApp(
        backend,
        dict(keys) if keys is not None else dict(DEFAULT_KEYS),
        handlers={**HANDLERS, **(handlers or {})},
        loaders={**LOADERS, **(loaders or {})},
        cors=cors,
    )
