"""The device model catalogue, checked against what the server itself lists: it works on any catalogue.

The whole catalogue is read once (at the largest page size); every other answer must agree with it:
smaller pages and backward walks, each filter and list of filter values, retrieve, brands, and
searches by IMEI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st

from .. import spec
from . import pages
from .api import Api
from .ledger import Ledger, Violation
from .model import Refusal
from .pages import MODEL_PAGES

MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = spec.limit_bounds()
# The filters of listDeviceModels: each keeps a model when one of the model's values is asked for.
FILTERS: dict[str, Callable[[dict[str, Any]], list[Any]]] = {
    "type_": lambda model: [model.get("type")],
    "brand": lambda model: [model.get("brand")],
    "sim_type": lambda model: model.get("simTypes") or [],
    "hardware_identifier": lambda model: model.get("hardwareIdentifiers") or [],
}
WIRE_NAMES = {"type_": "type", "brand": "brand", "sim_type": "simType", "hardware_identifier": "hardwareIdentifier"}
UNKNOWN_MODEL = "dmd_contractSuiteNeverIssued"


class Catalogue:
    def __init__(self, api: Api, ledger: Ledger, examples: int, seed: int | None = None) -> None:
        self.api, self.ledger, self.examples, self.seed = api, ledger, examples, seed

    def check(self, rule: str, operation: str, holds: bool, message: str) -> None:
        self.ledger.check(rule, operation, holds, message)

    def walk(self, limit: int | None, stop_after: int | None = None, **query: Any) -> list[dict[str, Any]]:
        return pages.walk(
            self.ledger.check,
            MODEL_PAGES,
            lambda **paging: self.api.list_models(**query, **paging),
            limit,
            done=lambda items: stop_after is not None and len(items) >= stop_after,
        )

    def run(self) -> None:
        self.ledger.begin()
        whole = self.walk(MAX_LIMIT)
        self.ledger.step()
        ids = [m["id"] for m in whole]
        self.check(
            "catalogue_paging", "listDeviceModels", len(set(ids)) == len(ids), "the catalogue lists a model twice"
        )
        # Each part holds its own rules: a failure in one (the ledger holds it) leaves the next to run.
        for part in (self.paging, self.brands, self.retrieve, self.filters, self.search):
            try:
                part(whole)
            except Violation:
                continue

    def paging(self, whole: list[dict[str, Any]]) -> None:
        # A cursor that never named a model of the catalogue, and an empty filter, are each a 422 naming it.
        for query, named, rule in (
            ({"after": UNKNOWN_MODEL}, "after", "catalogue_paging"),
            ({"before": UNKNOWN_MODEL}, "before", "catalogue_paging"),
            ({"brand": ""}, "brand", "catalogue_filters"),
            ({"type": ""}, "type", "catalogue_filters"),
        ):
            reply = self.api.raw("GET", "/deviceModels", params=query)
            kind, _, properties = reply.error()
            self.check(
                rule,
                "listDeviceModels",
                reply.status == 422 and kind == "invalid" and Refusal(rule, (named,)).names(properties),
                f"{query} answered {reply.status} {kind!r} naming {properties}, expected a 422 naming {named}",
            )
        ids = [m["id"] for m in whole]
        self.ledger.step()
        empty = self.api.list_models(limit=0)
        self.check(
            "catalogue_paging",
            "listDeviceModels",
            empty.status == 200 and empty.body["items"] == [] and empty.body["moreItemsAfter"] is None,
            f"limit=0 answered {empty.status} {empty.body!r:.160}, expected an empty page",
        )
        for limit in (1, 3, DEFAULT_LIMIT, None):
            self.ledger.step()
            walked = [m["id"] for m in self.walk(limit, stop_after=40)]
            self.check(
                "catalogue_paging",
                "listDeviceModels",
                walked == ids[: len(walked)],
                f"limit={limit} walks {walked[:5]}…, limit={MAX_LIMIT} {ids[:5]}…",
            )
        if len(ids) < 3:
            return
        # Back from the third model, one model at a time: the first two, newest first.
        self.ledger.step()
        page = self.api.list_models(before=ids[2], limit=1)
        self.check(
            "catalogue_paging",
            "listDeviceModels",
            page.status == 200 and page.ids == [ids[1]],
            f"before={ids[2]} limit=1 answered {page.status} {page.body!r:.160}, expected [{ids[1]}]",
        )
        page = self.api.list_models(before=ids[2], limit=MAX_LIMIT)
        self.check(
            "catalogue_paging",
            "listDeviceModels",
            page.status == 200 and page.ids == ids[:2],
            f"before={ids[2]} answered {page.body!r:.160}, expected {ids[:2]}",
        )
        self.check(
            "catalogue_paging",
            "listDeviceModels",
            page.body["moreItemsBefore"] is None and page.body["moreItemsAfter"] == ids[1],
            f"before={ids[2]}: cursors {page.body['moreItemsBefore']!r}, {page.body['moreItemsAfter']!r}",
        )
        both = self.api.list_models(after=ids[0], before=ids[2])
        self.check(
            "catalogue_paging",
            "listDeviceModels",
            both.status == 422 and any(p in ("after", "before") for p in both.error()[2]),
            f"after with before answered {both.status}, expected a 422 naming them",
        )

    def brands(self, whole: list[dict[str, Any]]) -> None:
        self.ledger.step()
        reply = self.api.brands()
        self.check("catalogue_brands", "listDeviceModelBrands", reply.status == 200, f"answered {reply.status}")
        brands = reply.body["items"]
        self.check(
            "catalogue_brands",
            "listDeviceModelBrands",
            len(set(brands)) == len(brands),
            f"a brand is listed twice: {brands}",
        )
        self.check(
            "catalogue_brands",
            "listDeviceModelBrands",
            brands == sorted(brands, key=str.casefold),
            f"not in alphabetical order: {brands}",
        )
        listed = sorted({m["brand"] for m in whole}, key=str.casefold)
        self.check(
            "catalogue_brands",
            "listDeviceModelBrands",
            sorted(brands, key=str.casefold) == listed,
            f"brands {brands} are not those of the catalogue's models {listed}",
        )

    def retrieve(self, whole: list[dict[str, Any]]) -> None:
        for model in whole[:: max(1, len(whole) // 10)]:
            self.ledger.step()
            reply = self.api.retrieve_model(model["id"])
            self.check(
                "catalogue_retrieve",
                "retrieveDeviceModel",
                (reply.status, reply.body) == (200, model),
                f"{model['id']} answered {reply.status} {reply.body!r:.160}, listed as {model!r:.160}",
            )
        self.ledger.step()
        reply = self.api.retrieve_model(UNKNOWN_MODEL)
        self.check(
            "catalogue_retrieve",
            "retrieveDeviceModel",
            reply.status == 404 and reply.error()[0] == "notFound",
            f"an unknown model answered {reply.status}",
        )

    def filters(self, whole: list[dict[str, Any]]) -> None:
        values = {
            "type_": spec.enum("DeviceModelType"),
            "brand": sorted({m["brand"] for m in whole}) or ["Apple"],
            "sim_type": spec.enum("SimType"),
            "hardware_identifier": sorted({h for m in whole for h in m.get("hardwareIdentifiers") or []}) or ["X"],
        }
        # Values the catalogue does not have, and a brand with a comma inside (sent as %252C): one value, not two.
        extra = {
            "brand": st.builds(
                lambda a, b: f"{a},{b}", st.sampled_from(values["brand"]), st.sampled_from(values["brand"])
            ),
            "hardware_identifier": st.just("contract-suite-unknown"),
        }
        choice = {
            name: st.lists(
                st.sampled_from(options) | extra.get(name, st.nothing()), min_size=1, max_size=3, unique=True
            )
            for name, options in values.items()
        }

        @settings(
            max_examples=self.examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            # Every one not deprecated: what iterating HealthCheck gives, which Hypothesis types as its metaclass.
            suppress_health_check=list(HealthCheck),  # pyright: ignore[reportArgumentType]
        )
        @given(st.fixed_dictionaries({}, optional=choice).filter(bool))
        def filtered_lists_keep_what_they_ask_for(query: dict[str, list[str]]) -> None:
            self.ledger.begin()
            expected = [
                m["id"] for m in whole if all(set(FILTERS[name](m)) & set(wanted) for name, wanted in query.items())
            ]
            answered = [m["id"] for m in self.walk(MAX_LIMIT, **self.typed(query))]
            shown = {WIRE_NAMES[name]: ",".join(wanted) for name, wanted in query.items()}
            self.check(
                "catalogue_filters",
                "listDeviceModels",
                answered == expected,
                f"{shown} answers {answered[:6]}, the catalogue has {expected[:6]}",
            )
            # Back from the catalogue's very end, a cursor the filter may not keep: the filtered models
            # newer than it, and a cursor after them only when the end itself is one of them.
            if not whole:
                return  # an empty catalogue has no end to page back from
            end = whole[-1]["id"]
            newer = [model for model in expected if model != end][-MAX_LIMIT:]
            self.ledger.step()
            page = self.api.list_models(before=end, limit=MAX_LIMIT, **self.typed(query))
            follows = page.ids[-1] if newer and end in expected else None
            self.check(
                "catalogue_paging",
                "listDeviceModels",
                page.status == 200 and page.ids == newer and page.body["moreItemsAfter"] == follows,
                f"{shown} before={end} (the catalogue's oldest) answered {page.status} {page.body!r:.200},"
                f" expected {newer[:4]}… and moreItemsAfter {follows!r}",
            )

        # Every run asks, whatever the draw, for each filter with two of its values at once (a list
        # read as one value, `type=smartphone,tablet` as a single type, must not slip through), and
        # for each two filters together where keeping the models of both differs from keeping those
        # of either (filters are one condition each, all of them to be met).
        test = filtered_lists_keep_what_they_ask_for
        for name, options in values.items():
            if len(options) >= 2:
                test = example({name: options[:2]})(test)
        for query in _pairs_of_filters(whole):
            test = example(query)(test)
        if self.seed is not None:
            test = seed(self.seed)(test)
        test()

    @staticmethod
    def typed(query: dict[str, list[str]]) -> dict[str, Any]:
        from gigs_devices_client.models import DeviceModelType, SimType

        enums = {"type_": DeviceModelType, "sim_type": SimType}
        return {name: [enums[name](v) for v in wanted] if name in enums else wanted for name, wanted in query.items()}

    def search(self, whole: list[dict[str, Any]]) -> None:
        self.ledger.step()
        imei = spec.example_imei()
        first = self.api.search_models(imei)
        self.check("catalogue_search", "searchDeviceModels", first.status == 200, f"answered {first.status}")
        strangers = [m for m in first.body["items"] if m not in whole]
        self.check(
            "catalogue_search",
            "searchDeviceModels",
            not strangers,
            f"IMEI {imei} finds models the catalogue does not list: {strangers[:2]!r:.200}",
        )
        # The spec's own example pairs this IMEI with a model: a catalogue that lists that model finds it.
        example = spec.example_device()
        paired = example["model"]["id"] if example.get("imei") == imei and example.get("model") else None
        if paired in {m["id"] for m in whole}:
            self.check(
                "catalogue_search",
                "searchDeviceModels",
                paired in first.ids,
                f"IMEI {imei} finds {first.ids}; the spec's example device of that IMEI has model {paired}, which"
                " the catalogue lists",
            )
        # Only the TAC (the first 8 digits) decides: another IMEI of the same TAC finds the same models.
        sibling = imei[:8] + str(int(imei[8:]) + 1).zfill(len(imei) - 8)[-(len(imei) - 8) :]
        second = self.api.search_models(sibling)
        self.check(
            "catalogue_search",
            "searchDeviceModels",
            second.body == first.body,
            f"IMEIs {imei} and {sibling} share a TAC but find {second.ids} and {first.ids}",
        )


def _pairs_of_filters(whole: list[dict[str, Any]]) -> list[dict[str, list[str]]]:
    """For each two filters, one value each, where the models matching both are fewer than those
    matching either: a server that joins filters with "or", or reads only one, answers otherwise."""
    queries = []
    names = list(FILTERS)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            for a in whole:
                chosen = None
                for b in whole:
                    if not (FILTERS[first](a) and FILTERS[second](b)):
                        continue
                    query = {first: [FILTERS[first](a)[0]], second: [FILTERS[second](b)[0]]}
                    both = [m for m in whole if all(set(FILTERS[n](m)) & set(v) for n, v in query.items())]
                    either = [m for m in whole if any(set(FILTERS[n](m)) & set(v) for n, v in query.items())]
                    if both and len(both) < len(either):
                        chosen = query
                        break
                if chosen:
                    queries.append(chosen)
                    break
    return queries
