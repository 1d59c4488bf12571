"""The confusion model: what it holds, how it is stored, and how it scores one word.

For each *confusion set* (``than|then``, ``there|their|they're``) the model holds a table
of contexts (see :mod:`storylint.checks.homophones.contexts`) with how often each member
of the set was written in it, counted in published fiction. For each *pair* of members
it holds the weights of a small logistic regression that combines, per context shape
and for the bag of nearby words, the smoothed log-ratio of the two members' counts
into one score: the log-odds that the second member was meant rather than the first.
A finding needs that score to pass the pair's *threshold* for the direction of the
change ("then" written where "than" is meant has its own) and the chosen confidence.

The file is one header (JSON: sets, members, their totals, weights, thresholds, where
the counts came from) and packed arrays read in place through ``mmap``: per set, the
start of each bucket of keys (uint32; the key's top bits choose its bucket), a 24-bit
fingerprint per context (its low 16 bits as uint16, then its high 8 bits as bytes),
and one byte per member per context, the count quantised as ``round(12·log2(1 + n))``
(exact up to about 20, within 3% above). Loading costs a few milliseconds and the pages
are shared between processes; nothing is unpacked into Python objects.
"""

from __future__ import annotations

import itertools
import json
import math
import mmap
import struct
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storylint.checks.homophones.contexts import (
    SCREEN,
    SHAPES,
    Hashes,
    bag_key,
    bag_words,
    context_keys,
    screen_keys,
    token_hash,
)

MAGIC = b"SLCONF\x00\x01"
#: Steps of the quantised count per doubling.
QUANT = 12
#: Each feature (a log-ratio, in nats) is clipped to this.
CLIP = 8.0
#: Features per pair: one per shape, then the bag.
FEATURES = len(SHAPES) + 1
BAG = len(SHAPES)
_ALIGN = 8
#: Contexts per bucket of keys, about (a lookup compares each of its bucket's).
_PER_BUCKET = 4


class ModelError(Exception):
    """A model file that cannot be used (missing, truncated, another format)."""


def quantise(count: int) -> int:
    return min(255, round(QUANT * math.log2(1 + count)))


#: The count each quantised byte stands for.
DEQUANTISED = tuple(2 ** (q / QUANT) - 1 for q in range(256))


def shown_count(q: int) -> int:
    """A quantised count as a whole number (exact when small)."""
    return round(DEQUANTISED[q])


@dataclass(frozen=True)
class Pair:
    """The regression of one pair of members (``first`` < ``second``, indexes in the set):
    ``bias + Σ weights·features`` is the log-odds of ``second`` over ``first``."""

    first: int
    second: int
    bias: float
    weights: tuple[float, ...]
    #: confidence -> (threshold for first written where second is meant, the reverse)
    thresholds: dict[str, tuple[float, float]]
    #: The least score of the :data:`SCREEN` shapes alone (bias included) at which a
    #: change in each direction may still pass its threshold (see :meth:`SetTable.judge`).
    screens: tuple[float, float] = (-math.inf, -math.inf)


