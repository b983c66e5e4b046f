"""The HTTP contract's half of the gate: every difference between two OpenAPI documents, classified by
what it means to a client, for requests and responses apart.

A schema that a request carries is read by the server: narrowing it (a type, an enum value, a bound,
a required property) breaks callers; widening it is an addition. A schema that a response carries is
read by the client: widening it (another type, `null`, a property no longer required) breaks typed
clients; narrowing it is not. Our own rules, each said where it decides: enums are open (a response
enum gaining a value is an addition), models are open (clients keep properties they do not know),
and clients do not validate a response's bounds or patterns.

Schemas are compared where they are defined: a change to `components/schemas/Device` is one change,
reported once, with the operations it reaches. Every difference between the two documents must be
explained by a rule or be documentation; whatever is left is breaking until a person decides
(`unclassified`), so no change can pass unseen.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tools import openapi_reader as reader

from .rules import KINDS, RULES, Kind, RuleId, Side

HTTP_METHODS = reader.HTTP_METHODS
# Keywords that describe and change no message on the wire.
DOCUMENTATION_KEYS = frozenset(
    {"description", "summary", "title", "example", "examples", "deprecated", "$comment", "externalDocs", "tags"}
)


@dataclass(frozen=True)
class Change:
    """One change, where it is defined; `operations` are those it reaches."""

    rule: RuleId
    side: Side
    pointer: str  # a JSON pointer into the new document (the old one for what was removed)
    what: str  # what changed, in words
    operations: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        return RULES[self.rule].kind

    def as_dict(self) -> dict[str, Any]:
        rule = RULES[self.rule]
        return {
            "kind": self.kind,
            "side": self.side,
            "pointer": self.pointer,
            "what": self.what,
            "rule": self.rule,
            "rule_statement": rule.statement,
            "oasdiff": list(rule.oasdiff),
            "operations": list(self.operations),
            "sdk": rule.sdk,
        }


def _type_rule(side: Side, *, widened: bool) -> RuleId:
    """The rule for a schema's types widened or narrowed on `side` (schemas are read on a request's
    side or a response's; a document's own parts have no types)."""
    if side == "request":
        return "request-type-widened" if widened else "request-type-narrowed"
    return "response-type-widened" if widened else "response-type-narrowed"


def _branch_rule(side: Side, added: bool) -> RuleId:
    if side == "request":
        return "request-branch-added" if added else "request-branch-removed"
    return "response-branch-added" if added else "response-branch-removed"


def _dereferenced(document: dict[str, Any], node: Any) -> Any:
    """`node` with every local `$ref` replaced by what it names (documentation keys left out), to
    compare two schemas by meaning: written inline or by reference, they are the same."""
    return reader.inlined(document, node, DOCUMENTATION_KEYS)


Requirement = frozenset[tuple[str, frozenset[str]]]  # one security requirement: its schemes, each with its scopes


def _requirements(value: Any) -> set[Requirement]:
    return {
        frozenset((name, frozenset(scopes or ())) for name, scopes in requirement.items())
        for requirement in value or []
        if isinstance(requirement, dict)
    }


def _admits(old: Requirement, new: Requirement) -> bool:
    """Whether a caller who met `old` meets `new`: every scheme `new` asks for, `old` asked for too,
    with at least the scopes `new` asks for."""
    held = dict(old)
    return all(name in held and scopes <= held[name] for name, scopes in new)


def _show_one(requirement: Requirement) -> str:
    parts = [f"{name}{'[' + ', '.join(sorted(scopes)) + ']' if scopes else ''}" for name, scopes in sorted(requirement)]
    return " + ".join(parts) or "(none)"


def _show(requirements: set[Requirement]) -> str:
    return " or ".join(sorted(_show_one(r) for r in requirements))


def _pointer(*steps: Any) -> str:
    return "/" + "/".join(reader.escape(str(step)) for step in steps)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


_Pair = tuple[str, str, Side, bool, bool]  # a schema compared: old pointer, new pointer, side, nullable before, after


@dataclass(frozen=True)
class Where:
    """Where a comparison stands: the operation it was reached from ("" for the document's own
    parts), and the schema pairs it is inside, outermost first."""

    operation: str
    pairs: tuple[_Pair, ...] = ()

    def within(self, pair: _Pair) -> Where:
        return Where(self.operation, (*self.pairs, pair))


NOWHERE = Where("")  # the document's own parts: servers, security schemes, components no operation uses


@dataclass
class _Found:
    rule: RuleId
    side: Side
    pointer: str
    what: str
    operations: set[str] = field(default_factory=set)


class Comparison:
    """The differences between `before` and `after`, as Changes."""

    def __init__(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        self.before, self.after = before, after
        self._found: dict[tuple[str, str, str, str], _Found] = {}
        self._explained: set[str] = set()  # pointers (in either document) a rule looked at
        self._seen: set[_Pair] = set()  # schema pairs compared, per direction and null context
        self._moved: dict[str, str] = {}  # an operation's path in the old document → in the new one
        # The changes found under each schema pair compared, so that another operation reaching the
        # pair is added to them without comparing again.
        self._under: dict[_Pair, set[tuple[str, str, str, str]]] = {}

    # Recording -----------------------------------------------------------------------------------

    def found(self, rule: RuleId, side: Side, pointer: str, what: str, where: Where) -> None:
        key = (rule, side, pointer, what)
        self._found.setdefault(key, _Found(rule, side, pointer, what))
        self._attribute(key, where)
        self._explained.add(pointer)

    def _attribute(self, key: tuple[str, str, str, str], where: Where) -> None:
        """A change found (or found again) `where`: the operation it reaches, and each schema pair
        being compared around it, under which another operation finds it without comparing again."""
        if where.operation:
            self._found[key].operations.add(where.operation)
        for pair in where.pairs:
            self._under.setdefault(pair, set()).add(key)

    def changes(self) -> list[Change]:
        try:
            self._operations()
            self._document()
            self._standalone_schemas()
        except (AttributeError, TypeError, KeyError, ValueError, IndexError) as error:
            # Not the structure OpenAPI gives (a server that is not an object, say): no rule can read
            # it, so no rule decides it; what differs is still listed below, as unclassified.
            what = f"the document is not valid OpenAPI where it differs ({type(error).__name__}: {error})"
            self.found("unclassified", "document", "/", what, NOWHERE)
        self._leftovers()
        out = [Change(f.rule, f.side, f.pointer, f.what, tuple(sorted(f.operations))) for f in self._found.values()]
        order = {kind: n for n, kind in enumerate(KINDS)}
        return sorted(out, key=lambda c: (order[c.kind], c.side, c.pointer, c.what))

    # Resolution ----------------------------------------------------------------------------------

    @staticmethod
    def _resolve(document: dict[str, Any], node: Any, pointer: str) -> tuple[Any, str]:
        """`node` with its `$ref` followed (and the pointer it now stands at). A `$ref` with keywords
        beside it (OpenAPI 3.1) is the target with those keywords over it, standing where it is."""
        try:
            return reader.resolve_at(document, node, pointer)
        except reader.UnresolvedReference:
            return {}, pointer  # a reference to nothing: compared as an empty object, where it stands

    # Operations ----------------------------------------------------------------------------------

    def _index(self, document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str, dict[str, Any]]]:
        """(method, path with its parameters unnamed) → (path, method, operation)."""
        found = {}
        for path, item in (document.get("paths") or {}).items():
            shape = "/".join("{}" if part.startswith("{") else part for part in path.split("/"))
            for method in HTTP_METHODS:
                if isinstance(item, dict) and method in item:
                    found[(method, shape)] = (path, method, item[method])
        return found

    def _operations(self) -> None:
        before, after = self._index(self.before), self._index(self.after)
        old_paths, new_paths = set(self.before.get("paths") or {}), set(self.after.get("paths") or {})
        for key in sorted(before.keys() - after.keys()):
            path, method, operation = before[key]
            where = Where(operation.get("operationId", f"{method.upper()} {path}"))
            self.found(
                "operation-removed",
                "request",
                _pointer("paths", path, method),
                f"{method.upper()} {path} removed",
                where,
            )
            if path not in new_paths:
                self._explained.add(_pointer("paths", path))  # the path went with its operations
        for key in sorted(after.keys() - before.keys()):
            path, method, operation = after[key]
            where = Where(operation.get("operationId", f"{method.upper()} {path}"))
            self.found(
                "operation-added", "request", _pointer("paths", path, method), f"{method.upper()} {path} added", where
            )
            if path not in old_paths:
                self._explained.add(_pointer("paths", path))  # a new path came with its operations
        for key in sorted(before.keys() & after.keys()):
            (old_path, method, old), (new_path, _, new) = before[key], after[key]
            where = Where(new.get("operationId", f"{method.upper()} {new_path}"))
            if old_path != new_path:
                self._moved[_pointer("paths", old_path)] = _pointer("paths", new_path)
            here = _pointer("paths", new_path, method)
            if old.get("operationId") != new.get("operationId"):
                self.found(
                    "operation-id-changed",
                    "document",
                    here + "/operationId",
                    f"operationId {old.get('operationId')} → {new.get('operationId')}",
                    where,
                )
            self._parameters(old_path, new_path, method, old, new, where)
            self._request_body(old, new, here, where)
            self._responses(old, new, here, where)
            if "security" in old or "security" in new:  # else the document's, judged once at /security
                old_security = old["security"] if "security" in old else self.before.get("security")
                new_security = new["security"] if "security" in new else self.after.get("security")
                self._security(old_security, new_security, here + "/security", where)

    def _parameter_map(
        self, document: dict[str, Any], path: str, method: str, operation: dict[str, Any]
    ) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
        item = document["paths"][path]
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        sources = [
            (item.get("parameters") or [], _pointer("paths", path, "parameters")),
            (operation.get("parameters") or [], _pointer("paths", path, method, "parameters")),
        ]
        path_names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        for parameters, base in sources:
            for index, raw in enumerate(parameters):
                parameter, pointer = self._resolve(document, raw, f"{base}/{index}")
                if not isinstance(parameter, dict):
                    continue
                where, name = parameter.get("in", ""), parameter.get("name", "")
                # A path parameter is known by its place in the path: a rename leaves the URL as it was.
                key = (where, f"#{path_names.index(name)}" if where == "path" and name in path_names else name)
                found[key] = (parameter, pointer)
        return found

    def _parameters(
        self, old_path: str, new_path: str, method: str, old: dict[str, Any], new: dict[str, Any], where: Where
    ) -> None:
        """Parameters as a set keyed by (in, name), never by position: a parameter added, moved or
        written as a `$ref` is judged by what a request may or must carry, and the arrays that list
        them say nothing more."""
        before = self._parameter_map(self.before, old_path, method, old)
        after = self._parameter_map(self.after, new_path, method, new)
        for path in {old_path, new_path}:
            self._explained.update(
                {_pointer("paths", path, "parameters"), _pointer("paths", path, method, "parameters")}
            )
        for key in before.keys() - after.keys():
            parameter, pointer = before[key]
            self.found(
                "parameter-removed",
                "request",
                pointer,
                f"{parameter.get('in')} parameter `{parameter.get('name')}` removed",
                where,
            )
        for key in after.keys() - before.keys():
            parameter, pointer = after[key]
            rule: RuleId = "parameter-required-added" if parameter.get("required") else "parameter-optional-added"
            self.found(
                rule, "request", pointer, f"{parameter.get('in')} parameter `{parameter.get('name')}` added", where
            )
        for key in before.keys() & after.keys():
            (was, old_pointer), (now, pointer) = before[key], after[key]
            label = f"{now.get('in')} parameter `{now.get('name')}`"
            if was.get("name") != now.get("name"):
                self.found(
                    "parameter-renamed",
                    "request",
                    pointer + "/name",
                    f"path parameter `{was.get('name')}` renamed `{now.get('name')}`",
                    where,
                )
            if bool(was.get("required")) != bool(now.get("required")):
                rule = "parameter-became-required" if now.get("required") else "parameter-became-optional"
                self.found(
                    rule,
                    "request",
                    pointer + "/required",
                    f"{label} {'became required' if now.get('required') else 'became optional'}",
                    where,
                )
            for keyword in ("style", "explode", "allowReserved"):
                if was.get(keyword) != now.get(keyword):
                    self.found(
                        "parameter-serialization-changed",
                        "request",
                        f"{pointer}/{keyword}",
                        f"{label}: {keyword} {_short(was.get(keyword))} → {_short(now.get(keyword))}",
                        where,
                    )
            self._schema(
                was.get("schema"),
                now.get("schema"),
                "request",
                old_pointer + "/schema",
                pointer + "/schema",
                label,
                where,
            )
            self._content(
                was.get("content"),
                now.get("content"),
                "request",
                old_pointer + "/content",
                pointer + "/content",
                label,
                where,
            )

    def _request_body(self, old: dict[str, Any], new: dict[str, Any], here: str, where: Where) -> None:
        was, old_pointer = self._resolve(self.before, old.get("requestBody"), here + "/requestBody")
        now, pointer = self._resolve(self.after, new.get("requestBody"), here + "/requestBody")
        if not was and not now:
            return
        if was and not now:
            self.found("request-body-removed", "request", old_pointer, "request body removed", where)
            return
        if now and not was:
            rule: RuleId = "request-body-required" if now.get("required") else "request-body-optional"
            self.found(rule, "request", pointer, "request body added", where)
            self._content(
                {}, now.get("content"), "request", pointer + "/content", pointer + "/content", "the body", where
            )
            return
        if bool(was.get("required")) != bool(now.get("required")):
            rule = "request-body-required" if now.get("required") else "request-body-optional"
            self.found(
                rule,
                "request",
                pointer + "/required",
                f"request body {'became required' if now.get('required') else 'became optional'}",
                where,
            )
        self._content(
            was.get("content"),
            now.get("content"),
            "request",
            old_pointer + "/content",
            pointer + "/content",
            "the body",
            where,
        )

    def _content(
        self, was: Any, now: Any, side: Side, old_pointer: str, pointer: str, label: str, where: Where
    ) -> None:
        was, now = was or {}, now or {}
        for media in sorted(set(was) - set(now)):
            self.found(
                "media-type-removed",
                side,
                f"{old_pointer}/{reader.escape(media)}",
                f"{label}: media type {media} removed",
                where,
            )
        for media in sorted(set(now) - set(was)):
            self.found(
                "media-type-added",
                side,
                f"{pointer}/{reader.escape(media)}",
                f"{label}: media type {media} added",
                where,
            )
        for media in sorted(set(was) & set(now)):
            self._schema(
                was[media].get("schema"),
                now[media].get("schema"),
                side,
                f"{old_pointer}/{reader.escape(media)}/schema",
                f"{pointer}/{reader.escape(media)}/schema",
                label,
                where,
            )

    def _responses(self, old: dict[str, Any], new: dict[str, Any], here: str, where: Where) -> None:
        was, now = old.get("responses") or {}, new.get("responses") or {}
        for status in sorted(set(was) - set(now)):
            rule: RuleId = "success-status-removed" if str(status).startswith("2") else "error-status-removed"
            self.found(rule, "response", f"{here}/responses/{status}", f"answer {status} removed", where)
        for status in sorted(set(now) - set(was)):
            rule = "success-status-added" if str(status).startswith("2") else "error-status-added"
            self.found(rule, "response", f"{here}/responses/{status}", f"answer {status} added", where)
        for status in sorted(set(was) & set(now)):
            old_response, old_pointer = self._resolve(self.before, was[status], f"{here}/responses/{status}")
            new_response, pointer = self._resolve(self.after, now[status], f"{here}/responses/{status}")
            label = f"answer {status}"
            self._content(
                old_response.get("content"),
                new_response.get("content"),
                "response",
                old_pointer + "/content",
                pointer + "/content",
                label,
                where,
            )
            self._headers(
                old_response.get("headers") or {},
                new_response.get("headers") or {},
                old_pointer + "/headers",
                pointer + "/headers",
                label,
                where,
            )
            if old_response.get("links") != new_response.get("links"):
                self.found("link-changed", "response", pointer + "/links", f"{label}: links changed", where)

    def _headers(
        self, was: dict[str, Any], now: dict[str, Any], old_pointer: str, pointer: str, label: str, where: Where
    ) -> None:
        lower_was = {name.lower(): name for name in was}
        lower_now = {name.lower(): name for name in now}
        for name in sorted(set(lower_was) - set(lower_now)):
            self.found(
                "response-header-removed",
                "response",
                f"{old_pointer}/{reader.escape(lower_was[name])}",
                f"{label}: header {lower_was[name]} removed",
                where,
            )
        for name in sorted(set(lower_now) - set(lower_was)):
            self.found(
                "response-header-added",
                "response",
                f"{pointer}/{reader.escape(lower_now[name])}",
                f"{label}: header {lower_now[name]} added",
                where,
            )
        for name in sorted(set(lower_was) & set(lower_now)):
            old_header, old_at = self._resolve(
                self.before, was[lower_was[name]], f"{old_pointer}/{reader.escape(lower_was[name])}"
            )
            new_header, at = self._resolve(
                self.after, now[lower_now[name]], f"{pointer}/{reader.escape(lower_now[name])}"
            )
            self._schema(
                old_header.get("schema"),
                new_header.get("schema"),
                "response",
                old_at + "/schema",
                at + "/schema",
                f"{label}: header {lower_now[name]}",
                where,
            )

    def _security(self, was: Any, now: Any, pointer: str, where: Where) -> None:
        """Security is an OR of requirements, each an AND of schemes with the scopes they need. A
        caller whose key met an old requirement still gets in when some new requirement asks for no
        more than it did (no other scheme, no other scope): an added alternative or a dropped scope
        breaks no one; a removed alternative, an added scope or scheme does."""
        if was == now:
            return
        self._explained.add(pointer)
        before, after = _requirements(was), _requirements(now)
        if not after:
            self.found("security-relaxed", "request", pointer, "security removed: no key is needed", where)
            return
        if not before:
            self.found("security-changed", "request", pointer, f"security required: {_show(after)}", where)
            return
        for requirement in sorted(before - after, key=_show_one):
            if not any(_admits(requirement, new) for new in after):
                self.found(
                    "security-changed",
                    "request",
                    pointer,
                    f"security requirement {_show_one(requirement)} removed or narrowed: now {_show(after)}",
                    where,
                )
            else:
                self.found(
                    "security-relaxed",
                    "request",
                    pointer,
                    f"security requirement {_show_one(requirement)} relaxed",
                    where,
                )
        for requirement in sorted(after - before, key=_show_one):
            if not any(_admits(old, requirement) for old in before):
                self.found(
                    "security-relaxed",
                    "request",
                    pointer,
                    f"security alternative {_show_one(requirement)} added (the others still admit their callers)",
                    where,
                )

    # Schemas -------------------------------------------------------------------------------------

    def _schema(self, was: Any, now: Any, side: Side, old_pointer: str, pointer: str, label: str, where: Where) -> None:
        old_site, site = old_pointer, pointer
        if was != now and _dereferenced(self.before, was) == _dereferenced(self.after, now):
            # The same schema, written another way (a `$ref` inlined, or moved to another name): no change.
            self._explained.update({old_site, site})
            return
        if self._branch_came_or_went(was, now, side, old_site, site, label, where):
            return
        old_tag = (self._resolve(self.before, was, old_site)[0] or {}) if isinstance(was, dict) else {}
        new_tag = (self._resolve(self.after, now, site)[0] or {}) if isinstance(now, dict) else {}
        tagged = isinstance(old_tag, dict) and isinstance(new_tag, dict)
        if tagged and old_tag.get("discriminator") != new_tag.get("discriminator"):
            # A hint to readers and generators of which branch a value is: the branches decide what
            # is valid, so the wire is the same. What the generated code makes of it, the SDK half judges.
            tags = f"{_short(old_tag.get('discriminator'))} → {_short(new_tag.get('discriminator'))}"
            self.found("documentation", side, f"{site}/discriminator", f"{label}: discriminator {tags}", where)
        was, old_pointer, old_null = self._unwrap(self.before, was, old_pointer)
        now, pointer, new_null = self._unwrap(self.after, now, pointer)
        if old_null != new_null:
            # A nullable wrapper came or went where the schema is used: judged there, whatever the
            # schema it wraps (compared below on its own).
            old_types = (
                _types(was) | {"null"}
                if isinstance(was, dict) and old_null
                else _types(was)
                if isinstance(was, dict)
                else frozenset()
            )
            new_types = (
                _types(now) | {"null"}
                if isinstance(now, dict) and new_null
                else _types(now)
                if isinstance(now, dict)
                else frozenset()
            )
            if old_types != new_types:
                gained = "null" in new_types - old_types
                if side == "request":
                    rule: RuleId = "request-type-widened" if gained else "request-type-narrowed"
                else:
                    rule = "response-type-widened" if gained else "response-type-narrowed"
                self.found(
                    rule, side, site, f"{label}: {'may now be null' if gained else 'may no longer be null'}", where
                )
            for keyword in ("$ref", "anyOf", "oneOf", "type"):
                self._explained.update({f"{old_site}/{keyword}", f"{site}/{keyword}"})
            old_null = new_null = "null" in _types(was) if isinstance(was, dict) else False
        if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
            label = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
        # A schema under a wrapper that admits null already is another comparison than the same
        # schema reached bare: null gained inside it changes nothing there, and everything here.
        key = (old_pointer, pointer, side, old_null, new_null)
        if key in self._seen:
            # Compared already (another operation reaching the same definition): this operation is
            # added to each change found under it.
            for found in self._under.get(key, set()):
                self._attribute(found, where)
            return
        self._seen.add(key)
        self._compare_schemas(was, now, old_null, new_null, side, old_pointer, pointer, label, where.within(key))

    def _branch_came_or_went(
        self, was: Any, now: Any, side: Side, old_site: str, site: str, label: str, where: Where
    ) -> bool:
        """A schema that became a union with one branch more, or a union that lost all but one: the
        schema is one of the union's branches, unchanged. Said as a branch added or removed (never as
        the schema's properties removed), with `null` judged across the branches. Whether it was."""
        old_branches, new_branches = _branches(self.before, was), _branches(self.after, now)
        if (old_branches is None) == (new_branches is None):
            return False
        single, union = (was, new_branches) if new_branches is not None else (now, old_branches)
        single_document = self.before if new_branches is not None else self.after
        union_document = self.after if new_branches is not None else self.before
        single_branches = _alternatives(single_document, single)
        plain = [
            _dereferenced(single_document, b)
            for b in single_branches
            if not _is_null(_dereferenced(single_document, b))
        ]
        others = [_dereferenced(union_document, b) for b in union or []]
        if len(plain) != 1 or plain[0] not in others:
            return False
        grew = new_branches is not None
        rule: RuleId = _branch_rule(side, grew)
        count = len([b for b in others if not _is_null(b)])
        self.found(
            rule, side, site, f"{label}: a branch {'added: now' if grew else 'removed: was'} one of {count}", where
        )
        nulls = (
            any(_is_null(_dereferenced(single_document, b)) for b in single_branches),
            any(_is_null(b) for b in others),
        )
        if nulls[0] != nulls[1]:
            gained = nulls[1] if grew else nulls[0]
            kind = "widened" if gained == (side == "response") else "narrowed"
            self.found(
                _type_rule(side, widened=kind == "widened"),
                side,
                site,
                f"{label}: {'may now' if gained else 'may no longer'} be null",
                where,
            )
        self._explained.update({old_site, site})
        return True

    def _unwrap(self, document: dict[str, Any], schema: Any, pointer: str) -> tuple[Any, str, bool]:
        """A schema with its `$ref` followed, and a nullable wrapper (`anyOf: [X, {type: null}]`)
        taken off: the schema, where it stands, and whether the wrapper allowed null."""
        schema, pointer = self._resolve(document, schema, pointer)
        if not isinstance(schema, dict):
            return schema, pointer, False
        for keyword in ("anyOf", "oneOf"):
            branches = schema.get(keyword)
            if not isinstance(branches, list):
                continue
            real = [index for index, branch in enumerate(branches) if not _is_null(branch)]
            others = set(schema) - {keyword, "discriminator"} - DOCUMENTATION_KEYS
            if len(real) == 1 and len(branches) > 1 and not others:
                inner, at, nullable = self._unwrap(document, branches[real[0]], f"{pointer}/{keyword}/{real[0]}")
                self._explained.add(f"{pointer}/{keyword}")
                return inner, at, True
        return schema, pointer, False

    def _compare_schemas(
        self,
        was: Any,
        now: Any,
        old_null: bool,
        new_null: bool,
        side: Side,
        old_pointer: str,
        pointer: str,
        label: str,
        where: Where,
    ) -> None:
        if not isinstance(was, dict) or not isinstance(now, dict):
            if was != now or old_null != new_null:
                self.found(
                    _type_rule(side, widened=side == "response"),
                    side,
                    pointer,
                    f"{label}: schema {_short(was)} → {_short(now)}",
                    where,
                )
            return
        request = side == "request"
        # Types, `null` included.
        old_types = _types(was) | ({"null"} if old_null else set())
        new_types = _types(now) | ({"null"} if new_null else set())
        if old_types == new_types:
            self._explained.update({old_pointer + "/type", pointer + "/type"})  # null written elsewhere
        else:
            added, removed = new_types - old_types, old_types - new_types
            text = f"{label}: type {_types_text(old_types)} → {_types_text(new_types)}"
            if request:
                self.found(
                    "request-type-narrowed" if removed else "request-type-widened", side, pointer + "/type", text, where
                )
            else:
                self.found(
                    "response-type-widened" if added else "response-type-narrowed", side, pointer + "/type", text, where
                )
        # Enums and constants.
        old_enum, new_enum = was.get("enum"), now.get("enum")
        if old_enum != new_enum:
            lost = [v for v in old_enum or [] if v not in (new_enum or [])]
            gained = [v for v in new_enum or [] if v not in (old_enum or [])]
            text = (
                f"{label}: enum"
                + (f" lost {_short(lost)}" if lost else "")
                + (f" gained {_short(gained)}" if gained else "")
            )
            if old_enum is None:
                text = f"{label}: now an enum of {_short(new_enum)}"
            elif new_enum is None:
                text = f"{label}: no longer an enum"
            if request:
                narrowed = bool(lost) or old_enum is None
                self.found(
                    "request-enum-narrowed" if narrowed else "request-enum-widened",
                    side,
                    pointer + "/enum",
                    text,
                    where,
                )
            else:
                self.found("response-enum-changed", side, pointer + "/enum", text, where)
        if was.get("const", _MISSING) != now.get("const", _MISSING):
            self.found(
                "const-changed",
                side,
                pointer + "/const",
                f"{label}: const {_short(was.get('const'))} → {_short(now.get('const'))}",
                where,
            )
        # Formats and defaults.
        if was.get("format") != now.get("format"):
            loosened = now.get("format") is None and request
            text = f"{label}: format {_short(was.get('format'))} → {_short(now.get('format'))}"
            self.found(
                "request-bound-loosened" if loosened else "format-changed", side, pointer + "/format", text, where
            )
        if was.get("default", _MISSING) != now.get("default", _MISSING):
            rule: RuleId = "default-changed" if request else "documentation"
            self.found(
                rule,
                side,
                pointer + "/default",
                f"{label}: default {_short(was.get('default'))} → {_short(now.get('default'))}",
                where,
            )
        for keyword in ("readOnly", "writeOnly"):
            if bool(was.get(keyword)) != bool(now.get(keyword)):
                marked = bool(now.get(keyword))
                text = f"{label}: {keyword} {_short(was.get(keyword))} → {_short(now.get(keyword))}"
                if marked and keyword == "readOnly" and request:
                    self.found("request-property-read-only", side, f"{pointer}/{keyword}", text, where)
                elif marked and keyword == "writeOnly" and not request:
                    self.found("response-property-write-only", side, f"{pointer}/{keyword}", text, where)
                else:  # what the wire carries is the same: a hint for readers and generators
                    self.found("documentation", side, f"{pointer}/{keyword}", text, where)
        self._bounds(was, now, side, pointer, label, where)
        self._objects(was, now, side, old_pointer, pointer, label, where)
        if "items" in was or "items" in now:
            self._schema(
                was.get("items", {}),
                now.get("items", {}),
                side,
                old_pointer + "/items",
                pointer + "/items",
                f"{label}[]",
                where,
            )
        self._unions(was, now, side, old_pointer, pointer, label, where)

    def _bounds(
        self, was: dict[str, Any], now: dict[str, Any], side: Side, pointer: str, label: str, where: Where
    ) -> None:
        for keyword, upper in BOUNDS.items():
            old, new = was.get(keyword), now.get(keyword)
            if old == new:
                continue
            if keyword == "pattern" or old is None or new is None:
                tightened = new is not None
            else:
                tightened = new < old if upper else new > old
            if side == "request":
                rule: RuleId = "request-bound-tightened" if tightened else "request-bound-loosened"
            else:
                rule = "response-bound-changed"
            self.found(rule, side, f"{pointer}/{keyword}", f"{label}: {keyword} {_short(old)} → {_short(new)}", where)

    def _objects(
        self,
        was: dict[str, Any],
        now: dict[str, Any],
        side: Side,
        old_pointer: str,
        pointer: str,
        label: str,
        where: Where,
    ) -> None:
        old_props, new_props = was.get("properties") or {}, now.get("properties") or {}
        old_required, new_required = set(was.get("required") or []), set(now.get("required") or [])
        request = side == "request"
        closed = now.get("additionalProperties") is False
        for name in sorted(set(old_props) - set(new_props)):
            at = f"{old_pointer}/properties/{reader.escape(name)}"
            if request:
                self.found(
                    "request-property-removed" if closed else "request-property-optional",
                    side,
                    at,
                    f"{label}: property `{name}` removed",
                    where,
                )
            else:
                rule: RuleId = "response-property-optional" if name in old_required else "response-property-removed"
                self.found(rule, side, at, f"{label}: property `{name}` removed", where)
        for name in sorted(set(new_props) - set(old_props)):
            at = f"{pointer}/properties/{reader.escape(name)}"
            if request:
                rule = "request-property-required" if name in new_required else "request-property-optional"
            else:
                rule = "response-property-added"
            self.found(
                rule,
                side,
                at,
                f"{label}: property `{name}` added{' (required)' if name in new_required else ''}",
                where,
            )
        for name in sorted(set(old_props) & set(new_props)):
            self._schema(
                old_props[name],
                new_props[name],
                side,
                f"{old_pointer}/properties/{reader.escape(name)}",
                f"{pointer}/properties/{reader.escape(name)}",
                f"{label}.{name}",
                where,
            )
        for name in sorted((new_required - old_required) & set(old_props) & set(new_props)):
            rule = "request-property-required" if request else "response-property-added"
            self.found(rule, side, f"{pointer}/required", f"{label}: property `{name}` became required", where)
        for name in sorted((old_required - new_required) & set(old_props) & set(new_props)):
            rule = "request-property-optional" if request else "response-property-optional"
            self.found(rule, side, f"{pointer}/required", f"{label}: property `{name}` no longer required", where)
        old_extra, new_extra = was.get("additionalProperties"), now.get("additionalProperties")
        if old_extra != new_extra:
            if isinstance(old_extra, dict) and isinstance(new_extra, dict):
                self._schema(
                    old_extra,
                    new_extra,
                    side,
                    old_pointer + "/additionalProperties",
                    pointer + "/additionalProperties",
                    f"{label}.*",
                    where,
                )
            elif new_extra is False or (old_extra in (None, True) and isinstance(new_extra, dict)):
                self.found(
                    "request-closed" if request else "response-type-narrowed",
                    side,
                    pointer + "/additionalProperties",
                    f"{label}: takes fewer unknown properties",
                    where,
                )
            else:
                self.found(
                    "request-bound-loosened" if request else "open-model",
                    side,
                    pointer + "/additionalProperties",
                    f"{label}: may carry more properties",
                    where,
                )
        if was.get("propertyNames") != now.get("propertyNames"):
            self._schema(
                was.get("propertyNames", {}),
                now.get("propertyNames", {}),
                side,
                old_pointer + "/propertyNames",
                pointer + "/propertyNames",
                f"{label} keys",
                where,
            )

    def _unions(
        self,
        was: dict[str, Any],
        now: dict[str, Any],
        side: Side,
        old_pointer: str,
        pointer: str,
        label: str,
        where: Where,
    ) -> None:
        for keyword in ("anyOf", "oneOf", "allOf"):
            old = [b for b in was.get(keyword) or [] if not _is_null(b)]
            new = [b for b in now.get(keyword) or [] if not _is_null(b)]
            if (was.get(keyword) or []) != (now.get(keyword) or []) and len(old) == len(new):
                # A `null` branch came or went: the types said so. The branches themselves follow.
                self._explained.update({f"{old_pointer}/{keyword}", f"{pointer}/{keyword}"})
            if not old and not new:
                continue
            for index in range(min(len(old), len(new))):
                self._schema(
                    old[index],
                    new[index],
                    side,
                    f"{old_pointer}/{keyword}/{index}",
                    f"{pointer}/{keyword}/{index}",
                    label,
                    where,
                )
            if len(new) == len(old):
                continue
            grew = len(new) > len(old)
            if keyword == "allOf":  # a conjunct more narrows; one less widens
                grew = not grew
            if side == "request":
                rule: RuleId = "request-branch-added" if grew else "request-branch-removed"
            else:
                rule = "response-branch-added" if grew else "response-branch-removed"
            self.found(
                rule, side, f"{pointer}/{keyword}", f"{label}: {keyword} {len(old)} → {len(new)} branches", where
            )

    # The document --------------------------------------------------------------------------------

    def _document(self) -> None:
        old_servers = [s.get("url") for s in self.before.get("servers") or []]
        new_servers = [s.get("url") for s in self.after.get("servers") or []]
        if [u for u in old_servers if u not in new_servers] or (old_servers[:1] != new_servers[:1] and old_servers):
            self.found(
                "servers-changed",
                "document",
                "/servers",
                f"servers {_short(old_servers)} → {_short(new_servers)}",
                NOWHERE,
            )
        elif new_servers != old_servers:
            self.found(
                "servers-added",
                "document",
                "/servers",
                f"servers {_short(old_servers)} → {_short(new_servers)}",
                NOWHERE,
            )
        self._explained.add("/servers")
        old_schemes = (self.before.get("components") or {}).get("securitySchemes") or {}
        new_schemes = (self.after.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(old_schemes) | set(new_schemes)):
            was, now = old_schemes.get(name), new_schemes.get(name)
            pointer = _pointer("components", "securitySchemes", name)
            self._explained.add(pointer)
            if was is None:
                continue  # a new scheme: it matters only where it is required, seen there
            if now is None:
                self.found("security-changed", "document", pointer, f"security scheme `{name}` removed", NOWHERE)
                continue
            for keyword in ("type", "in", "name", "scheme", "bearerFormat", "flows", "openIdConnectUrl"):
                if was.get(keyword) != now.get(keyword):
                    self.found(
                        "security-changed",
                        "document",
                        f"{pointer}/{keyword}",
                        f"security scheme `{name}`: {keyword} {_short(was.get(keyword))} → {_short(now.get(keyword))}",
                        NOWHERE,
                    )
        self._security(self.before.get("security") or [], self.after.get("security") or [], "/security", NOWHERE)
        self._explained.add("/security")

    def _standalone_schemas(self) -> None:
        """Schemas no operation names, yet part of the contract: ProjectMetadata bounds what a create
        or an update leaves, and the server and the suite hold requests to it by name (the SDK
        generates a model of each too). Each is judged as a request's schema: tightened, a client's
        write that passed is refused."""
        reached = self._reached_components()
        old_schemas = (self.before.get("components") or {}).get("schemas") or {}
        new_schemas = (self.after.get("components") or {}).get("schemas") or {}
        for name in sorted(set(old_schemas) & set(new_schemas)):
            pointer = _pointer("components", "schemas", name)
            if pointer not in reached and old_schemas[name] != new_schemas[name]:
                self._schema(old_schemas[name], new_schemas[name], "request", pointer, pointer, name, NOWHERE)

    def _leftovers(self) -> None:
        """Every difference no rule looked at: documentation when it is, else unclassified (breaking).

        An operation whose path was written anew (a path parameter renamed) is compared under its
        new path: the old document's pointers there are moved to it."""
        reached = self._reached_components()
        before = dict(self.before)
        if self._moved:
            paths = {}
            for path, item in (self.before.get("paths") or {}).items():
                moved = self._moved.get(_pointer("paths", path))
                paths[moved.split("/", 2)[2].replace("~1", "/").replace("~0", "~") if moved else path] = item
            before["paths"] = paths
            for old, new in self._moved.items():
                self._explained.update(
                    new + seen[len(old) :] for seen in list(self._explained) if seen.startswith(old + "/")
                )
        pending = list(_differences(before, self.after, ""))
        pending.reverse()
        while pending:
            pointer, old, new = pending.pop()
            steps = pointer.strip("/").split("/")
            action = "added" if old is None else "removed" if new is None else "changed"
            if any(step in DOCUMENTATION_KEYS or step.startswith("x-") for step in steps):
                # A description or example, or an extension: nothing on the wire. (x-sdk names are
                # judged by the SDK half of the gate.)
                keyword = next(step for step in steps if step in DOCUMENTATION_KEYS or step.startswith("x-"))
                self.found("documentation", "document", pointer, f"{keyword} {action}", NOWHERE)
                continue
            if pointer in ("/info", "/jsonSchemaDialect") or pointer.startswith(("/info/", "/tags")):
                self.found("documentation", "document", pointer, f"{pointer.strip('/')} {action}", NOWHERE)
                continue
            if any(pointer == seen or pointer.startswith(seen + "/") for seen in self._explained):
                continue
            if steps[0] == "components" and len(steps) == 3 and (old is None or new is None) and pointer in reached:
                # A whole component added or removed, and used: judged where it is used (an operation
                # added, a property that now names it), as what it means there.
                continue
            whole = new if old is None else old if new is None else None
            first_of_its_kind = steps[0] == "components" and len(steps) == 2
            if (
                isinstance(whole, dict)
                and whole
                and (first_of_its_kind or any(seen.startswith(pointer + "/") for seen in self._explained))
            ):
                # A map added or removed whole, which rules read inside (a response's first header),
                # or the first component of its kind: each entry is judged as it would be beside others.
                entries = [
                    (
                        f"{pointer}/{reader.escape(str(key))}",
                        None if old is None else value,
                        value if old is None else None,
                    )
                    for key, value in whole.items()
                ]
                pending.extend(reversed(entries))
                continue
            within_a_schema = steps[:2] == ["components", "schemas"] and len(steps) > 3
            if within_a_schema:
                # Every schema is part of the contract (the SDK has a model of each; a standalone one
                # bounds requests, as ProjectMetadata does): what no rule read inside one is unclassified.
                self.found("unclassified", "document", pointer, f"{_short(old)} → {_short(new)}", NOWHERE)
                continue
            if steps[0] == "components" and len(steps) >= 3 and _pointer(*steps[:3]) not in reached:
                self.found(
                    "unused-component",
                    "document",
                    _pointer(*steps[:3]),
                    f"{'/'.join(steps[1:3])}: not used by any operation",
                    NOWHERE,
                )
                continue
            self.found("unclassified", "document", pointer, f"{_short(old)} → {_short(new)}", NOWHERE)

    def _reached_components(self) -> set[str]:
        found: set[str] = set()
        for document in (self.before, self.after):
            stack = [document.get("paths") or {}, document.get("security") or []]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    ref = node.get("$ref")
                    if isinstance(ref, str) and ref.startswith("#/components/"):
                        target = "/".join(ref[1:].split("/")[:4])
                        if target not in found:
                            found.add(target)
                            resolved, _ = self._resolve(document, {"$ref": ref}, "")
                            stack.append(resolved)
                    stack.extend(node.values())
                elif isinstance(node, list):
                    stack.extend(node)
            security = document.get("security")
            for requirement in security if isinstance(security, list) else []:
                if isinstance(requirement, dict):
                    found.update(_pointer("components", "securitySchemes", name) for name in requirement)
        return found


