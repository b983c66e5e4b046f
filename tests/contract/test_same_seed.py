"""The same --seed is the same run, wherever it runs: no example database replays an earlier run's cases.

Hypothesis keeps failing examples in ./.hypothesis/ and replays them first; a folder where an
earlier run failed would then run other cases than a fresh one, and `--seed N` would not repeat a
run. The server here fails on one case, so that the first run leaves something to replay.
"""

from __future__ import annotations

import json

import pytest
from contract_run import gigs_contract

from selftest.broken import app_reference
from selftest.servers import serving


@pytest.mark.slow
def test_two_runs_with_one_seed_in_one_folder_run_the_same_cases(tmp_path):
    counts = []
    operations = ["--include-operation-id", "listDeviceModels", "--include-operation-id", "listDeviceModelBrands"]
    with serving(app_reference("server-error-on-limit-0")) as target:
        for run in ("first", "second"):
            # One folder: the second run finds whatever the first left in it.
            result = gigs_contract(
                "--seed", "7", "--reports", str(tmp_path / run), *operations, target=target, cwd=tmp_path
            )
            assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]  # the 500 is found
            summary = json.loads((tmp_path / run / "summary.json").read_text())
            counts.append(summary["counts"]["schemathesis_cases"])
    assert counts[0] == counts[1]  # before the database was off: 385 cases, then 382
