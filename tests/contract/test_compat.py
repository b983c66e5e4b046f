"""The suite's private uses of Schemathesis stand in one module, which refuses any version but the one
they were written for, and the pinned Schemathesis is that version."""

from __future__ import annotations

import subprocess
import sys

import pytest
import schemathesis

from gigs_contract import _schemathesis_compat as compat


def test_the_installed_schemathesis_is_the_version_the_private_uses_were_written_for():
    compat.check_version()  # raises otherwise
    assert schemathesis.__version__.startswith(compat.WRITTEN_FOR + ".")


@pytest.mark.parametrize("version", ["4.33.0", "5.0.0", "4.3.2", "4.320.1", "3.32.5"])
def test_another_version_is_refused_with_what_to_do(version):
    with pytest.raises(compat.IncompatibleSchemathesis, match=r"needs Schemathesis 4\.32\.x .* pip install"):
        compat.check_version(version)


PROBE = """
import schemathesis
from schemathesis.checks import CHECKS
from schemathesis.specs.openapi import stateful

before = stateful.is_likely_root_transition
import gigs_contract.checks, gigs_contract.cli, gigs_contract.hooks, gigs_contract.schemathesis_run
print(stateful.is_likely_root_transition is before, sorted({"pagination_consistency", "listed_status"} & set(CHECKS.get_all_names())))
gigs_contract.checks.register()
gigs_contract.hooks.register()
print(stateful.is_likely_root_transition is before, sorted({"pagination_consistency", "listed_status"} & set(CHECKS.get_all_names())))
"""


def test_importing_the_suite_registers_nothing_and_register_does(tmp_path):
    """Checks and hooks are registered by explicit calls, never by an import: a team's own test
    process that imports the suite keeps its Schemathesis as it was until it asks."""
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert probe.stdout.splitlines() == ["True []", "False ['listed_status', 'pagination_consistency']"]