_MISSING = object()
# Bounds, and whether a smaller value tightens them (maximum) or loosens them (minimum).
BOUNDS = {
    "maximum": True,
    "exclusiveMaximum": True,
    "maxLength": True,
    "maxItems": True,
    "maxProperties": True,
    "minimum": False,
    "exclusiveMinimum": False,
    "minLength": False,
    "minItems": False,
    "minProperties": False,
    "multipleOf": False,
    "uniqueItems": False,
    "pattern": False,
}


def _branches(document: dict[str, Any], schema: Any) -> list[Any] | None:
    """The branches of a union of more than one non-null schema (anyOf or oneOf), else None."""
    schema = _dereferenced(document, schema)
    if not isinstance(schema, dict):
        return None
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and len([b for b in branches if not _is_null(b)]) > 1:
            return branches
    return None


def _alternatives(document: dict[str, Any], schema: Any) -> list[Any]:
    """What a schema allows, as alternatives: a union's branches (a nullable wrapper's two included), else itself."""
    resolved = _dereferenced(document, schema)
    if isinstance(resolved, dict):
        for keyword in ("anyOf", "oneOf"):
            if isinstance(resolved.get(keyword), list):
                return list(resolved[keyword])
    return [resolved]


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("const", _MISSING) is None)


def _types(schema: dict[str, Any]) -> frozenset[str]:
    """The JSON types a schema allows ("null" included); "any" when it says nothing of types."""
    declared = schema.get("type")
    types = set([declared] if isinstance(declared, str) else declared or [])
    if schema.get("nullable") is True:
        types.add("null")
    for keyword in ("anyOf", "oneOf"):
        if any(_is_null(branch) for branch in schema.get(keyword) or []):
            types.add("null")
            if not declared:
                types.add("(union)")
    if "const" in schema and not declared:
        types.add("const")
    if "enum" in schema and not declared:
        types.add("enum")
    if "integer" in types and "number" in types:
        types.discard("integer")
    return frozenset(types or {"any"})


def _types_text(types: frozenset[str]) -> str:
    return "|".join(sorted(types))


def _differences(before: Any, after: Any, pointer: str) -> Iterator[tuple[str, Any, Any]]:
    """Every JSON pointer where the two documents differ, at the deepest level they do."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            if before.get(key, _MISSING) != after.get(key, _MISSING):
                yield from _differences(
                    before.get(key, _MISSING), after.get(key, _MISSING), f"{pointer}/{reader.escape(str(key))}"
                )
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                yield from _differences(old, new, f"{pointer}/{index}")
    elif before != after:
        yield pointer or "/", None if before is _MISSING else before, None if after is _MISSING else after


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    return Comparison(before, after).changes()
