"""Stage 4 — the build: convert and validate with a cache, then write ``kg.trig`` atomically."""

from .dataset import BuildResult, build

__all__ = ["BuildResult", "build"]