class SetTable:
    """The contexts of one confusion set, looked up in place in the model file."""

    __slots__ = (
        "_counts",
        "_fingerprints",
        "_fingerprints_high",
        "_logs",
        "_offsets",
        "alpha",
        "bag",
        "index",
        "members",
        "name",
        "pairs",
        "priors",
        "salt",
        "shift",
        "totals",
        "width",
    )

    def __init__(self, meta: dict, buffer: memoryview, alpha: float) -> None:
        self.name: str = meta["name"]
        self.members: tuple[str, ...] = tuple(meta["members"])
        self.index = {member: number for number, member in enumerate(self.members)}
        self.width = len(self.members)
        self.totals: tuple[int, ...] = tuple(meta["totals"])
        self.bag: bool = bool(meta.get("bag", False))
        self.alpha = alpha
        total = sum(self.totals) or 1
        self.priors = tuple(max(t, 1) / total for t in self.totals)
        self.shift: int = meta["shift"]
        #: Tells this table's keys from another's in the lookup cache: numbered, so two
        #: models loaded in one process (a retrained file) never share entries.
        self.salt = token_hash(f"\x02set:{self.name}:{next(_LOADED)}")
        buckets, entries = meta["buckets"], meta["entries"]
        self._offsets = _view(buffer, meta["offsets_at"], 4 * (buckets + 1), "I")
        self._fingerprints = _view(buffer, meta["fingerprints_at"], 2 * entries, "H")
        self._fingerprints_high = _view(buffer, meta["fingerprints_high_at"], entries, "B")
        self._counts = _view(buffer, meta["counts_at"], self.width * entries, "B")
        if buckets != 1 << (64 - self.shift) or self._offsets[buckets] != entries:
            raise ModelError(f"set {self.name}: inconsistent table")
        self._logs: tuple[tuple[float, ...], ...] | None = None
        self.pairs: dict[tuple[int, int], Pair] = {}
        for entry in meta.get("pairs", []):
            pair = Pair(
                entry["first"],
                entry["second"],
                entry["bias"],
                tuple(entry["weights"]),
                {k: tuple(v) for k, v in entry.get("thresholds", {}).items()},
                tuple(entry.get("screens", (-math.inf, -math.inf))),
            )
            self.pairs[(pair.first, pair.second)] = pair

    @property
    def logs(self) -> tuple[tuple[float, ...], ...]:
        """Per member, the smoothed log-ratio of a context's count to the member's share
        of the set, by quantised count (worked out when first needed)."""
        if self._logs is None:
            alpha = self.alpha
            self._logs = tuple(
                tuple(math.log((n + alpha * prior) / prior) for n in DEQUANTISED)
                for prior in self.priors
            )
        return self._logs

    def find(self, key: int) -> int:
        """The entry of a context key, or -1 (remembered: a novel asks for the same
        contexts again and again)."""
        remembered = key ^ self.salt
        entry = _found.get(remembered)
        if entry is None:
            entry = self._find(key)
            if len(_found) >= _FOUND_LIMIT:
                _found.clear()
            _found[remembered] = entry
        return entry

    def _find(self, key: int) -> int:
        bucket = key >> self.shift
        offsets = self._offsets
        start, stop = offsets[bucket], offsets[bucket + 1]
        if start != stop:
            low, high = (key >> 8) & 0xFFFF, (key >> 24) & 0xFF
            fingerprints = self._fingerprints
            for entry in range(start, stop):
                if fingerprints[entry] == low and self._fingerprints_high[entry] == high:
                    return entry
        return -1

    def judge(
        self, tokens: Sequence[str], at: int, own: int, hashes: Hashes, confidence: str
    ) -> Judged | None:
        """The member meant instead of ``tokens[at]`` (member ``own``), when one passes
        its threshold at ``confidence``.

        The :data:`SCREEN` contexts are looked up first: for most words their part of
        the score already rules every change out (the trainer chose each direction's
        screen so that no change that passed on its tuning books was ruled out)."""
        find = self.find
        screened = [find(key) for key in screen_keys(tokens, at, hashes)]  # type: ignore[arg-type]
        counts, width, logs = self._counts, self.width, self.logs
        own_logs = logs[own]
        candidates = []
        for (first, second), pair in self.pairs.items():
            if own == first:
                other, sign, screen = second, 1.0, pair.screens[0]
            elif own == second:
                other, sign, screen = first, -1.0, pair.screens[1]
            else:
                continue
            other_logs = logs[other]
            partial = 0.0
            for shape, entry in zip(SCREEN, screened, strict=True):
                if entry >= 0:
                    value = (
                        other_logs[counts[entry * width + other]]
                        - own_logs[counts[entry * width + own]]
                    )
                    value = CLIP if value > CLIP else -CLIP if value < -CLIP else value
                    partial += pair.weights[shape] * value
            if sign * pair.bias + partial >= screen:
                candidates.append((pair, other, sign))
        if not candidates:
            return None
        found = lookups(self, tokens, at, hashes)
        best: Judged | None = None
        for pair, other, sign in candidates:
            values = features(self, found, (pair.first, pair.second))
            z = sign * score(pair, values)
            threshold = pair.thresholds[confidence][0 if sign > 0 else 1]
            if z < threshold or (best is not None and z - threshold <= best.margin):
                continue
            weight, shape = evidence(self, tokens, at, found, pair, values, sign)
            if weight >= MIN_EVIDENCE:
                best = Judged(other, z, z - threshold, found.shapes[shape], shape)
        return best

    def counts(self, entry: int) -> tuple[int, ...]:
        """The quantised count of each member in an entry's context."""
        width = self.width
        return tuple(self._counts[entry * width : entry * width + width])

    def entries(self) -> int:
        return len(self._fingerprints)


@dataclass(frozen=True)
class Lookups:
    """What the tables hold around one occurrence: the entry of each shape's context
    (-1 if none) and the bag's entries."""

    shapes: tuple[int, ...]
    bag: tuple[int, ...]


#: Numbers the tables loaded in this process (see ``SetTable.salt``).
_LOADED = itertools.count()

