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
