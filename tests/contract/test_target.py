"""How the contract suite chooses its server, and how it refuses an incomplete choice."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mock_server import ROOT

from gigs_contract.embedded import from_announcement
from gigs_contract.target import TargetError, from_env


def test_no_base_url_means_the_embedded_server():
    assert from_env({}) is None


def test_a_base_url_needs_a_token_and_a_project():
    with pytest.raises(TargetError, match="GIGS_TOKEN and GIGS_PROJECT"):
        from_env({"GIGS_BASE_URL": "http://127.0.0.1:1"})


def test_a_base_url_must_be_http():
    with pytest.raises(TargetError, match="http:// or https://"):
        from_env({"GIGS_BASE_URL": "127.0.0.1:1", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"})


def test_a_second_project_needs_its_key_and_its_name():
    with pytest.raises(TargetError, match="GIGS_TOKEN_2 and GIGS_PROJECT_2"):
        from_env({"GIGS_BASE_URL": "http://x", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p", "GIGS_PROJECT_2": "p2"})


def test_the_second_project_is_optional_and_ids_are_read_from_the_environment():
    one = from_env({"GIGS_BASE_URL": "http://127.0.0.1:1/", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"})
    assert (one.base_url, one.has_second_project) == ("http://127.0.0.1:1", False)
    assert "no second project" in one.describe()
    two = from_env(
        {
            "GIGS_BASE_URL": "https://x",
            "GIGS_TOKEN": "t",
            "GIGS_PROJECT": "p",
            "GIGS_TOKEN_2": "t2",
            "GIGS_PROJECT_2": "p2",
            "GIGS_USER_IDS": "usr_a, usr_b,",
            "GIGS_SIM_IDS_2": "sim_z",
        }
    )
    assert two.has_second_project and two.env()["GIGS_PROJECT_2"] == "p2"
    assert two.first.users == ("usr_a", "usr_b") and two.second.sims == ("sim_z",)


def test_the_embedded_server_is_known_from_what_it_announces_as_a_live_one_from_its_variables():
    facts = {
        "url": "http://127.0.0.1:5",
        "keys": [{"token": "a", "project": "p"}, {"token": "a2", "project": "p"}, {"token": "b", "project": "q"}],
        "projects": {"p": {"users": ["usr_1"], "sims": ["sim_1"]}, "q": {"users": [], "sims": []}},
    }
    target = from_announcement(facts)
    assert target.env() == {
        "GIGS_BASE_URL": "http://127.0.0.1:5",
        "GIGS_TOKEN": "a",
        "GIGS_PROJECT": "p",
        "GIGS_USER_IDS": "usr_1",
        "GIGS_SIM_IDS": "sim_1",
        "GIGS_TOKEN_2": "b",
        "GIGS_PROJECT_2": "q",
    }
    assert from_env(target.env()) == target.__class__(target.base_url, target.first, target.second)


def test_an_incomplete_target_is_not_tested_and_says_why(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gigs_contract", "--reports", str(tmp_path)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "GIGS_BASE_URL": "http://127.0.0.1:1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "GIGS_TOKEN and GIGS_PROJECT must be set" in result.stderr and "Traceback" not in result.stderr
    assert "Verdict: NOT TESTED" in result.stdout
    assert '"verdict": "NOT TESTED"' in (tmp_path / "summary.json").read_text()


# What a CI gives for secrets it withholds (a fork's pull request, Dependabot): empty strings. And the
# typos a person makes. None of them may quietly become a run against the embedded server.
NOT_A_TARGET = {
    "an empty URL beside a real key": (
        {"GIGS_BASE_URL": "", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"},
        "GIGS_BASE_URL is set but empty",
    ),
    "every secret empty": (
        {"GIGS_BASE_URL": "", "GIGS_TOKEN": "", "GIGS_PROJECT": "", "GIGS_TOKEN_2": "", "GIGS_PROJECT_2": ""},
        "GIGS_BASE_URL and GIGS_TOKEN and GIGS_PROJECT are set but empty",
    ),
    "a URL of blanks": (
        {"GIGS_BASE_URL": "  ", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"},
        "GIGS_BASE_URL is set but empty",
    ),
    "an empty key beside a URL": (
        {"GIGS_BASE_URL": "http://x", "GIGS_TOKEN": "", "GIGS_PROJECT": "p"},
        "GIGS_TOKEN is set but empty",
    ),
    "a key without a URL": ({"GIGS_TOKEN": "t"}, "GIGS_TOKEN is set but GIGS_BASE_URL is not"),
    "a misspelt URL beside a key and a project": (
        {"GIGS_BASEURL": "http://x", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"},
        r"GIGS_BASEURL is not a variable the suite reads \(did you mean GIGS_BASE_URL\?\)",
    ),
    "a misspelt second key": (
        {"GIGS_BASE_URL": "http://x", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p", "GIGS_TOKEN2": "t2"},
        r"did you mean GIGS_TOKEN_2\?",
    ),
    "a misspelt pace alone": ({"GIGS_MAX_RPSS": "5"}, r"did you mean GIGS_MAX_RPS\?"),
}


@pytest.mark.parametrize("environ, message", NOT_A_TARGET.values(), ids=NOT_A_TARGET)
def test_a_missing_or_misspelt_secret_is_refused_never_the_embedded_server(environ, message):
    with pytest.raises(TargetError, match=message):
        from_env(environ)


def test_the_embedded_server_when_nothing_names_a_server_or_when_asked():
    # Names that are not about the server under test leave the choice alone.
    assert from_env({"GIGS_MAX_RPS": "5", "GIGS_LOG": "info", "PATH": "/bin"}) is None
    assert from_env({}, embedded=True) is None
    with pytest.raises(TargetError, match="--embedded tests the embedded reference server, but GIGS_BASE_URL"):
        from_env({"GIGS_BASE_URL": "http://x", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"}, embedded=True)


@pytest.mark.parametrize("environ", [{"GIGS_BASE_URL": ""}, {"GIGS_BASEURL": "http://127.0.0.1:1"}])
def test_a_missing_secret_is_exit_2_before_any_request_on_every_surface(tmp_path, environ):
    secrets = {"GIGS_TOKEN": "t", "GIGS_PROJECT": "p", **environ}
    result = subprocess.run(
        [sys.executable, "-m", "gigs_contract", "--reports", str(tmp_path)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **secrets},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot test" in result.stderr and "Traceback" not in result.stderr
    assert "Verdict: NOT TESTED" in result.stdout and "Server tested: no server (none named)" in result.stdout
    summary = (tmp_path / "summary.json").read_text()
    assert '"verdict": "NOT TESTED"' in summary and "embedded reference server" not in summary
    assert not (tmp_path / "schemathesis").exists() or not any((tmp_path / "schemathesis").iterdir())
