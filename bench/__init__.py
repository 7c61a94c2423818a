"""Benchmarks: `python -m bench build` (extraction speed and memory) and `python -m bench endpoint`."""
