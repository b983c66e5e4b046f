"""The contract suite can fail: each deliberately broken server is caught, by the check meant to catch it.

`make contract-selftest` runs this file alone. Runs use a fixed seed so that the verdict does not
depend on the draw; the checks that catch each variant are printed.
"""

from __future__ import annotations

import httpx
import pytest

from gigs_contract.__main__ import run_suite, spec_operations
from gigs_contract.broken import VARIANTS
from gigs_contract.target import embedded


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_suite_catches_a_broken_server(variant, tmp_path, capsys):
    _, expected_check = VARIANTS[variant]
    with embedded(variant, module="gigs_contract.broken") as target:
        status, summary = run_suite(target, "fast", ["--seed", "20261125"], reports=tmp_path)
    caught_by = sorted(summary.failed_checks())
    with capsys.disabled():
        print(f"\n{variant}: caught by {', '.join(caught_by) or 'nothing'}")
    assert status != 0, f"the suite passed a server whose {variant} breaks the contract"
    assert expected_check in caught_by
    # Every failure in the summary comes with a curl line that repeats its request.
    assert all(failure.curl and failure.curl.startswith("curl -X ") for failure in summary.failures)


def test_the_suite_passes_the_reference_server_and_leaves_it_as_it_found_it(tmp_path):
    with embedded() as target:
        auth = {"Authorization": f"Bearer {target.token}"}
        before = httpx.get(f"{target.base_url}/projects/{target.project}/devices", headers=auth).json()
        status, summary = run_suite(target, "fast", ["--seed", "20261125"], reports=tmp_path)
        after = httpx.get(f"{target.base_url}/projects/{target.project}/devices", headers=auth).json()
    assert (status, summary.failures) == (0, [])
    assert summary.cases > 300
    assert all(summary.cases_by_operation[operation] > 0 for operation in spec_operations())
    # Only devices the run created were changed, and it deleted every one of them.
    assert after == before
