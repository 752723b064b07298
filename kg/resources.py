"""Where the ontology, the shapes and the example queries are, in a checkout or an installed wheel.

In a checkout they sit at the top of the project (``ontology/``, ``shapes/``); the wheel carries
them inside the package (``kg/ontology/``, ``kg/shapes/``, mapped in pyproject.toml), so
``kg build`` works from any folder once installed.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource(folder: str, name: str) -> Path:
    """The file ``folder/name``: inside the installed package, else at the checkout's top.

    >>> resource("ontology", "newskg.ttl").name
    'newskg.ttl'
    """
    installed = PACKAGE / folder / name
    return installed if installed.exists() else PACKAGE.parent / folder / name


ONTOLOGY_FILE = resource("ontology", "newskg.ttl")
SHAPES_FILE = resource("shapes", "newskg-shapes.ttl")
QUERIES = PACKAGE / "queries"
