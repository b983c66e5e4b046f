"""Benchmarks of the reference server (`make bench`): figures are ratios measured in one run."""
