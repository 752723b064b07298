"""Benchmarks: ``make bench`` (``python -m bench.run``) writes ``docs/benchmarks.md``.

Never part of ``make test``.
"""
