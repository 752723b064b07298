"""kg.seeds.corpus: an article pickled for the build cache keeps its line numbers and quote spans
as one blob each, read only when asked for, and equal to what was loaded."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from kg.seeds.annotations import load_article
from kg.seeds.corpus import Pickled
from tests.conftest import SEEDS

locs = st.tuples(st.sampled_from(["claims", "events", "mentions"]), st.integers(0, 50))


def test_an_unpickled_article_reads_its_spans_and_lines_only_when_asked():
    article = load_article(sorted(SEEDS.glob("*.meta.yaml"))[0])
    again = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(again.spans, Pickled) and again.spans._items is None
    assert again.file.lines._items is None
    assert dict(again.spans) == dict(article.spans)
    assert again.file == article.file and again.meta_file == article.meta_file
    loc = next(iter(article.spans))
    assert again.file.where(loc) == article.file.where(loc)


def test_a_pickled_mapping_is_pickled_again_as_its_blob_without_being_read():
    mapping = Pickled.of({("claims", 0): 3})
    again = pickle.loads(pickle.dumps(mapping))
    assert again._blob is mapping._blob or again._blob == mapping._blob
    assert Pickled.of(again) is again and again._items is None


@given(st.dictionaries(locs, st.integers(1, 10_000)))
def test_a_pickled_mapping_reads_as_the_dict_it_was_made_from(items):
    mapping = pickle.loads(pickle.dumps(Pickled.of(items)))
    assert dict(mapping) == items and len(mapping) == len(items)
    assert all(mapping[key] == value for key, value in items.items())
    assert mapping == items
