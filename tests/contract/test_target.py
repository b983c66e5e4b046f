"""How the contract suite chooses its server, and how it refuses an incomplete choice."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gigs_contract.target import ROOT, TargetError, from_env


def test_no_base_url_means_the_embedded_server():
    assert from_env({}) is None


def test_a_base_url_needs_a_token_and_a_project():
    with pytest.raises(TargetError, match="GIGS_TOKEN and GIGS_PROJECT"):
        from_env({"GIGS_BASE_URL": "http://127.0.0.1:1"})


def test_the_second_project_is_optional():
    one = from_env({"GIGS_BASE_URL": "http://127.0.0.1:1/", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p"})
    assert (one.base_url, one.has_second_project) == ("http://127.0.0.1:1", False)
    assert "no second project" in one.describe()
    two = from_env(
        {"GIGS_BASE_URL": "x", "GIGS_TOKEN": "t", "GIGS_PROJECT": "p", "GIGS_TOKEN_2": "t2", "GIGS_PROJECT_2": "p2"}
    )
    assert two.has_second_project and two.env()["GIGS_PROJECT_2"] == "p2"


def test_make_contract_explains_an_incomplete_target():
    result = subprocess.run(
        [sys.executable, "-m", "gigs_contract"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "GIGS_BASE_URL": "http://127.0.0.1:1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "GIGS_TOKEN and GIGS_PROJECT must be set" in result.stderr and "Traceback" not in result.stderr
