"""The HTTP half of the gate's rules: each kind of difference between two OpenAPI documents, what it
means to a client (breaking, non-breaking, documentation), the oasdiff checks it answers to, and what
a user of the SDK meets. http.py finds the differences and names each by one of these rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# What a difference means to a client: it breaks one, adds what none relied on, or changes no message.
Kind = Literal["breaking", "non-breaking", "documentation"]
BREAKING: Kind = "breaking"
NON_BREAKING: Kind = "non-breaking"
DOCUMENTATION: Kind = "documentation"
KINDS: tuple[Kind, ...] = get_args(Kind)
# Which message a change is read in: one the client sends, one it reads, or neither.
Side = Literal["request", "response", "document"]
# Every rule's id: a change names one, and mypy refuses one the catalogue below does not define
# (tests/spec/test_breaking_gate.py holds the two equal).
RuleId = Literal[
    "operation-removed",
    "operation-added",
    "operation-id-changed",
    "parameter-removed",
    "parameter-required-added",
    "parameter-optional-added",
    "parameter-became-required",
    "parameter-became-optional",
    "parameter-renamed",
    "parameter-serialization-changed",
    "request-body-required",
    "request-body-optional",
    "request-body-removed",
    "media-type-removed",
    "media-type-added",
    "success-status-removed",
    "success-status-added",
    "error-status-removed",
    "error-status-added",
    "response-header-removed",
    "response-header-added",
    "link-changed",
    "request-type-narrowed",
    "request-type-widened",
    "response-type-widened",
    "response-type-narrowed",
    "request-enum-narrowed",
    "request-enum-widened",
    "response-enum-changed",
    "const-changed",
    "request-property-required",
    "request-property-optional",
    "request-property-removed",
    "response-property-optional",
    "response-property-removed",
    "response-property-added",
    "request-closed",
    "open-model",
    "request-bound-tightened",
    "request-bound-loosened",
    "response-bound-changed",
    "format-changed",
    "default-changed",
    "request-branch-removed",
    "request-branch-added",
    "response-branch-added",
    "request-property-read-only",
    "response-property-write-only",
    "response-branch-removed",
    "security-changed",
    "security-relaxed",
    "servers-changed",
    "servers-added",
    "documentation",
    "unused-component",
    "unclassified",
]
ACCEPTED_FILE = "release/accepted.yaml"


@dataclass(frozen=True)
class Rule:
    id: RuleId
    kind: Kind
    statement: str
    oasdiff: tuple[str, ...] = ()  # the oasdiff checks this rule covers (its rule catalogue's ids)
    sdk: str = ""  # what a user of the generated SDK meets


def _rules(*rules: Rule) -> dict[RuleId, Rule]:
    return {rule.id: rule for rule in rules}


RULES = _rules(
    # Operations
    Rule(
        "operation-removed",
        BREAKING,
        "an operation was removed",
        ("api-removed-without-deprecation", "api-path-removed-without-deprecation", "api-removed-before-sunset"),
        "its method disappears",
    ),
    Rule("operation-added", NON_BREAKING, "an operation was added", ("endpoint-added",), "a new method"),
    Rule(
        "operation-id-changed",
        DOCUMENTATION,
        "an operationId changed: the wire is the same",
        ("api-operation-id-removed", "api-operation-id-added"),
        "none: SDK names come from x-sdk",
    ),
    # Parameters
    Rule(
        "parameter-removed",
        BREAKING,
        "a parameter was removed: callers that send it are refused",
        ("request-parameter-removed",),
        "a keyword argument disappears",
    ),
    Rule(
        "parameter-required-added",
        BREAKING,
        "a new parameter is required",
        ("new-required-request-parameter",),
        "a new required argument",
    ),
    Rule(
        "parameter-optional-added",
        NON_BREAKING,
        "a new optional parameter",
        ("new-optional-request-parameter",),
        "a new keyword argument",
    ),
    Rule(
        "parameter-became-required",
        BREAKING,
        "a parameter became required",
        ("request-parameter-became-required",),
        "an argument becomes required",
    ),
    Rule(
        "parameter-became-optional",
        NON_BREAKING,
        "a parameter became optional",
        ("request-parameter-became-optional",),
        "",
    ),
    Rule(
        "parameter-renamed",
        NON_BREAKING,
        "a path parameter was renamed: the URL is the same",
        ("request-path-param-renamed",),
        "a keyword argument is renamed",
    ),
    Rule(
        "parameter-serialization-changed",
        BREAKING,
        "a parameter is sent another way (style, explode, location)",
        ("request-parameter-explode-changed", "request-parameter-style-changed", "request-parameter-in-changed"),
        "",
    ),
    # Request bodies
    Rule(
        "request-body-required",
        BREAKING,
        "a request body became required, or was added as required",
        ("request-body-became-required", "added-required-request-body"),
        "",
    ),
    Rule(
        "request-body-optional",
        NON_BREAKING,
        "a request body became optional, or was added as optional",
        ("request-body-became-optional", "added-optional-request-body"),
        "",
    ),
    Rule("request-body-removed", BREAKING, "a request body was removed", ("request-body-removed",), ""),
    Rule(
        "media-type-removed",
        BREAKING,
        "a media type was removed",
        ("request-body-media-type-removed", "response-media-type-removed"),
        "",
    ),
    Rule(
        "media-type-added",
        NON_BREAKING,
        "a media type was added",
        ("request-body-media-type-added", "response-media-type-added"),
        "",
    ),
    # Responses
    Rule(
        "success-status-removed",
        BREAKING,
        "a success status was removed",
        ("response-success-status-removed",),
        "a success the SDK parses no longer comes",
    ),
    Rule(
        "success-status-added",
        BREAKING,
        "a new success status: a typed client has no model for it",
        ("response-success-status-added",),
        "an answer the SDK cannot parse",
    ),
    Rule(
        "error-status-removed",
        NON_BREAKING,
        "an error status is no longer documented: clients handle errors by class",
        ("response-non-success-status-removed",),
        "",
    ),
    Rule(
        "error-status-added",
        NON_BREAKING,
        "a new error status: clients handle errors by class (GigsError)",
        ("response-non-success-status-added",),
        "another APIStatusError",
    ),
    Rule(
        "response-header-removed",
        BREAKING,
        "a response header was removed",
        ("required-response-header-removed", "optional-response-header-removed"),
        "",
    ),
    Rule("response-header-added", NON_BREAKING, "a response header was added", ("response-header-added",), ""),
    Rule("link-changed", NON_BREAKING, "a link between operations changed: links guide tools, not requests", (), ""),
    # Schemas, by direction
    Rule(
        "request-type-narrowed",
        BREAKING,
        "a request value may no longer be of a type (or null) it could be",
        (
            "request-property-type-changed",
            "request-parameter-type-changed",
            "request-property-became-not-nullable",
            "request-body-type-changed",
        ),
        "an argument's type narrows",
    ),
    Rule(
        "request-type-widened",
        NON_BREAKING,
        "a request value may be of another type (or null)",
        ("request-property-became-nullable",),
        "an argument's type widens",
    ),
    Rule(
        "response-type-widened",
        BREAKING,
        "a response value may now be of another type, or null",
        (
            "response-property-type-changed",
            "response-property-became-nullable",
            "response-body-type-changed",
            "response-header-became-nullable",
        ),
        "a model's field type changes; old SDKs raise APIResponseValidationError",
    ),
    Rule(
        "response-type-narrowed",
        NON_BREAKING,
        "a response value is of fewer types",
        ("response-property-became-not-nullable",),
        "",
    ),
    Rule(
        "request-enum-narrowed",
        BREAKING,
        "a request enum lost a value, or a request value is now an enum",
        (
            "request-property-enum-value-removed",
            "request-parameter-enum-value-removed",
            "request-property-enum-value-added-restricting",
        ),
        "an enum member disappears",
    ),
    Rule(
        "request-enum-widened",
        NON_BREAKING,
        "a request enum gained a value",
        ("request-property-enum-value-added", "request-parameter-enum-value-added"),
        "a new enum member",
    ),
    Rule(
        "response-enum-changed",
        NON_BREAKING,
        "a response enum gained or lost values: enums are open, clients keep values they do not know",
        ("response-property-enum-value-added", "response-property-enum-value-removed"),
        "a new enum member; unknown values parse as UNKNOWN",
    ),
    Rule(
        "const-changed",
        BREAKING,
        "a constant value changed",
        ("request-property-const-changed", "response-property-const-changed"),
        "",
    ),
    Rule(
        "request-property-required",
        BREAKING,
        "a request property became required, or a required one was added",
        ("new-required-request-property", "request-property-became-required"),
        "a new required argument",
    ),
    Rule(
        "request-property-optional",
        NON_BREAKING,
        "a request property became optional, or an optional one was added",
        ("new-optional-request-property", "request-property-became-optional"),
        "a new keyword argument",
    ),
    Rule(
        "request-property-removed",
        BREAKING,
        "a request property was removed while unknown ones are refused",
        ("request-property-removed",),
        "a keyword argument disappears",
    ),
    Rule(
        "response-property-optional",
        BREAKING,
        "a response property is no longer required, or was removed: typed clients read it",
        ("response-required-property-removed", "response-property-became-optional"),
        "a model's field may be UNSET, or disappears",
    ),
    Rule(
        "response-property-removed",
        NON_BREAKING,
        "an optional response property was removed",
        ("response-optional-property-removed",),
        "a model's optional field disappears",
    ),
    Rule(
        "response-property-added",
        NON_BREAKING,
        "a response property was added, or became required: clients keep what they do not know",
        ("response-required-property-added", "response-optional-property-added", "response-property-became-required"),
        "a new model field",
    ),
    Rule(
        "request-closed",
        BREAKING,
        "a request object refuses properties it took",
        ("request-property-additional-properties-set",),
        "",
    ),
    Rule(
        "open-model",
        NON_BREAKING,
        "a response object may carry more properties: models are open",
        ("response-property-additional-properties-unset",),
        "",
    ),
    Rule(
        "request-bound-tightened",
        BREAKING,
        "a request bound, pattern or format tightened, or a new one",
        (
            "request-property-max-length-decreased",
            "request-property-max-decreased",
            "request-parameter-max-decreased",
            "request-property-min-increased",
            "request-parameter-min-increased",
            "request-property-min-length-increased",
            "request-property-max-items-decreased",
            "request-property-min-items-increased",
            "request-property-pattern-added",
            "request-property-pattern-changed",
            "request-parameter-pattern-added",
            "request-parameter-max-length-decreased",
        ),
        "",
    ),
    Rule(
        "request-bound-loosened",
        NON_BREAKING,
        "a request bound or pattern loosened or removed",
        (
            "request-property-max-length-increased",
            "request-property-max-increased",
            "request-parameter-max-increased",
            "request-property-pattern-removed",
        ),
        "",
    ),
    Rule(
        "response-bound-changed",
        NON_BREAKING,
        "a response bound or pattern changed: clients do not validate answers against them",
        ("response-property-max-length-unset", "response-property-max-increased", "response-property-pattern-changed"),
        "",
    ),
    Rule(
        "format-changed",
        BREAKING,
        "a value's format changed (date-time, email, ...): clients parse by it",
        ("request-property-format-changed", "response-property-format-changed", "request-parameter-format-changed"),
        "a model's field type changes",
    ),
    Rule(
        "default-changed",
        BREAKING,
        "a request default changed: what a caller gets without the value changes",
        ("request-parameter-default-value-changed", "request-property-default-value-changed"),
        "",
    ),
    Rule(
        "request-branch-removed",
        BREAKING,
        "a request union lost a branch",
        ("request-property-any-of-removed", "request-property-one-of-removed"),
        "",
    ),
    Rule(
        "request-branch-added",
        NON_BREAKING,
        "a request union gained a branch",
        ("request-property-any-of-added", "request-property-one-of-added"),
        "",
    ),
    Rule(
        "response-branch-added",
        BREAKING,
        "a response union gained a branch",
        ("response-property-any-of-added", "response-property-one-of-added"),
        "a model's field type changes",
    ),
    Rule(
        "request-property-read-only",
        BREAKING,
        "a property a request may carry became readOnly: a client that sends it may be refused",
        ("request-property-became-read-only",),
        "the field is still a parameter, and the server may refuse it",
    ),
    Rule(
        "response-property-write-only",
        BREAKING,
        "a response property became writeOnly: answers no longer carry it",
        ("response-property-became-write-only",),
        "the field is UNSET in answers",
    ),
    Rule(
        "response-branch-removed",
        NON_BREAKING,
        "a response union lost a branch",
        ("response-property-any-of-removed", "response-property-one-of-removed"),
        "",
    ),
    # The document
    Rule(
        "security-changed",
        BREAKING,
        "a security scheme's type, location, name or scheme changed or was removed, or a requirement was"
        " removed or narrowed (a scope or a scheme added): a key that worked is refused",
        (
            "api-security-component-type-changed",
            "api-security-removed",
            "api-security-scope-added",
            "api-security-added",
        ),
        "the key is sent the wrong way",
    ),
    Rule(
        "security-relaxed",
        NON_BREAKING,
        "security relaxed: an alternative requirement added, a scope dropped, or no key needed at all",
        ("api-security-removed-from-operation", "api-global-security-added", "api-security-scope-removed"),
        "",
    ),
    Rule(
        "servers-changed",
        BREAKING,
        "a server URL changed or was removed: clients configured with it, and the SDK's default, miss",
        ("api-server-removed",),
        "the default base URL changes",
    ),
    Rule("servers-added", NON_BREAKING, "a server was added", ("api-server-added",), ""),
    Rule(
        "documentation",
        DOCUMENTATION,
        "descriptions, examples, summaries, tags, x- extensions: nothing on the wire",
        ("api-description-changed", "api-summary-changed", "api-tag-added", "api-tag-removed"),
        "",
    ),
    Rule("unused-component", DOCUMENTATION, "a component no operation uses", (), ""),
    Rule(
        "unclassified",
        BREAKING,
        f"unclassified — decide in {ACCEPTED_FILE}: no rule explains this difference, so it counts as breaking"
        " until it is accepted there with a reason (or a rule is written for it)",
        (),
        "",
    ),
)
