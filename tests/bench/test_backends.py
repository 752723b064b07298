"""bench/backends.py: the entity page is timed on the backend, not on a cache."""

from __future__ import annotations

from bench import backends


def test_the_page_is_timed_with_both_caches_off(store, monkeypatch):
    made = []
    real = backends.create_app

    def recording(config):
        made.append(config)
        return real(config)

    monkeypatch.setattr(backends, "create_app", recording)
    timed = backends._page(store, "/", 2)
    assert [(c["CACHE_MB"], c["RESPONSE_CACHE_MB"]) for c in made] == [(0, 0)]
    assert timed["p50_ms"] > 0
