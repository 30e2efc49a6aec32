"""Benchmarks: the granian (default) and gunicorn bakes, a seed-style and a `docker init`-style image.

`python -m benchmarks` (full, writes docs/benchmarks.md and docs/benchmarks.png)
or `python -m benchmarks --quick --output DIR` (one run each, short loads);
`python -m benchmarks.tuning` compares each server's settings (docs/tuning.md).
"""