#: Entries found, by key and table (see :meth:`SetTable.find`), up to a limit.
_found: dict[int, int] = {}
_FOUND_LIMIT = 100_000


@dataclass(frozen=True)
class Judged:
    """A change :meth:`SetTable.judge` found: the member meant, its score, by how much it
    passed its threshold, and the context that speaks most for it (its entry, shape)."""

    meant: int
    score: float
    margin: float
    entry: int
    shape: int


#: The least part (log-odds) of a score that one context with a word in it must give a
#: change: a change the bag of nearby words or the set's odds would make alone is not
#: reported (and its message could cite no count for it).
MIN_EVIDENCE = 1.0


def evidence(
    table: SetTable,
    tokens: Sequence[str],
    at: int,
    found: Lookups,
    pair: Pair,
    values: Sequence[float],
    sign: float,
) -> tuple[float, int]:
    """The largest part in the score of a change (``sign`` -1 for the change from
    ``pair.second`` to ``pair.first``) of a context that has a word in it and where the
    member meant was written more often than the one written (the context the message
    cites), and its shape; (-inf, -1) when there is none."""
    best, best_shape = -math.inf, -1
    weights = pair.weights
    own, meant = (pair.first, pair.second) if sign > 0 else (pair.second, pair.first)
    counts, width = table._counts, table.width
    for shape, entry in enumerate(found.shapes):
        if entry < 0:
            continue
        part = sign * weights[shape] * values[shape]
        if part > best and counts[entry * width + meant] > counts[entry * width + own]:
            left, right = SHAPES[shape]
            words = tokens[at - left : at] + tokens[at + 1 : at + 1 + right]  # type: ignore[operator]
            if any(token[0].isalpha() for token in words):
                best, best_shape = part, shape
    return best, best_shape


def _view(buffer: memoryview, start: int, size: int, code: str) -> memoryview:
    if start < 0 or start % _ALIGN or start + size > len(buffer):
        raise ModelError("a table lies outside the file")
    view = buffer[start : start + size]
    return view.cast(code) if code != "B" else view


def lookups(table: SetTable, tokens: Sequence[str], at: int, hashes: Hashes) -> Lookups:
    """The entries around ``tokens[at]`` (a padded token list)."""
    find = table.find
    shapes = tuple(find(key) for key in context_keys(tokens, at, hashes))  # type: ignore[arg-type]
    bag: tuple[int, ...] = ()
    if table.bag:
        bag = tuple(
            entry
            for entry in (find(bag_key(word, hashes)) for word in sorted(bag_words(tokens, at)))  # type: ignore[arg-type]
            if entry >= 0
        )
    return Lookups(shapes, bag)


def features(
    table: SetTable,
    found: Lookups,
    pair: tuple[int, int],
    leave_out: int | None = None,
    min_count: int = 0,
) -> list[float]:
    """The features of ``pair`` (second over first) at one occurrence.

    ``leave_out``: the member written there, when the occurrence was itself counted
    (training): its own count is taken away first, and a context left with fewer than
    ``min_count`` occurrences is treated as unknown, as it would be in a new text.
    """
    first, second = pair
    logs_first, logs_second = table.logs[first], table.logs[second]
    counts = table._counts
    width = table.width
    values = [0.0] * FEATURES
    for shape, entry in enumerate(found.shapes):
        if entry >= 0:
            base = entry * width
            if leave_out is None:
                value = logs_second[counts[base + second]] - logs_first[counts[base + first]]
            else:
                value = _left_out(table, counts[base : base + width], pair, leave_out, min_count)
            values[shape] = CLIP if value > CLIP else -CLIP if value < -CLIP else value
    bag = 0.0
    for entry in found.bag:
        base = entry * width
        if leave_out is None:
            bag += logs_second[counts[base + second]] - logs_first[counts[base + first]]
        else:
            bag += _left_out(table, counts[base : base + width], pair, leave_out, 0)
    values[BAG] = CLIP if bag > CLIP else -CLIP if bag < -CLIP else bag
    return values


def _left_out(
    table: SetTable, quantised: Sequence[int], pair: tuple[int, int], member: int, min_count: int
) -> float:
    counts = [DEQUANTISED[q] for q in quantised]
    counts[member] = max(0.0, counts[member] - 1)
    if sum(counts) < min_count - 0.5:
        return 0.0
    alpha = table.alpha
    first, second = pair
    prior_first, prior_second = table.priors[first], table.priors[second]
    return math.log((counts[second] + alpha * prior_second) / prior_second) - math.log(
        (counts[first] + alpha * prior_first) / prior_first
    )


