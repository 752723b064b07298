"""The browse pages' data: every page query and its shaping into plain Python values.

The web layer (``web/entities.py``, ``web/articles.py``, ``web/browse.py``, ``web/exports.py``,
``web/docs.py``) only picks a format and renders; everything it shows comes from here, read by
SPARQL through :meth:`kg.store.Store.query`.

- :mod:`.sparql`: running queries with user terms as escaped RDF terms (``VALUES``);
- :mod:`.labels`: readable names; :mod:`.quotes`: a quote inside its sentence;
- :mod:`.entity`: node pages and RDF descriptions; :mod:`.claims`: claim cards and filters;
- :mod:`.events`: timelines; :mod:`.article`: the annotated reading view; :mod:`.search`;
- :mod:`.dataset`: statistics and VoID; :mod:`.ontology`: terms, shapes, pyLODE, validation.
"""
