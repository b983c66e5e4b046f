"""The contract through pytest: one test per operation, and the stateful scenarios that follow the links.

The same checks and configuration as `make contract` (schemathesis.toml), aimed at the server the
GIGS_* variables name, or the embedded reference server.
"""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import settings

schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_operation_honours_the_contract(case):
    case.call_and_validate()


def test_stateful_scenarios_honour_the_contract(contract_schema, contract_env):
    class Scenarios(contract_schema.as_state_machine()):
        def setup(self):
            # Hypothesis replays a scenario's choices and expects the same answers. On the embedded
            # server each scenario starts from the seed, so they are; a live server cannot be reset,
            # and answers that drift between replays may show as Hypothesis flakiness there.
            if contract_env.embedded:
                reset = httpx.post(
                    f"{contract_env.base_url}/_mock/reset", headers={"Authorization": f"Bearer {contract_env.token}"}
                )
                reset.raise_for_status()

    Scenarios.run(settings=settings(max_examples=30, stateful_step_count=10))
