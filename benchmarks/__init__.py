"""Benchmarks: the baked images against a seed-style and a `docker init`-style image.

`python -m benchmarks` (full, writes docs/benchmarks.md and docs/benchmarks.png)
or `python -m benchmarks --quick --output DIR` (one run each, short loads).
"""
