"""Stage 5 — serving the dataset: the Store protocol (embedded Oxigraph or a remote SPARQL
server), the read-only query guard, query workers with time limits, and result formats."""

from .oxigraph import OxigraphStore, Store, StoreError, open_store, read_dataset

__all__ = ["OxigraphStore", "Store", "StoreError", "open_store", "read_dataset"]
