"""Benchmarks, run with `make bench`. Each prints its figures beside the baseline or goal it is
compared against; none of them asserts, so a slow machine never fails the test suite."""
