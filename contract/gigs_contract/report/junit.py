"""The verdict as JUnit XML, for CI dashboards.

Three suites: `contract` holds one case, the run's verdict (an error when it could not test, so a
NOT TESTED run is never green); `schemathesis` a case per operation; `behaviour` a case per rule.
A failure carries its messages and its reproducer; a rule with nothing to examine is skipped. The
root's totals are computed from the suites, so a dashboard that reads only the root reads the truth.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .. import reproduce
from ..events import Failure
from ..verdict import FAILED, NOT_TESTED, RunInfo, Verdict

COUNTS = ("tests", "failures", "errors", "skipped")


def _case(suite: ET.Element, name: str, *, seconds: float = 0.0) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=name, classname=suite.get("name", ""), time=f"{seconds:.3f}")


def _failed(case: ET.Element, failures: list[Failure], base_url: str) -> None:
    element = ET.SubElement(case, "failure", message="; ".join(f.title for f in failures), type="contract")
    blocks = []
    for failure in failures:
        lines = [failure.title, *failure.messages]
        if failure.steps:
            lines += ["", "Reproducer (GIGS_BASE_URL and GIGS_TOKEN from the environment):"]
            lines += reproduce.lines(failure.steps, base_url)
        blocks.append("\n".join(lines))
    element.text = "\n\n".join(blocks)


def _accepted(verdict: Verdict, rule: str | None, operation: str | None = None) -> str:
    entries = [
        f"{failure.title}: {entry.describe()}"
        for failure, entry in verdict.accepted()
        if (rule is not None and failure.check == rule) or (operation is not None and failure.operation == operation)
    ]
    return "accepted deviation: " + "; ".join(entries)


def build(verdict: Verdict, info: RunInfo) -> ET.ElementTree:
    root = ET.Element("testsuites", name="gigs-contract")
    contract = ET.SubElement(root, "testsuite", name="contract")
    properties = ET.SubElement(contract, "properties")
    for name, value in (("server", info.target), ("base_url", info.base_url), ("seed", str(info.seed))):
        ET.SubElement(properties, "property", name=name, value=value)
    case = _case(contract, "verdict", seconds=info.timings.get("total", 0.0))
    if verdict.status == FAILED:
        ET.SubElement(case, "failure", message=verdict.headline(), type="contract").text = verdict.headline()
    elif verdict.status == NOT_TESTED:
        ET.SubElement(case, "error", message=verdict.headline(), type="not tested").text = "\n\n".join(
            [*verdict.cannot_test(), *verdict.suite_failed()]
        )
    ET.SubElement(case, "system-out").text = f"{info.target}\nseed {info.seed}, profile {info.profile}\n{info.again}"

    schemathesis = ET.SubElement(root, "testsuite", name="schemathesis")
    unexercised = set(verdict.unexercised()) if verdict.outcome else set()
    for row in verdict.operation_rows():
        case = _case(schemathesis, row["operation_id"])
        if row["operation_id"] in verdict.not_implemented():
            kind = "skipped" if verdict.accept_not_implemented else "error"
            ET.SubElement(case, kind, message="not implemented by the server (501 notImplemented)")
        elif row["failures"]:
            _failed(case, row["failures"], info.base_url)
        elif "accepted" in row["checks"].values():
            ET.SubElement(case, "skipped", message=_accepted(verdict, None, row["operation"]))
        elif row["operation_id"] in unexercised and not verdict.reason:
            ET.SubElement(case, "error", message="no 2xx answer: the suite could not exercise it", type="not tested")
        elif not row["cases"]:
            ET.SubElement(case, "skipped", message="Schemathesis sent no case")
        checks = ", ".join(f"{name} {state}" for name, state in row["checks"].items())
        ET.SubElement(case, "system-out").text = (
            f"{row['operation']}: {row['cases']} cases, {row['successes']} answered 2xx, "
            f"{row['valid_successes']}/{row['valid']} valid cases answered 2xx\n{checks}"
        )

    behaviour = ET.SubElement(root, "testsuite", name="behaviour")
    for row in verdict.rule_rows():
        case = _case(behaviour, row["rule"])
        if row["failures"]:
            _failed(case, row["failures"], info.base_url)
        elif row["state"] == "accepted":
            ET.SubElement(case, "skipped", message=_accepted(verdict, row["rule"]))
        elif row["state"] in ("not run", "not applicable"):
            message = "nothing to examine" if row["state"] == "not run" else "not applicable: one project"
            ET.SubElement(case, "skipped", message=message)
        ET.SubElement(case, "system-out").text = f"{row['statement']}; answers examined: {row['examined']}"

    totals: dict[str, int] = dict.fromkeys(COUNTS, 0)
    for suite in root:
        counts = {
            "tests": len(suite.findall("testcase")),
            "failures": len(suite.findall("testcase/failure")),
            "errors": len(suite.findall("testcase/error")),
            "skipped": len(suite.findall("testcase/skipped")),
        }
        for count, number in counts.items():
            suite.set(count, str(number))
            totals[count] += number
    for count, number in totals.items():
        root.set(count, str(number))
    root.set("time", f"{info.timings.get('total', 0.0):.3f}")
    return ET.ElementTree(root)


def write(verdict: Verdict, info: RunInfo, path: Path) -> None:
    tree = build(verdict, info)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
