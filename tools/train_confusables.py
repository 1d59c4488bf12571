"""Train the confusion model (``rules/confusables.model``) from public-domain fiction.

    python tools/train_confusables.py ../shared/gutenberg
    python tools/train_confusables.py ../shared/gutenberg --jobs 2 --out /tmp/test.model

The input is a folder of books, one xz-compressed UTF-8 text each (``*.txt.xz``), as in
the rcdm-uga/Gutenberg_Text collection. The confusion sets are the ``sets`` of the rules
in ``rules/*.toml``. Steps, each streaming the books (in ``--jobs`` processes):

1. **Split**, seeded: ``--heldout`` books are left out of everything here (the benchmark
   ``benchmarks/heldout_books.py`` measures false alarms on them), ``--tune`` books are
   left out of the counts and used only to choose thresholds; the rest are counted.
2. **Count** every context (:mod:`storylint.checks.homophones.contexts`) of every
   member of every set in the counted books, summed per set in temporary files.
3. **Prune** contexts seen fewer than ``--min-count`` times (bag words: ``--bag-min``)
   or whose members' counts say nothing the set's totals do not (every log-ratio under
   ``--min-ratio``), and write the tables.
4. **Fit** each pair's logistic regression on a sample of the counted occurrences, each
   scored with its own count left out (so it never votes for itself).
5. **Choose thresholds** on the tuning books: for each direction (a member written where
   another is meant), the scores of the correct words there are the false alarms a
   threshold would raise, and the scores of the other member's occurrences are the
   planted mistakes it would catch. Each direction's threshold starts just above its
   highest false alarm (never under a *floor*); then, while the false alarms on the
   tuning books stay within a *budget*, the direction that gains most recall per false
   alarm lets one more through. Of the floors (from ``--floor-high``) and budgets tried,
   the one that best meets the recall goals (70% of planted mistakes, 55% on the mean
   direction) while its false alarms on books the thresholds were not chosen on,
   estimated by two-fold cross-validation over the tuning books, stay within the
   confidence's target (``--target-high`` per 10,000 words) is chosen. "normal" is
   never stricter than "high". Then no threshold may flag an ``allow`` example of the
   rules: one that would is raised just above it (and logged).
6. **Write** the model: tables, weights, thresholds and where the text came from.

Everything is deterministic: the same books give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import lzma
import math
import os
import pickle
import random
import re
import shutil
import sys
import tempfile
import time
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from storylint.checks.homophones.confusion import (
    CLIP,
    FEATURES,
    MIN_EVIDENCE,
    ConfusionModel,
    Lookups,
    evidence,
    features,
    lookups,
    quantise,
    score,
    write_model,
)
from storylint.checks.homophones.contexts import (
    EDGE,
    PAD,
    SCREEN,
    SHAPES,
    Hashes,
    bag_key,
    bag_words,
    context_keys,
    in_dialect,
    looks_like_a_name,
    padded,
    token_offsets,
    tokens,
)
from storylint.checks.homophones.patterns import Unless, plain, unless_matches
from storylint.data import load_toml, rule_files, rules_dir

SEED = 20250611
SOURCE = {
    "repository": "rcdm-uga/Gutenberg_Text",
    "commit": "a0b16d35a9851168ce9ac649851c17b7ab08d48e",
    "description": "Project Gutenberg fiction in English, public domain in the US",
}
CONFIDENCES = ("high", "normal")

_NOISE = re.compile(r"\[(?:Illustration|Page|Footnote|Sidenote)[^\]]{0,300}\]|\{\d+\}", re.I)
_BLANK = re.compile(r"\n[ \t]*\n\s*")


# -- the books ---------------------------------------------------------------------------------


def read_book(path: Path) -> list[str]:
    """A book's paragraphs (blocks between blank lines, lines joined), transcription
    marks such as ``[Illustration]`` and ``[Page 12]`` taken out."""
    with lzma.open(path, "rt", encoding="utf-8", errors="replace") as file:
        text = file.read()
    text = _NOISE.sub(" ", text.replace("\r\n", "\n"))
    return [" ".join(block.split()) for block in _BLANK.split(text) if block.strip()]


@dataclass(frozen=True)
class Split:
    heldout: tuple[str, ...]
    tune: tuple[str, ...]
    train: tuple[str, ...]


def split_books(names: Sequence[str], heldout: int, tune: int, seed: int = SEED) -> Split:
    """The seeded split of the book names (sorted first, so the folder's order is moot)."""
    names = sorted(names)
    generator = random.Random(seed)
    held = sorted(generator.sample(names, min(heldout, len(names))))
    rest = [name for name in names if name not in set(held)]
    tuning = sorted(generator.sample(rest, min(tune, max(0, len(rest) - 1))))
    train = tuple(name for name in rest if name not in set(tuning))
    return Split(tuple(held), tuple(tuning), train)


# -- the sets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetSpec:
    name: str
    members: tuple[str, ...]


def modelled_rules(folder: Path | None = None) -> Iterator[tuple[Path, dict]]:
    """Each rule of ``folder``'s rule files (default: ``rules/``) that the model judges
    (not ``model = false``), with its file."""
    for path in sorted(folder.glob("*.toml")) if folder else rule_files():
        for rule in load_toml(path).get("rule", []):
            if rule.get("model", True):
                yield path, rule


def confusion_sets(folder: Path | None = None) -> list[SetSpec]:
    """Every ``sets`` entry of the rules in ``rules/*.toml`` (a word in one set only),
    but those of rules left to their patterns (``model = false``)."""
    found: list[SetSpec] = []
    seen: dict[str, str] = {}
    for path, rule in modelled_rules(folder):
        for members in rule.get("sets", []):
            spec = SetSpec("|".join(members), tuple(members))
            for member in members:
                if member in seen:
                    raise SystemExit(f"{path.name}: {member!r} is in {seen[member]} already")
                seen[member] = spec.name
            found.append(spec)
    return found


def unless_of(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The ``unless`` patterns of the rule of each set (by set name): they silence the
    model's findings there, so tuning leaves the occurrences they match out."""
    return {
        "|".join(members): tuple(rule["unless"])
        for _, rule in modelled_rules(folder)
        if rule.get("unless")
        for members in rule.get("sets", [])
    }


def silenced(unless: Sequence[Unless], paragraph: str, index: int) -> bool:
    """Whether a pattern of ``unless`` matches over the written token ``index`` of
    ``paragraph`` (as the checker tests a finding of the model)."""
    written, _ = tokens(paragraph)
    start = token_offsets(paragraph, written, index + 1)[index]
    end = start + len(written[index])
    return any(s < end and start < e for s, e in unless_matches(unless, plain(paragraph)))


def members_of(sets: Sequence[SetSpec]) -> dict[str, tuple[int, int]]:
    return {m: (s, i) for s, spec in enumerate(sets) for i, m in enumerate(spec.members)}


def occurrences(
    paragraphs: Sequence[str], member_of: dict[str, tuple[int, int]]
) -> Iterator[tuple[int, int, tuple[int, int], list[str]]]:
    """(paragraph number, token number in the padded list, (set, member), padded tokens)
    of every occurrence the checker would judge (names and shouting left out)."""
    words = member_of.keys()
    for number, paragraph in enumerate(paragraphs):
        written, counted = tokens(paragraph)
        if words.isdisjoint(counted):
            continue
        padded_tokens = padded(counted)
        for index, token in enumerate(counted):
            hit = member_of.get(token)
            if hit is None:
                continue
            if looks_like_a_name(written[index], counted[index - 1] if index else EDGE):
                continue
            yield number, index + 3, hit, padded_tokens


# -- step 2: counting --------------------------------------------------------------------------

_LOW = ~0xFF & ((1 << 64) - 1)


def count_books(
    task: tuple[int, list[Path], list[SetSpec], Path, dict[int, float]],
) -> tuple[dict[int, int], list[tuple[int, int, array]]]:
    """Count the contexts of a chunk of books into ``work/s<set>.<kind>.<chunk>``; the
    members' totals per set (``-1``: the words), and the sample of occurrences to fit
    on: (set, member, the keys of its shapes then of its bag words)."""
    chunk, paths, sets, work, shares = task
    samples: list[tuple[int, int, array]] = []
    member_of = members_of(sets)
    hashes = Hashes()
    # key: the context's top 56 bits, then the shape (4 bits) and the member (3 bits)
    shaped: list[dict[int, int]] = [{} for _ in sets]
    bagged: list[dict[int, int]] = [{} for _ in sets]
    totals: Counter[int] = Counter()  # set * 256 + member
    bag_keys: dict[str, int] = {}
    for path in paths:
        paragraphs = read_book(path)
        totals[-1] += sum(len(paragraph.split()) for paragraph in paragraphs)
        for number, at, (which, member), padded_tokens in occurrences(paragraphs, member_of):
            totals[which * 256 + member] += 1
            keys = context_keys(padded_tokens, at, hashes)
            counter = shaped[which]
            get = counter.get
            for shape, key in enumerate(keys):
                key = (key & _LOW) | shape << 3 | member
                counter[key] = get(key, 0) + 1
            counter = bagged[which]
            get = counter.get
            words = sorted(bag_words(padded_tokens, at))
            for word in words:
                low = bag_keys.get(word)
                if low is None:
                    low = bag_keys[word] = bag_key(word, hashes) & _LOW
                key = low | member
                counter[key] = get(key, 0) + 1
            if _sampled(path.name, number, at, shares.get(which * 256 + member, 0.0)):
                keys += (bag_keys[word] for word in words)
                samples.append((which, member, array("Q", keys)))
    for which in range(len(sets)):
        for kind, counter in (("shape", shaped[which]), ("bag", bagged[which])):
            if counter:
                keys = array("Q", counter.keys())
                counts = array("I", counter.values())
                with open(work / f"s{which}.{kind}.{chunk}", "wb") as out:
                    out.write(len(keys).to_bytes(8, "little"))
                    keys.tofile(out)
                    counts.tofile(out)
    return dict(totals), samples


def member_counts(paths: list[Path], sets: list[SetSpec]) -> dict[int, int]:
    """How often each member occurs in some books (set * 256 + member), and their words
    (``-1``): to choose the share of each member's occurrences sampled."""
    member_of = members_of(sets)
    found: Counter[int] = Counter()
    for path in paths:
        paragraphs = read_book(path)
        found[-1] += sum(len(paragraph.split()) for paragraph in paragraphs)
        for _, _, (which, member), _ in occurrences(paragraphs, member_of):
            found[which * 256 + member] += 1
    return dict(found)


#: The shape number of the bag's contexts (the shapes are 0..9).
BAG_SHAPE = 15


def merged(work: Path, which: int, kind: str, floor: int) -> dict[int, list[int]]:
    """The summed counts of one set's contexts seen at least ``floor`` times: context key
    -> [shape, count of each member...]."""
    summed: dict[int, int] = {}
    for path in sorted(work.glob(f"s{which}.{kind}.*")):
        with open(path, "rb") as file:
            size = int.from_bytes(file.read(8), "little")
            keys, counts = array("Q"), array("I")
            keys.fromfile(file, size)
            counts.fromfile(file, size)
        get = summed.get
        for key, count in zip(keys, counts, strict=True):
            summed[key] = get(key, 0) + count
        path.unlink()
    contexts: dict[int, list[int]] = {}
    for key, count in summed.items():
        context = key & _LOW
        slots = contexts.get(context)
        if slots is None:
            shape = BAG_SHAPE if kind == "bag" else (key >> 3) & 0xF
            slots = contexts[context] = [shape, 0, 0, 0, 0, 0, 0, 0, 0]
        slots[1 + (key & 0x7)] += count
    return {key: slots for key, slots in contexts.items() if sum(slots[1:]) >= floor}


@dataclass(frozen=True)
class Pruning:
    min_count: int
    bag_min: int
    min_ratio: float
    alpha: float


def pruned(
    contexts: dict[int, list[int]], priors: Sequence[float], rules: Pruning
) -> dict[int, tuple[int, ...]]:
    """The contexts worth keeping, their counts quantised (see the module docstring): seen
    often enough, and with counts that say something the set's totals do not."""
    width = len(priors)
    alpha = rules.alpha
    kept: dict[int, tuple[int, ...]] = {}
    for key, slots in contexts.items():
        counts = slots[1 : 1 + width]
        least = rules.bag_min if slots[0] == BAG_SHAPE else rules.min_count
        if sum(counts) < least:
            continue
        logs = [math.log((n + alpha * p) / p) for n, p in zip(counts, priors, strict=True)]
        if max(logs) - min(logs) < rules.min_ratio:
            continue
        kept[key] = tuple(quantise(n) for n in counts)
    return kept


# -- step 4: the regressions -------------------------------------------------------------------


def _sampled(book: str, paragraph: int, at: int, share: float) -> bool:
    """A fixed pseudo-random choice of occurrences (the same on every run)."""
    return zlib.crc32(f"{book}\x00{paragraph}\x00{at}".encode()) < share * 0x100000000


def sample_features(
    task: tuple[list[tuple[int, int, array]], list[SetSpec], Path, int],
) -> list[tuple[int, int, int, int, array]]:
    """Features of sampled occurrences, each with its own count left out: (set, first,
    second, label, values) for each pair of its set with its member."""
    samples, sets, model_path, min_count = task
    model = ConfusionModel.load(model_path)
    tables = [model.sets[spec.name] for spec in sets]
    rows = []
    for which, member, keys in samples:
        table = tables[which]
        find = table._find
        shapes = tuple(find(key) for key in keys[: len(SHAPES)])
        bag = (
            tuple(e for e in (find(key) for key in keys[len(SHAPES) :]) if e >= 0)
            if table.bag
            else ()
        )
        found = Lookups(shapes, bag)
        for first, second in _all_pairs(table.width):
            if member in (first, second):
                values = features(table, found, (first, second), member, min_count)
                rows.append((which, first, second, int(member == second), array("f", values)))
    return rows


def _all_pairs(width: int) -> list[tuple[int, int]]:
    return [(a, b) for a in range(width) for b in range(a + 1, width)]


def fit_logistic(
    rows: Sequence[tuple[int, Sequence[float]]], l2: float = 1.0, rounds: int = 25
) -> tuple[float, list[float]]:
    """Bias and weights of an L2-regularised logistic regression (Newton's method)."""
    size = FEATURES + 1
    if not rows:
        return 0.0, [0.0] * FEATURES
    weights = [0.0] * size
    for _ in range(rounds):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for label, values in rows:
            x = (1.0, *values)
            z = sum(w * v for w, v in zip(weights, x, strict=True))
            p = 1 / (1 + math.exp(-z)) if z > -40 else 0.0
            error = p - label
            curvature = max(p * (1 - p), 1e-9)
            for i, xi in enumerate(x):
                if xi:
                    gradient[i] += error * xi
                    row = hessian[i]
                    scaled = curvature * xi
                    for j in range(i, size):
                        if x[j]:
                            row[j] += scaled * x[j]
        for i in range(1, size):
            gradient[i] += l2 * weights[i]
            hessian[i][i] += l2
        for i in range(size):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
            hessian[i][i] += 1e-6
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-5:
            break
    return weights[0], weights[1:]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix⁻¹ · vector`` by Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column][column]
        if abs(lead) < 1e-12:
            continue
        for row in range(column + 1, size):
            factor = rows[row][column] / lead
            if factor:
                for k in range(column, size + 1):
                    rows[row][k] -= factor * rows[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        lead = rows[row][row]
        rest = sum(rows[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (rows[row][size] - rest) / lead if abs(lead) > 1e-12 else 0.0
    return solution


# -- step 5: thresholds ------------------------------------------------------------------------

#: The e-text slips of the tuning books (see the file's head).
SLIPS_FILE = Path(__file__).with_name("etext_slips.tsv")

#: A slip: the tokens before it, the word written, the tokens after it.
Slip = tuple[tuple[str, ...], str, tuple[str, ...]]


def read_slips(path: Path = SLIPS_FILE) -> dict[str, list[Slip]]:
    """The slips listed in ``path``, by book file name (none if there is no file)."""
    slips: dict[str, list[Slip]] = defaultdict(list)
    if not path.exists():
        return slips
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            book, phrase, _meant = line.split("\t")
            before, rest = phrase.split("[", 1)
            word, after = rest.split("]", 1)
        except ValueError:
            raise SystemExit(
                f"{path.name}:{number}: expected book, phrase with [word], meant"
            ) from None
        slips[book].append((tuple(before.split()), word.strip(), tuple(after.split())))
    return slips


def is_slip(slips: list[Slip], padded_tokens: Sequence[str], at: int) -> int | None:
    """The number of the slip of ``slips`` at ``padded_tokens[at]``, if one is there."""
    for number, (before, word, after) in enumerate(slips):
        if (
            padded_tokens[at] == word
            and tuple(padded_tokens[max(0, at - len(before)) : at]) == before
            and tuple(padded_tokens[at + 1 : at + 1 + len(after)]) == after
        ):
            return number
    return None


def score_books(
    task: tuple[
        list[tuple[int, Path]],
        list[SetSpec],
        Path,
        dict[str, list[Slip]],
        dict[str, tuple[str, ...]],
    ],
) -> tuple[
    dict[int, int],
    dict[tuple[int, int, int], list[tuple[float, float, float, int]]],
    set[tuple[str, int]],
]:
    """The words of each book (by number), and per (set, member, other member) a row for
    every occurrence of the member: its score for the change to the other member (what
    a threshold must stay above), the part of the :data:`SCREEN` shapes in that score,
    the score the other member would get for the change back if it were written there
    (a planted mistake), and the book's number. A score the checker would never report
    (no context with a word in it weighs enough: see ``evidence``) is ``-inf``. The
    e-text slips of ``slips`` are left out; the third part is those that were found
    (book name, number). A correct word the rule's ``unless`` silences (``unless``, by
    set name) is no false alarm: its score is ``-inf``."""
    numbered, sets, model_path, slips, unless_sources = task
    unless = {
        which: [Unless(u, f"{spec.name} unless") for u in unless_sources.get(spec.name, ())]
        for which, spec in enumerate(sets)
    }
    seen: set[tuple[str, int]] = set()
    model = ConfusionModel.load(model_path)
    tables = [model.sets[spec.name] for spec in sets]
    member_of = members_of(sets)
    hashes = Hashes()
    scores: dict[tuple[int, int, int], list[tuple[float, float, float, int]]] = defaultdict(list)
    words: dict[int, int] = {}
    for book, path in numbered:
        paragraphs = read_book(path)
        words[book] = sum(len(p.split()) for p in paragraphs)
        for number, at, (which, member), padded_tokens in occurrences(paragraphs, member_of):
            if in_dialect(paragraphs[number]):
                continue  # never judged (see storylint.checks.homophones.model)
            slip = is_slip(slips.get(path.name, []), padded_tokens, at)
            if slip is not None:
                seen.add((path.name, slip))
                continue
            table = tables[which]
            found = lookups(table, padded_tokens, at, hashes)
            for (first, second), pair in table.pairs.items():
                if member not in (first, second):
                    continue
                values = features(table, found, (first, second))
                partial = pair.bias + sum(pair.weights[s] * values[s] for s in SCREEN)
                other, sign = (second, 1) if member == first else (first, -1)
                z = sign * score(pair, values)
                back = -z
                cited = evidence(table, padded_tokens, at, found, pair, values, sign)[0]
                # a correct word the rule's unless silences is never reported either
                hushed = z >= min(FLOORS) and unless[which]
                if cited < MIN_EVIDENCE or (
                    hushed and silenced(unless[which], paragraphs[number], at - PAD)
                ):
                    z = -math.inf
                if evidence(table, padded_tokens, at, found, pair, values, -sign)[0] < MIN_EVIDENCE:
                    back = -math.inf
                scores[(which, member, other)].append((z, sign * partial, back, book))
    return words, dict(scores), seen


@dataclass
class Direction:
    """What the tuning books say of one direction: ``written`` where ``meant`` is meant."""

    which: int
    written: int
    meant: int
    #: scores of the correct written words (false alarms above a threshold), high first
    alarms: list[float]
    #: scores the planted mistakes would get, high first
    planted: list[float]
    #: (score, part of the screen shapes) of both
    both: list[tuple[float, float]] = field(default_factory=list)

    def screen(self, threshold: float, margin: float = 2.0) -> float:
        """The least screen score at which a word may still pass ``threshold``: under
        that of every occurrence that came within ``margin`` of it, less ``margin``."""
        near = [partial for z, partial in self.both if z >= threshold - margin]
        return min(near) - margin if near else -math.inf

    def caught(self, threshold: float) -> int:
        """How many planted mistakes score at least ``threshold``."""
        low, high = 0, len(self.planted)
        while low < high:
            middle = (low + high) // 2
            if self.planted[middle] >= threshold:
                low = middle + 1
            else:
                high = middle
        return low


#: How many false alarms ahead the allocation of :func:`choose_thresholds` looks.
REACH = 8


def choose_thresholds(
    directions: list[Direction], budget: int, floor: float, ceiling: float
) -> dict[tuple[int, int, int], tuple[float, int, int]]:
    """A threshold per direction (with its false alarms and catches on the tuning
    books): each starts just above its highest false alarm (at least ``floor``, at most
    ``ceiling``), then, while the false alarms allowed in all remain within ``budget``,
    the direction that gains most per false alarm lets more through. The gain counts a
    direction's share of its own mistakes and its share of all of them alike.

    The gain of letting through 1, 2, … up to :data:`REACH` more false alarms is
    weighed per false alarm, and the best taken: a direction whose next alarm lies just
    under its highest (two e-text slips of "too" for "to" scoring 13.9 and 10.6) gains
    little from one step and much from two, and a one-step choice would never take it."""
    total_planted = sum(len(d.planted) for d in directions) or 1
    count = len(directions) or 1
    allowed = {id(d): 0 for d in directions}

    def threshold(direction: Direction, allowing: int) -> float:
        alarms = direction.alarms
        above = alarms[allowing] if allowing < len(alarms) else -math.inf
        return min(max(floor, math.nextafter(above, math.inf)), ceiling)

    def value(direction: Direction, allowing: int) -> float:
        caught = direction.caught(threshold(direction, allowing))
        share = caught / len(direction.planted) if direction.planted else 0.0
        return share / count + caught / total_planted

    spent = 0
    while spent < budget:
        best, best_rate, best_steps = None, 0.0, 0
        for direction in directions:
            now = allowed[id(direction)]
            if now >= len(direction.alarms) or threshold(direction, now) <= floor:
                continue
            start = value(direction, now)
            for steps in range(1, min(REACH, budget - spent, len(direction.alarms) - now) + 1):
                rate = (value(direction, now + steps) - start) / steps
                if rate > best_rate:
                    best, best_rate, best_steps = direction, rate, steps
                if threshold(direction, now + steps) <= floor:
                    break
        if best is None:
            break
        allowed[id(best)] += best_steps
        spent += best_steps
    result = {}
    for direction in directions:
        chosen = threshold(direction, allowed[id(direction)])
        alarms = sum(1 for a in direction.alarms if a >= chosen)
        result[(direction.which, direction.written, direction.meant)] = (
            chosen,
            alarms,
            direction.caught(chosen),
        )
    return result


# -- the whole run -----------------------------------------------------------------------------


def chunks(paths: Sequence[Path], size: int) -> list[list[Path]]:
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


@dataclass
class Counted:
    """Step 2's result: per set, each member's total and the contexts seen at least
    :data:`FLOOR` times (key -> [shape, counts...]); the words of the counted books; the
    occurrences sampled to fit on (see :func:`count_books`) and the share of each
    member's occurrences they are (set * 256 + member -> share)."""

    names: list[str]
    totals: list[list[int]]
    contexts: list[dict[int, list[int]]]
    words: int
    samples: list[tuple[int, int, array]]
    shares: dict[int, float]

    def subset(self, names: list[str], where: object) -> Counted:
        """These counts for the sets ``names`` only (a model of fewer sets)."""
        missing = [name for name in names if name not in self.names]
        if missing:
            raise SystemExit(f"{where}: no counts of {', '.join(missing)}")
        numbers = [self.names.index(name) for name in names]
        renumbered = {old: new for new, old in enumerate(numbers)}
        return Counted(
            names,
            [self.totals[n] for n in numbers],
            [self.contexts[n] for n in numbers],
            self.words,
            [(renumbered[w], m, k) for w, m, k in self.samples if w in renumbered],
            {
                renumbered[key // 256] * 256 + key % 256: share
                for key, share in self.shares.items()
                if key // 256 in renumbered
            },
        )


#: Contexts seen fewer times than this are never kept (the least ``--min-count``).
FLOOR = 2


def count(
    pool, train: list[Path], tune: list[Path], sets: list[SetSpec], work: Path, sample: int
) -> Counted:
    """Step 2. The share of each member's occurrences kept to fit on is chosen from how
    often it occurs in the tuning books (read first), for about ``sample`` of each."""
    seen: Counter[int] = Counter()
    for part in pool.imap(partial(member_counts, sets=sets), chunks(tune, 6)):
        seen.update(part)
    scale = len(train) / max(len(tune), 1)
    shares = {
        key: min(1.0, sample / (number * scale)) if number else 1.0
        for key, number in seen.items()
        if key >= 0
    }
    shares = {
        w * 256 + m: shares.get(w * 256 + m, 1.0)
        for w, spec in enumerate(sets)
        for m in range(len(spec.members))
    }
    totals: Counter[int] = Counter()
    samples: list[tuple[int, int, array]] = []
    tasks = [(i, c, sets, work, shares) for i, c in enumerate(chunks(train, 12))]
    for part, sampled in pool.imap(count_books, tasks):
        totals.update(part)
        samples.extend(sampled)
    contexts = []
    for which in range(len(sets)):
        found = merged(work, which, "shape", FLOOR)
        found.update(merged(work, which, "bag", FLOOR))
        contexts.append(found)
    return Counted(
        [spec.name for spec in sets],
        [
            [totals.get(w * 256 + m, 0) for m in range(len(spec.members))]
            for w, spec in enumerate(sets)
        ],
        contexts,
        totals.get(-1, 0),
        samples,
        shares,
    )


def tables_of(
    sets: list[SetSpec],
    counted: Counted,
    rules: Pruning,
    least: dict[str, int],
    drop: dict[str, set[int]],
) -> list[tuple[dict, dict[int, tuple[int, ...]]]]:
    """Each set's metadata and pruned entries; ``least``: the least count of a context,
    by set; ``drop``: the shapes left out, by set."""
    tables = []
    for which, spec in enumerate(sets):
        member_totals = counted.totals[which]
        total = sum(member_totals) or 1
        priors = [max(t, 1) / total for t in member_totals]
        contexts = counted.contexts[which]
        dropped = drop.get(spec.name, set())
        if dropped:
            contexts = {k: v for k, v in contexts.items() if v[0] not in dropped}
        own = Pruning(
            least.get(spec.name, rules.min_count), rules.bag_min, rules.min_ratio, rules.alpha
        )
        entries = pruned(contexts, priors, own)
        meta = {
            "name": spec.name,
            "members": list(spec.members),
            "totals": member_totals,
            "bag": BAG_SHAPE not in dropped,
            "least_count": own.min_count,
        }
        tables.append((meta, entries))
    return tables


def by_contribution(
    counted: Counted, tables: list, model: ConfusionModel, least: float
) -> list[tuple[dict, dict[int, tuple[int, ...]]]]:
    """The tables without the contexts whose feature, weighted as fitted, moves no
    pair's score by ``least`` or more (a bag word's: its own part of the bag)."""
    kept_tables = []
    for which, (meta, entries) in enumerate(tables):
        table = model.sets[meta["name"]]
        logs = table.logs
        contexts = counted.contexts[which]
        kept = {}
        for key, counts in entries.items():
            shape = contexts[key][0]
            feature = FEATURES - 1 if shape == BAG_SHAPE else shape
            for (first, second), pair in table.pairs.items():
                value = logs[second][counts[second]] - logs[first][counts[first]]
                if abs(pair.weights[feature] * max(-CLIP, min(CLIP, value))) >= least:
                    kept[key] = counts
                    break
        kept_tables.append(({k: v for k, v in meta.items() if k != "pairs"}, kept))
    return kept_tables


def fit_pairs(pool, sets: list[SetSpec], counted: Counted, tables: list, model: Path, args) -> None:
    """Step 4: each set's pairs, with their regressions, into the tables' metadata."""
    shares = counted.shares
    rows: dict[tuple[int, int, int], list[tuple[int, array]]] = defaultdict(list)
    step = 20_000
    tasks = [
        (counted.samples[i : i + step], sets, model, args.min_count)
        for i in range(0, len(counted.samples), step)
    ]
    for part in pool.imap(sample_features, tasks):
        for which, first, second, label, values in part:
            rows[(which, first, second)].append((label, values))
    keys = [
        (w, f, s) for w, (meta, _) in enumerate(tables) for f, s in _all_pairs(len(meta["members"]))
    ]
    fitted = dict(zip(keys, pool.map(fit_logistic, [rows.get(k, []) for k in keys]), strict=True))
    for which, (meta, _) in enumerate(tables):
        pairs = []
        for first, second in _all_pairs(len(meta["members"])):
            bias, weights = fitted[(which, first, second)]
            # the sample took a share of each member: back to their true odds
            share_first = shares.get(which * 256 + first) or 1.0
            share_second = shares.get(which * 256 + second) or 1.0
            bias -= math.log(share_second / share_first)
            pairs.append(
                {
                    "first": first,
                    "second": second,
                    "bias": round(bias, 4),
                    "weights": [round(w, 4) for w in weights],
                    "fitted_on": len(rows.get((which, first, second), [])),
                }
            )
        meta["pairs"] = pairs


def directions_of(
    tables: list,
    scores: dict[tuple[int, int, int], list[tuple[float, float, float, int]]],
    books: set[int] | None = None,
) -> list[Direction]:
    """Every direction of every set, from the scores of ``books`` (all if None)."""
    directions = []
    for which, (meta, _) in enumerate(tables):
        width = len(meta["members"])
        for written in range(width):
            for meant in range(width):
                if written == meant:
                    continue
                clean = [
                    (z, partial)
                    for z, partial, _, book in scores.get((which, written, meant), [])
                    if books is None or book in books
                ]
                planted = [
                    (back, -partial)
                    for _, partial, back, book in scores.get((which, meant, written), [])
                    if books is None or book in books
                ]
                directions.append(
                    Direction(
                        which,
                        written,
                        meant,
                        sorted((z for z, _ in clean), reverse=True),
                        sorted((z for z, _ in planted), reverse=True),
                        clean + planted,
                    )
                )
    return directions


@dataclass(frozen=True)
class Estimate:
    """What a budget of false alarms gives on tuning books it was not chosen on."""

    budget: float
    alarms_per_10k: float
    recall: float
    mean_recall: float


def cross_validated(
    halves: tuple[list[Direction], list[Direction]],
    words: tuple[int, int],
    budget: float,
    floor: float,
) -> Estimate:
    """Thresholds chosen on one half of the tuning books, used on the other, and the
    other way round: the false alarms per 10,000 words, the share of planted mistakes
    caught, and its mean over directions with at least 20."""
    alarms = caught = planted = 0
    shares: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for fit, test in ((0, 1), (1, 0)):
        chosen = choose_thresholds(halves[fit], int(budget * words[fit] / 10_000), floor, CEILING)
        for direction in halves[test]:
            key = (direction.which, direction.written, direction.meant)
            threshold = chosen[key][0]
            alarms += sum(1 for a in direction.alarms if a >= threshold)
            got = direction.caught(threshold)
            caught += got
            planted += len(direction.planted)
            shares[key][0] += got
            shares[key][1] += len(direction.planted)
    large = [got / total for got, total in shares.values() if total >= 20]
    return Estimate(
        budget,
        alarms * 10_000 / max(1, sum(words)),
        caught / max(1, planted),
        sum(large) / max(1, len(large)),
    )


#: The budgets (false alarms per 10,000 tuning words) tried for each confidence.
BUDGETS = (0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3)
#: The floors (least log-odds to flag) tried for each confidence, from its least.
FLOORS = (3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0)
#: What recall is aimed at: the share of all planted mistakes caught, and its mean over
#: directions. A budget raises the first (the frequent directions take it), a lower
#: floor the second (the rare ones pass it): the two goals keep either from starving.
RECALL_GOALS = (0.70, 0.55)


def _met(estimate: Estimate) -> tuple[float, float]:
    """How well an estimate meets :data:`RECALL_GOALS`: the lesser share of a goal met,
    then the sum (to rank estimates that meet both)."""
    shares = (estimate.recall / RECALL_GOALS[0], estimate.mean_recall / RECALL_GOALS[1])
    return min(shares), sum(shares)


#: No threshold is set higher than this (a direction that never passes is off).
CEILING = 30.0


def tune(
    pool, books: list[Path], sets: list[SetSpec], tables: list, model: Path, args, log
) -> dict:
    """Step 5: thresholds per pair and confidence into the tables' metadata, with what
    they gave on the tuning books; what was chosen and estimated, for the header.

    A confidence has a target: the false alarms per 10,000 words it may raise on books
    it never saw. Each floor of :data:`FLOORS` (from the confidence's least) with each
    budget of :data:`BUDGETS` is tried by two-fold cross-validation over the tuning books
    (thresholds chosen on the even-numbered books are used on the odd-numbered ones and
    the other way round); of those whose estimate stays within the target, the one that
    best meets :data:`RECALL_GOALS` is what the thresholds are then chosen with on all
    the books."""
    scores: dict[tuple[int, int, int], list[tuple[float, float, float, int]]] = defaultdict(list)
    words: dict[int, int] = {}
    numbered = list(enumerate(books))
    slips = read_slips(args.slips)
    unless = unless_of(args.rules)
    tasks = [(numbered[i : i + 6], sets, model, slips, unless) for i in range(0, len(numbered), 6)]
    left_out: set[tuple[str, int]] = set()
    for found, part, seen in pool.imap(score_books, tasks):
        words.update(found)
        left_out |= seen
        for key, values in part.items():
            scores[key].extend(values)
    listed = sum(len(v) for v in slips.values())
    log(f"{len(left_out)} of the {listed} e-text slips listed found and left out")
    for book, entries in sorted(slips.items()):
        for number, (before, word, after) in enumerate(entries):
            if (book, number) not in left_out:
                log(f"  not found: {book}: {' '.join((*before, f'[{word}]', *after))}")
    total = sum(words.values())
    halves = tuple(set(range(start, len(books), 2)) for start in (0, 1))
    split = (
        directions_of(tables, scores, halves[0]),
        directions_of(tables, scores, halves[1]),
    )
    half_words = tuple(sum(words[b] for b in half) for half in halves)
    directions = directions_of(tables, scores)
    targets = {
        "high": (args.target_high, args.floor_high),
        "normal": (args.target_normal, args.floor_normal),
    }
    chosen = {}
    estimates = {}
    floors_chosen = {}
    for confidence, (target, least) in targets.items():
        best: tuple[Estimate, float] | None = None
        for floor in [f for f in FLOORS if f >= least] or [least]:
            for budget in BUDGETS:
                estimate = cross_validated(split, half_words, budget, floor)  # type: ignore[arg-type]
                log(
                    f"{confidence}: floor {floor:.1f}, budget {budget:.3f} -> "
                    f"{estimate.alarms_per_10k:.3f} false alarms per 10k, recall "
                    f"{estimate.recall:.1%} (mean {estimate.mean_recall:.1%})"
                )
                if estimate.alarms_per_10k > target:
                    break
                if best is None or _met(estimate) > _met(best[0]):
                    best = (estimate, floor)
        if best is None:  # not even the strictest reaches the target: the strictest
            floor = max((*FLOORS, least))
            best = (cross_validated(split, half_words, 0.0, floor), floor)  # type: ignore[arg-type]
        estimates[confidence], floors_chosen[confidence] = best
        chosen[confidence] = choose_thresholds(
            directions, int(best[0].budget * total / 10_000), best[1], CEILING
        )
    by_key = {(d.which, d.written, d.meant): d for d in directions}
    for which, (meta, _) in enumerate(tables):
        tuned = []
        for pair in meta["pairs"]:
            first, second = pair["first"], pair["second"]
            high = [
                round(chosen["high"][(which, a, b)][0], 4)
                for a, b in ((first, second), (second, first))
            ]
            # "normal" is never stricter than "high" (its budget is chosen on its own,
            # so a direction may have been given less of it)
            pair["thresholds"] = {
                "high": high,
                "normal": [
                    min(limit, round(chosen["normal"][(which, a, b)][0], 4))
                    for limit, (a, b) in zip(high, ((first, second), (second, first)), strict=True)
                ],
            }
            pair["screens"] = [
                round(
                    by_key[(which, a, b)].screen(
                        min(chosen[c][(which, a, b)][0] for c in CONFIDENCES)
                    ),
                    4,
                )
                for a, b in ((first, second), (second, first))
            ]
            for written, meant in ((first, second), (second, first)):
                for c in CONFIDENCES:
                    _, alarms, caught = chosen[c][(which, written, meant)]
                    planted = len(by_key[(which, written, meant)].planted)
                    tuned.append(
                        {
                            "written": written,
                            "meant": meant,
                            "confidence": c,
                            "alarms": alarms,
                            "caught": caught,
                            "planted": planted,
                        }
                    )
        meta["tuning"] = tuned
    return {
        "words_tuned": total,
        "etext_slips_left_out": len(left_out),
        "confidence": {
            c: {
                "target_per_10k": targets[c][0],
                "floor": floors_chosen[c],
                "budget_per_10k": e.budget,
                "estimated_alarms_per_10k": round(e.alarms_per_10k, 4),
                "estimated_recall": round(e.recall, 4),
                "estimated_mean_recall": round(e.mean_recall, 4),
            }
            for c, e in estimates.items()
        },
    }


#: How far above an ``allow`` example's score a threshold is raised (log-odds).
EXAMPLE_MARGIN = 0.5


def respect_examples(tables: list, loaded: ConfusionModel, folder: Path | None, log) -> int:
    """Step 5b: no threshold flags a must-not-flag (``allow``) example of the rules.

    The examples are hand-checked contexts: where one scores at or above a direction's
    threshold, the threshold is raised to :data:`EXAMPLE_MARGIN` above it (at both
    confidences, and logged). Examples with a ``config`` of their own are left to the
    tests, and so are those the rule's own ``unless`` matches (it silences the model
    there). Returns how many thresholds were raised."""
    by_name = {meta["name"]: meta for meta, _ in tables}
    hashes = Hashes()
    raised = 0
    for path, rule in modelled_rules(folder):
        if rule.get("kind") != "confusable":
            continue
        unless = [Unless(u, f"{path.name} unless") for u in rule.get("unless", [])]
        texts = [
            e["allow"]
            for e in rule.get("examples", [])
            if "allow" in e
            and not e.get("config")
            # the rule's own unless silences the model there: nothing to raise for
            and not any(next(u.matcher.finditer(plain(e["allow"])), None) for u in unless)
        ]
        for members in rule.get("sets", []):
            name = "|".join(members)
            table, meta = loaded.sets.get(name), by_name.get(name)
            if table is None or meta is None:
                continue
            for text in texts:
                for number, side, z, word in _example_scores(table, text, hashes):
                    for confidence, limits in meta["pairs"][number]["thresholds"].items():
                        if z >= limits[side]:
                            log(
                                f"{rule['id']}: {confidence} threshold of {word} raised "
                                f"from {limits[side]:.2f} to {z + EXAMPLE_MARGIN:.2f} "
                                f"for {text!r}"
                            )
                            limits[side] = round(z + EXAMPLE_MARGIN, 4)
                            raised += 1
    return raised


def _example_scores(table, text: str, hashes: Hashes) -> Iterator[tuple[int, int, float, str]]:
    """For each member of ``table`` in ``text`` the checker would judge, and each pair
    it is in: (the pair's number, 0 if it is the pair's first member else 1, the score
    of the change, "written -> meant")."""
    if in_dialect(text):
        return
    written, counted = tokens(text)
    counted = padded(counted)
    for at, token in enumerate(counted):
        own = table.index.get(token)
        if own is None or looks_like_a_name(written[at - PAD], counted[at - 1]):
            continue
        found = lookups(table, counted, at, hashes)
        for number, pair in enumerate(table.pairs.values()):
            if own not in (pair.first, pair.second):
                continue
            side = 0 if own == pair.first else 1
            z = score(pair, features(table, found, (pair.first, pair.second)))
            meant = table.members[pair.second if side == 0 else pair.first]
            yield number, side, z if side == 0 else -z, f"{token} -> {meant}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", type=Path, help="folder of *.txt.xz books")
    parser.add_argument("--out", type=Path, default=rules_dir() / "confusables.model")
    parser.add_argument("--rules", type=Path, help="folder of rule files (default: rules/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--heldout", type=int, default=100, help="books left out for measuring")
    parser.add_argument("--tune", type=int, default=150, help="books for choosing thresholds")
    parser.add_argument("--limit", type=int, help="count only this many books (quick runs)")
    parser.add_argument("--min-count", type=int, default=3, help="least count of a context")
    parser.add_argument(
        "--count-scale",
        type=float,
        default=20.0,
        help="a set seen more than this often per 10k words needs its contexts seen more "
        "often, by the square root of the ratio (0: never)",
    )
    parser.add_argument("--bag-min", type=int, default=30, help="least count of a bag word")
    parser.add_argument(
        "--bag-rate",
        type=float,
        default=5.0,
        help="the bag of words only for sets seen at most this often per 10k words",
    )
    parser.add_argument("--min-ratio", type=float, default=0.4, help="least log-ratio kept")
    parser.add_argument(
        "--min-part", type=float, default=0.5, help="least weighted part of a context in a score"
    )
    parser.add_argument("--alpha", type=float, default=2.0, help="smoothing of the counts")
    parser.add_argument(
        "--sample", type=int, default=12_000, help="occurrences per member to fit on"
    )
    parser.add_argument(
        "--target-high",
        type=float,
        default=0.145,
        help='false alarms per 10k words of unseen books at "high" (estimated by '
        "cross-validation over the tuning books)",
    )
    parser.add_argument("--target-normal", type=float, default=0.2)
    parser.add_argument(
        "--floor-high", type=float, default=4.5, help="least floor (log-odds) tried at high"
    )
    parser.add_argument("--floor-normal", type=float, default=3.0)
    parser.add_argument(
        "--counts", type=Path, help="keep step 2's counts in this file (or reuse them)"
    )
    parser.add_argument("--work", type=Path, help="folder for temporary files")
    parser.add_argument(
        "--slips",
        type=Path,
        default=SLIPS_FILE,
        help="the e-text slips of the tuning books to leave out (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    sets = confusion_sets(args.rules)
    if not sets:
        raise SystemExit("no confusion sets found in the rule files")
    books = {p.name: p for p in args.books.glob("*.txt.xz")}
    if len(books) < 3:
        raise SystemExit(f"{args.books}: too few books (*.txt.xz)")
    split = split_books(list(books), args.heldout, args.tune)
    train = [books[name] for name in split.train]
    if args.limit:
        chosen = random.Random(SEED).sample(range(len(train)), min(args.limit, len(train)))
        train = [train[i] for i in sorted(chosen)]
    tune_books = [books[name] for name in split.tune]
    log(
        f"{len(sets)} sets; {len(train)} books counted, {len(tune_books)} tune, "
        f"{len(split.heldout)} held out"
    )
    context = get_context("fork") if sys.platform != "win32" else get_context("spawn")
    work = Path(tempfile.mkdtemp(prefix="confusables-", dir=args.work))
    try:
        with context.Pool(args.jobs) as pool:
            if args.counts and args.counts.exists():
                with open(args.counts, "rb") as file:
                    counted = Counted(**pickle.load(file)).subset(
                        [s.name for s in sets], args.counts
                    )
                log(f"counts read from {args.counts}")
            else:
                counted = count(pool, train, tune_books, sets, work, args.sample)
                log(
                    f"counted {counted.words:,} words; {len(counted.samples):,} occurrences sampled"
                )
                if args.counts:
                    with open(args.counts, "wb") as file:
                        pickle.dump(vars(counted), file, protocol=pickle.HIGHEST_PROTOCOL)
            rules = Pruning(args.min_count, args.bag_min, args.min_ratio, args.alpha)
            rates = {
                spec.name: sum(counted.totals[w]) * 10_000 / max(counted.words, 1)
                for w, spec in enumerate(sets)
            }
            least = {
                name: max(
                    args.min_count, round(args.min_count * math.sqrt(rate / args.count_scale))
                )
                for name, rate in rates.items()
                if args.count_scale
            }
            # the bag of words only for the sets rare enough for its lookups to cost little
            # (and whose words are more about a topic: desert, peace, altar)
            drop = {name: {BAG_SHAPE} for name, rate in rates.items() if rate > args.bag_rate}
            tables = tables_of(sets, counted, rules, least, drop)
            log(f"{sum(len(e) for _, e in tables):,} contexts kept")
            header = {
                "format": 1,
                "source": SOURCE,
                "alpha": args.alpha,
                "min_count": args.min_count,
                "books": {
                    "counted": len(train),
                    "tune": list(split.tune),
                    "heldout": list(split.heldout),
                },
                "words_counted": counted.words,
            }
            provisional = work / "provisional.model"
            write_model(provisional, header, tables)
            fit_pairs(pool, sets, counted, tables, provisional, args)
            log("fitted")
            if args.min_part:
                write_model(provisional, header, tables)
                tables = by_contribution(
                    counted, tables, ConfusionModel.load(provisional), args.min_part
                )
                log(f"{sum(len(e) for _, e in tables):,} contexts weigh at least {args.min_part}")
                write_model(provisional, header, tables)
                fit_pairs(pool, sets, counted, tables, provisional, args)
                log("fitted again")
            write_model(provisional, header, tables)
            del counted  # the counts are in the tables now: free them before tuning
            header.update(tune(pool, tune_books, sets, tables, provisional, args, log))
            write_model(provisional, header, tables)
            header["raised_for_examples"] = respect_examples(
                tables, ConfusionModel.load(provisional), args.rules, log
            )
        log(f"thresholds chosen on {header['words_tuned']:,} words")
        write_model(args.out, header, tables)
        log(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