def score(pair: Pair, values: Sequence[float]) -> float:
    """The pair's log-odds of its second member over its first."""
    return pair.bias + sum(w * v for w, v in zip(pair.weights, values, strict=True))


class ConfusionModel:
    """A model file, loaded."""

    def __init__(self, header: dict, buffer: memoryview, path: str = "") -> None:
        self.header = header
        self.path = path
        self.alpha: float = header["alpha"]
        self.min_count: int = header["min_count"]
        self.sets: dict[str, SetTable] = {}
        for meta in header["sets"]:
            table = SetTable(meta, buffer, self.alpha)
            self.sets[table.name] = table
        self._buffer = buffer

    @classmethod
    def load(cls, path: Path) -> ConfusionModel:
        """Read a model file (:class:`ModelError` if it cannot be used)."""
        try:
            with open(path, "rb") as file:
                size = file.seek(0, 2)
                if size < len(MAGIC) + 4:
                    raise ModelError("the file is too short to be a model")
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as error:
            raise ModelError(error.strerror or str(error)) from None
        return cls.from_buffer(memoryview(mapped), str(path))

    @classmethod
    def from_buffer(cls, buffer: memoryview, path: str = "") -> ConfusionModel:
        if bytes(buffer[: len(MAGIC)]) != MAGIC:
            raise ModelError("not a storylint confusion model (wrong signature)")
        if sys.byteorder != "little":  # the arrays are little-endian
            raise ModelError("this model format needs a little-endian machine")
        (length,) = struct.unpack_from("<I", buffer, len(MAGIC))
        start = len(MAGIC) + 4
        arrays = start + length + (-(start + length) % _ALIGN)
        if arrays > len(buffer):
            raise ModelError("the file is truncated")
        try:
            header = json.loads(bytes(buffer[start : start + length]).decode("utf-8"))
            return cls(header, buffer[arrays:], path)
        except (ValueError, KeyError, TypeError, IndexError) as error:
            raise ModelError(f"damaged model header ({type(error).__name__}: {error})") from None


def write_model(
    path: Path, header: dict, tables: Iterable[tuple[dict, dict[int, Sequence[int]]]]
) -> None:
    """Write a model file: ``header`` plus, per set, its metadata (name, members, totals,
    pairs, ...) and its entries (context key -> quantised count per member).

    Keys are placed by their top bits into buckets (about four entries each) and stored
    as 24-bit fingerprints; two contexts that would share a bucket and a fingerprint
    are both left out, so a lookup never returns another context's counts. The arrays'
    places are counted from the end of the header, aligned."""
    arrays: list[bytes] = []
    metas = []
    position = 0
    for meta, entries in tables:
        meta = dict(meta)
        width = len(meta["members"])
        bits = max(1, math.ceil(math.log2(max(2, len(entries) / _PER_BUCKET))))
        shift = 64 - bits
        placed: dict[tuple[int, int], Sequence[int] | None] = {}
        for key, counts in entries.items():
            slot = (key >> shift, (key >> 8) & 0xFFFFFF)
            placed[slot] = None if slot in placed else counts
        kept = sorted((slot, tuple(counts)) for slot, counts in placed.items() if counts)
        buckets = 1 << bits
        offsets = [0] * (buckets + 1)
        for (bucket, _), _counts in kept:
            offsets[bucket + 1] += 1
        for bucket in range(buckets):
            offsets[bucket + 1] += offsets[bucket]
        counts_bytes = bytes(q for _, counts in kept for q in counts)
        if len(counts_bytes) != width * len(kept):
            raise ValueError(f"set {meta['name']}: an entry has the wrong number of counts")
        meta.update(shift=shift, buckets=buckets, entries=len(kept))
        for name, data in (
            ("offsets_at", struct.pack(f"<{buckets + 1}I", *offsets)),
            (
                "fingerprints_at",
                struct.pack(f"<{len(kept)}H", *(fp & 0xFFFF for (_, fp), _ in kept)),
            ),
            ("fingerprints_high_at", bytes(fp >> 16 for (_, fp), _ in kept)),
            ("counts_at", counts_bytes),
        ):
            meta[name] = position
            data += b"\0" * (-len(data) % _ALIGN)
            arrays.append(data)
            position += len(data)
        metas.append(meta)
    encoded = json.dumps({**header, "sets": metas}, ensure_ascii=False, sort_keys=True).encode()
    head = MAGIC + struct.pack("<I", len(encoded)) + encoded
    head += b" " * (-len(head) % _ALIGN)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "wb") as out:
        out.write(head)
        for data in arrays:
            out.write(data)
    temporary.replace(path)
