"""Every use of a Schemathesis API that is not public, in one place, for the one version it was written for.

Schemathesis breaks between minor versions, and these reach below its public surface; so each is
written against 4.32 (the version gigs-contract's dependencies allow), and `check_version` refuses any other
with a message that says what to do, rather than letting a changed internal fail obscurely or,
worse, pass silently. tests/contract/test_compat.py checks both.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import schemathesis

WRITTEN_FOR = "4.32"


class IncompatibleSchemathesis(RuntimeError):
    """The installed Schemathesis is not the version this suite's private uses were written for."""


def check_version(version: str = schemathesis.__version__) -> None:
    if not re.fullmatch(rf"{re.escape(WRITTEN_FOR)}(\.\d+)*", version):
        raise IncompatibleSchemathesis(
            f"the contract suite needs Schemathesis {WRITTEN_FOR}.x and found {version}: "
            f"pip install 'schemathesis~={WRITTEN_FOR}.0' (or reinstall gigs-contract)"
        )


def let_scenarios_start_at_project_operations() -> None:
    """Let stateful scenarios start at createDevice, as our configuration allows.

    Schemathesis 4.32 starts a stateful scenario only at an operation its dependency analysis deems
    likely to succeed. It reads the `project` path parameter as a reference to a "Project" resource
    that no operation produces, so it never starts at createDevice, and create → retrieve → update →
    delete is never walked. schemathesis.toml fixes `project` to the key's project, so that input is
    no obstacle: the analysis is asked again without it. There is no setting for this, hence the
    wrapper; tests/contract checks that the chain is walked. Wrapping twice is a no-op.
    """
    check_version()
    from schemathesis.specs.openapi import stateful

    original = stateful.is_likely_root_transition
    if getattr(original, "gigs_contract", False):
        return

    def is_likely_root_transition(operation: Any, node: Any, produced_anywhere: Any) -> Any:
        if node is not None:
            inputs = [
                slot
                for slot in node.inputs
                if not (slot.parameter_location == "path" and slot.parameter_name == "project")
            ]
            node = dataclasses.replace(node, inputs=inputs)
        return original(operation, node, produced_anywhere)

    is_likely_root_transition.gigs_contract = True  # type: ignore[attr-defined]  # pyright: ignore[reportFunctionMemberAccess]
    stateful.is_likely_root_transition = is_likely_root_transition


def warnings_of(ctx: Any) -> list[tuple[str, str, bool, list[str]]]:
    """The warnings a CLI run raised, as (title, summary, affects the verdict, operations).

    The CLI prints them above its summary, where they scroll away, and no report of its carries
    them; the function that lists them is internal to its output handler."""
    check_version()
    from schemathesis.cli.commands.run.handlers.output import warning_blocks

    found = []
    for block in warning_blocks(ctx):
        operations = sorted({item.text for group in block.groups for item in group.items})
        found.append((block.title, block.summary, block.affects_verdict, operations))
    return found


def unresolved_links(ctx: Any) -> int:
    """How many stateful links found nothing to follow in an answer."""
    return len({failure.id for failure in ctx.statistic.extraction_failures})


def escape_commas_in_items(query: dict[str, Any], names: set[str]) -> None:
    """A comma inside one item of a comma-separated list is sent double-encoded (`%252C`), as the API
    documents; Schemathesis 4.32 sends it once encoded (`%2C`), which the API reads as a separator.
    Its values arrive here already encoded, in its own string types."""
    from schemathesis.core.parameters import DelimitedValue, EncodedPath

    for name in names & query.keys():
        value = query[name]
        if isinstance(value, DelimitedValue):
            query[name] = DelimitedValue(str(value), _IN_ITEM_COMMA.sub("%252C", value.encoded))
        elif isinstance(value, EncodedPath):
            query[name] = EncodedPath(_IN_ITEM_COMMA.sub("%252C", value))


_IN_ITEM_COMMA = re.compile("%2C", re.IGNORECASE)


def built_in_checks() -> list[str]:
    """The names of Schemathesis's own checks (a baseline entry may name one). Its registry is
    filled as its OpenAPI checks are imported, and is not public API."""
    import schemathesis.specs.openapi.checks  # noqa: F401 - registers the checks
    from schemathesis.checks import CHECKS

    return sorted(CHECKS.get_all_names())
