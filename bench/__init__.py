"""Benchmarks: each module measures Steward against a baseline run side by side."""
