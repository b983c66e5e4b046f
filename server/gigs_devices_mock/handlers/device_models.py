"""The global device model catalogue: list with filters, retrieve, search by IMEI, and brands."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..backend import Answer, Backend, Call, cursor_positions, json_answer, list_answer
from ..errors import not_found
from ..seed import DeviceModelEntry

# Each filter keeps a model when one of the model's values is among the values asked for.
_FILTERS: dict[str, Callable[[DeviceModelEntry], Iterable[str]]] = {
    "type": lambda model: (model.body["type"],),
    "brand": lambda model: (model.body["brand"],),
    "simType": lambda model: model.body["simTypes"],
    "hardwareIdentifier": lambda model: model.body["hardwareIdentifiers"],
}


def load_device_model(backend: Backend, project: str, model_id: str) -> DeviceModelEntry:
    model = backend.seed.catalogue.by_id.get(model_id)
    if model is None:
        raise not_found("device model", model_id)
    return model


def list_device_models(backend: Backend, call: Call) -> Answer:
    query = call.query
    wanted = {name: set(query[name]) for name in _FILTERS if name in query}
    models = [
        model
        for model in backend.seed.catalogue.newest_first
        if all(wanted_values.intersection(_FILTERS[name](model)) for name, wanted_values in wanted.items())
    ]
    catalogue = backend.seed.catalogue
    after, before = cursor_positions(
        query, lambda model_id: model.seq if (model := catalogue.by_id.get(model_id)) else None
    )
    limit = query["limit"]
    # The catalogue is seed data of a few dozen models held in memory, so a filtered scan is cheap;
    # the keyset rules are those of the device store: positions, not offsets.
    if before is not None:
        newer = [m for m in models if m.seq > before]
        chosen = newer[-limit:] if limit else []
        more_newer, more_older = len(newer) > len(chosen), bool(chosen) and any(m.seq < chosen[-1].seq for m in models)
    else:
        older = [m for m in models if after is None or m.seq < after]
        chosen = older[:limit]
        more_newer, more_older = bool(chosen) and any(m.seq > chosen[0].seq for m in models), len(older) > limit
    return list_answer(
        [_body(m) for m in chosen],
        chosen[-1].id if chosen and more_older else None,
        chosen[0].id if chosen and more_newer else None,
    )


def retrieve_device_model(backend: Backend, call: Call) -> Answer:
    return Answer(200, _body(call.resource))


def search_device_models(backend: Backend, call: Call) -> Answer:
    found = backend.seed.catalogue.for_imei(call.body["imei"])
    return list_answer([_body(m) for m in found], None, None)


def list_device_model_brands(backend: Backend, call: Call) -> Answer:
    return json_answer(200, {"object": "deviceModelBrands", "items": backend.seed.catalogue.brands})


def _body(model: DeviceModelEntry) -> bytes:
    return model.json
