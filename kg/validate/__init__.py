"""Stage 3 — SHACL validation: the shapes, pySHACL, and validation in cached parallel units."""

from .shacl import Report, load_shapes, validate_graph

__all__ = ["Report", "load_shapes", "validate_graph"]
