"""The contract suite's self-test: servers it must fail, and servers it must pass (tests/contract/test_selftest.py)."""
