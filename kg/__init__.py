"""A provenance-first knowledge graph of news about Cuba's security apparatus in Venezuela.

The pipeline runs one way: seeds → :mod:`kg.convert` → :mod:`kg.validate` → :mod:`kg.build`
(atomic write) → :mod:`kg.store` → the web app.
"""

__version__ = "0.1.0"
