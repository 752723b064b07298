"""kg.build.splice: a file of keyed pieces written again by copying the pieces it already holds."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build.splice import write_pieces


class Maker:
    """Pieces whose bytes are a function of their key, counting which were made."""

    def __init__(self):
        self.made: list[str] = []

    def pieces(self, keys):
        return [(key, self._make(key)) for key in keys]

    def _make(self, key):
        def make():
            self.made.append(key)
            return f"<{key}> {{ {key * 3} }}\n".encode()
        return make


def expected(keys) -> bytes:
    return b"".join(f"<{key}> {{ {key * 3} }}\n".encode() for key in keys)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "kg.trig", tmp_path / "cache" / "kg.trig.index"


def test_a_second_write_makes_only_the_changed_pieces(out):
    path, index = out
    maker = Maker()
    assert write_pieces(path, maker.pieces(["h", "a", "b", "c"]), index) == 4
    maker.made.clear()
    assert write_pieces(path, maker.pieces(["h", "a", "B", "c", "d"]), index) == 2
    assert maker.made == ["B", "d"]
    assert path.read_bytes() == expected(["h", "a", "B", "c", "d"])


def test_pieces_are_copied_in_any_order_and_dropped_ones_are_gone(out):
    path, index = out
    maker = Maker()
    write_pieces(path, maker.pieces(["a", "b", "c", "d"]), index)
    maker.made.clear()
    write_pieces(path, maker.pieces(["d", "b", "a"]), index)
    assert maker.made == []
    assert path.read_bytes() == expected(["d", "b", "a"])


def stale_by_rewrite(path, index):
    path.write_bytes(b"<a> { zzz }\n<b> { zzz }\n")  # another writer; same size as before


def from_another_output(path, index):
    other = path.with_name("other.trig")
    write_pieces(other, Maker().pieces(["a", "b"]), index)  # the index now describes other.trig
    os.replace(other, path)
    # a copy of the other file, not that file: its inode differs from the one the index names
    path.write_bytes(path.read_bytes().replace(b"aaa", b"xxx"))


def truncated_index(path, index):
    index.write_bytes(index.read_bytes()[:25])


def truncated_output(path, index):
    with open(path, "r+b") as file:
        file.truncate(5)


def tampered_ranges(path, index):
    saved = json.loads(index.read_text())
    saved["pieces"][0][2] += 1  # ranges that do not tile the file
    index.write_text(json.dumps(saved))


@pytest.mark.parametrize("damage", [stale_by_rewrite, from_another_output, truncated_index,
                                    truncated_output, tampered_ranges])
def test_an_index_that_does_not_describe_the_file_means_a_full_write(out, damage):
    path, index = out
    write_pieces(path, Maker().pieces(["a", "b"]), index)
    damage(path, index)
    maker = Maker()
    assert write_pieces(path, maker.pieces(["a", "b", "c"]), index) == 3
    assert maker.made == ["a", "b", "c"]
    assert path.read_bytes() == expected(["a", "b", "c"])


def test_no_index_means_no_reuse(out):
    path, _ = out
    write_pieces(path, Maker().pieces(["a"]), None)
    maker = Maker()
    assert write_pieces(path, maker.pieces(["a"]), None) == 1
    assert path.read_bytes() == expected(["a"])


def test_a_failed_write_keeps_the_previous_file_and_its_index(out):
    path, index = out
    write_pieces(path, Maker().pieces(["a", "b"]), index)
    before = path.read_bytes()

    def broken():
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_pieces(path, [("a", broken), ("c", broken)], index)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["cache", "kg.trig"]
    maker = Maker()  # the index still describes the file: the next write copies from it
    write_pieces(path, maker.pieces(["b", "c"]), index)
    assert maker.made == ["c"]
    assert path.read_bytes() == expected(["b", "c"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), unique=True, min_size=1), min_size=1,
                max_size=5))
def test_any_sequence_of_writes_gives_the_bytes_of_a_fresh_one(tmp_path_factory, writes):
    folder = tmp_path_factory.mktemp("splice")
    path, index = folder / "kg.trig", folder / "kg.trig.index"
    for keys in writes:
        write_pieces(path, Maker().pieces(keys), index)
        assert path.read_bytes() == expected(keys)
