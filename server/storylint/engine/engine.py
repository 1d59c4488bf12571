"""The engine: run the enabled rules on a document and report findings in the source.

Paragraph rules run once per distinct paragraph and context: their results are cached
by paragraph content plus the parts of the context the rule declared it reads, so when
one paragraph of a novel changes only that paragraph is checked again. Document rules
(quote-style mixing, names) run on the whole document and may consult the
:class:`Workspace` of documents checked together. Findings are then moved to source
offsets, filtered by the user's ``accept`` list and inline directives, and given their
severity.

A long document's paragraphs are shared out between forked processes (``jobs``, see
:mod:`storylint.engine.parallel`): each checks a range of paragraphs with the document, names
and rules it inherited, and sends back only its findings, so the result is the same as
in one process.

An exception in a rule never stops the check: it is passed to ``on_error`` and that
rule is skipped for that paragraph or document.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import TypeVar

from storylint.checks import all_rules
from storylint.checks.context import Context, DocumentContext, Workspace
from storylint.checks.registry import DOCUMENT, Rule, kind_of, provider
from storylint.checks.selection import enabled_rules
from storylint.config import DEFAULT, Config
from storylint.engine.parallel import fork_map, jobs_for
from storylint.engine.suppress import is_suppressed, suppressions
from storylint.findings import Finding, Fix
from storylint.parse import continuity
from storylint.parse.conventions import Conventions
from storylint.parse.document import Document, ParagraphCache, parse_document
from storylint.parse.paragraph import Paragraph
from storylint.read.prose import Directive, ProseBlock
from storylint.read.source import SourceFile
from storylint.report import Report, severity_of

T = TypeVar("T")


ErrorHandler = Callable[[Rule, BaseException, str], None]


def _ignore_errors(rule: Rule, error: BaseException, where: str) -> None:
    pass


@dataclass
class _Entry:
    """Cached results of one paragraph text.

    For each set of context parts rules read (``depends``), the context key the rules
    reading it last ran under; and each rule's findings. The rules of one ``depends``
    always run together when its key changes, so a rule's findings are current when its
    ``depends`` key is."""

    keys: dict[frozenset[str], tuple] = field(default_factory=dict)
    found: dict[str, tuple[Finding, ...]] = field(default_factory=dict)


class Engine:
    """Checks documents under one configuration."""

    def __init__(
        self,
        config: Config = DEFAULT,
        *,
        paragraphs: ParagraphCache | None = None,
        on_error: ErrorHandler = _ignore_errors,
        rules: Iterable[Rule] | None = None,
        names_provider: Callable[[Document, Workspace | None, Config], frozenset[str]]
        | None = None,
        jobs: int = 1,
        release_paragraphs: bool = False,
    ) -> None:
        self.config = config
        #: Free each paragraph's working data once its rules ran (a one-off run, where
        #: the text is checked once: it saves memory, not time).
        self.release_paragraphs = release_paragraphs
        #: How many processes :meth:`check` may use for a long document (see parallel).
        self.jobs = jobs
        self.paragraphs = paragraphs if paragraphs is not None else ParagraphCache()
        self.on_error = on_error
        self.rules = list(rules) if rules is not None else enabled_rules(config, all_rules())
        self.paragraph_rules = [r for r in self.rules if kind_of(r).scope != DOCUMENT]
        self.document_rules = [r for r in self.rules if kind_of(r).scope == DOCUMENT]
        self.names_provider = names_provider or provider("names") or _no_names
        self._needs_names = any("names" in kind_of(r).depends for r in self.paragraph_rules)
        #: What the per-paragraph loop needs of each rule, looked up once.
        self._plan = [
            (
                rule,
                rule.id,
                kind.check,
                kind.depends,
                (kind.triggers and kind.triggers(rule)) or None,
            )
            for rule, kind in ((r, kind_of(r)) for r in self.paragraph_rules)
        ]
        # Rules by the words of their first trigger set: a paragraph only needs to try
        # the rules one of its words triggers, and those without triggers (kept as a
        # list, the common answer, and as a set to add to).
        by_trigger: dict[str, set[int]] = {}
        for i, plan in enumerate(self._plan):
            for word in plan[4][0] if plan[4] is not None else ():
                by_trigger.setdefault(word, set()).add(i)
        self._by_trigger = {word: frozenset(rules) for word, rules in by_trigger.items()}
        self._trigger_words = frozenset(by_trigger)
        self._untriggered = [i for i, plan in enumerate(self._plan) if plan[4] is None]
        self._untriggered_set = frozenset(self._untriggered)
        self._depends = {kind_of(rule).depends for rule in self.paragraph_rules}
        self._results: dict[tuple[str, str], _Entry] = {}
        self.stats = {"paragraphs": 0, "rule_runs": 0, "reused": 0}

    def parse(self, source: SourceFile) -> Document:
        return parse_document(source, self.paragraphs)

    def check(
        self, document: Document | SourceFile, workspace: Workspace | None = None
    ) -> list[Report]:
        """All findings of the enabled rules in one document, in source order."""
        if isinstance(document, SourceFile):
            document = self.parse(document)
        return self.reports(document.source, document.directives, self.found(document, workspace))

    def found(
        self, document: Document, workspace: Workspace | None = None, *, jobs: int | None = None
    ) -> list[tuple[Finding, Rule]]:
        """Every rule's findings in ``document``, in source offsets, before the accept
        list, directives and severities are applied (see :meth:`reports`); in up to
        ``jobs`` processes (default: the engine's)."""
        conventions = document.conventions(self.config.quote_style)
        names = self.names_for(document, workspace)
        # The paragraphs in ranges: the first here, the others in forked children (with
        # the document, names and rules already loaded); the document rules run here
        # meanwhile.
        sizes = [len(p.text) for p in document.paragraphs]
        ranges = self._split(sizes, jobs=jobs) if self.paragraph_rules else []
        between = partial(self._paragraphs_between, document, conventions, names)

        def here() -> list[tuple[Finding, Rule]]:
            # the document rules first: they may read what the paragraphs' rules free
            found = self.document_findings(document, conventions, workspace)
            return found + (between(ranges[0]) if ranges else [])

        others = [partial(self.portable, partial(_listed, between, r)) for r in ranges[1:]]
        found, *there = fork_map([here, *others])
        for result in there:
            found.extend(self.restored(result)[0])
        return found

    def _split(
        self, sizes: Sequence[int], threads_ok: bool = False, jobs: int | None = None
    ) -> list[tuple[int, int]]:
        """Items of these sizes (paragraph lengths) split into up to ``jobs`` (default:
        the engine's) ranges of about equal total (the first a little smaller: this
        process has more to do), or one range when splitting does not pay."""
        size = sum(sizes)
        jobs = jobs_for(size, self.jobs if jobs is None else jobs, threads_ok)
        if jobs < 2:
            return [(0, len(sizes))]
        share = size / (jobs - 0.1)  # the first range gets 0.9 of a share
        bounds = [0]
        seen = 0
        limit = 0.9 * share
        for index, item in enumerate(sizes):
            if seen >= limit and len(bounds) < jobs:
                bounds.append(index)
                limit += share
            seen += item
        bounds.append(len(sizes))
        return list(pairwise(bounds))

    def _paragraphs_between(
        self,
        document: Document,
        conventions: Conventions,
        names: frozenset[str] | None,
        between: tuple[int, int],
    ) -> list[tuple[Finding, Rule]]:
        """The paragraph rules' findings in a range of paragraphs, in source offsets."""
        start, stop = between
        paragraphs, blocks = document.paragraphs, document.blocks
        neighbors = continuity.neighbors(
            paragraphs, [b.indent for b in blocks], conventions.dialogue, start, stop
        )
        found: list[tuple[Finding, Rule]] = []
        release = self.release_paragraphs
        for index, around in zip(range(start, stop), neighbors, strict=True):
            block = blocks[index]
            context = Context(conventions, around, self.config, names)
            where = Where(document.source, block.start)
            for finding, rule in self.paragraph_findings(paragraphs[index], context, where):
                found.append((place(finding, block), rule))
            if release:
                paragraphs[index].release()
        return found

    def portable(self, work: Callable[[], list[list[tuple[Finding, Rule]] | None]]) -> Portable:
        """``work()``'s lists of findings in a form that can travel back from a forked
        child (rule ids for rules), with the rule errors met, for :meth:`restored`."""
        errors: list[tuple[str, BaseException, str]] = []
        on_error = self.on_error

        def keep(rule: Rule, error: BaseException, where: str) -> None:
            errors.append((rule.id, _portable(error), where))

        before = dict(self.stats)
        self.on_error = keep
        try:
            found = work()
        finally:
            self.on_error = on_error
        counted = {key: value - before[key] for key, value in self.stats.items()}
        portable = [
            None if part is None else [(rule.id, finding) for finding, rule in part]
            for part in found
        ]
        return portable, errors, counted

    def portable_found(self, document: Document, workspace: Workspace | None) -> Portable:
        """:meth:`found` in one process, as a :meth:`portable` result (for a child that
        checks whole documents)."""
        return self.portable(partial(_listed, partial(self.found, jobs=1), document, workspace))

    def restored(self, result: Portable) -> list[list[tuple[Finding, Rule]] | None]:
        """The lists of findings of a :meth:`portable` result; its errors reported here."""
        found, errors, stats = result
        rules = {rule.id: rule for rule in self.rules}
        for rule_id, error, where in errors:
            self.on_error(rules[rule_id], error, where)
        for key in self.stats:
            self.stats[key] += stats.get(key, 0)
        return [
            None if part is None else [(finding, rules[rule_id]) for rule_id, finding in part]
            for part in found
        ]

    def prepare(self, document: Document, workspace: Workspace | None) -> None:
        """Build what checking ``document`` shares with the other documents of
        ``workspace`` (the names index of its work), so that processes forked after this
        inherit it instead of each building it again."""
        if self._needs_names or self.document_rules:
            self.names_provider(document, workspace, self.config)

    def names_for(self, document: Document, workspace: Workspace | None) -> frozenset[str] | None:
        """The character names paragraph rules may use, when one of them reads them."""
        if self._needs_names:
            return self.names_provider(document, workspace, self.config)
        return None

    def paragraph_findings(
        self, paragraph: Paragraph, context: Context, where: object = "?"
    ) -> list[tuple[Finding, Rule]]:
        """Every paragraph rule's findings in one paragraph, in paragraph coordinates.

        Results are cached per paragraph content and rule, and reused while the parts of
        the context the rule reads are unchanged. ``where`` names the place in error
        reports (its ``str()`` is only taken when a rule fails).
        """
        results = self._results
        if len(results) > 4 * max(len(self.paragraphs), 1000):
            results.clear()
        entry = results.get((paragraph.kind, paragraph.text))
        if entry is None:
            entry = results[(paragraph.kind, paragraph.text)] = _Entry()
        found: list[tuple[Finding, Rule]] = []
        local = paragraph if self._needs_names else None
        keys = {depends: context.key(depends, local) for depends in self._depends}
        known = entry.keys
        current = {depends for depends, key in keys.items() if known.get(depends) == key}
        cache = entry.found
        runs = reused = 0
        plan = self._plan
        for i in self._candidates(paragraph):
            rule, rule_id, check, depends, triggers = plan[i]
            if triggers is not None and len(triggers) > 1:
                words = paragraph.word_set
                if any(needed.isdisjoint(words) for needed in triggers[1:]):
                    continue  # a word the rule needs is missing
            findings = cache.get(rule_id) if depends in current else None
            if findings is not None:
                reused += 1
            else:
                runs += 1
                try:
                    findings = tuple(check(paragraph, context, rule))
                except Exception as error:  # a broken rule must not stop the check
                    self.on_error(rule, error, str(where))
                    findings = ()
                cache[rule_id] = findings
            if findings:
                found.extend((finding, rule) for finding in findings)
        known.update(keys)
        stats = self.stats
        stats["paragraphs"] += 1
        stats["rule_runs"] += runs
        stats["reused"] += reused
        return found

    def check_paragraphs(
        self,
        items: Sequence[tuple[Paragraph, Context, object]],
        *,
        threads_ok: bool = False,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[list[tuple[Finding, Rule]] | None]:
        """:meth:`paragraph_findings` of each (paragraph, context, where), in order.

        A long list is shared out between forked processes (see :mod:`storylint.engine.parallel`;
        ``threads_ok`` as there), and their results are cached here as if checked here.
        ``should_stop`` is polled now and then in this process: once it answers True, the
        items not yet checked here get None. The children are not told: their results are
        waited for and taken (a child that has not answered in 30 s is given up on)."""
        ranges = self._split([len(paragraph.text) for paragraph, _, _ in items], threads_ok)

        def here(
            start: int, stop: int, polled: bool = True
        ) -> list[list[tuple[Finding, Rule]] | None]:
            results: list[list[tuple[Finding, Rule]] | None] = []
            for done, (paragraph, context, where) in enumerate(items[start:stop]):
                if polled and should_stop is not None and done % 64 == 0 and should_stop():
                    return results + [None] * (stop - start - done)
                results.append(self.paragraph_findings(paragraph, context, where))
            return results

        def there(start: int, stop: int) -> tuple[Portable, dict]:
            # not polled: a child's copy of should_stop would only see the past
            portable = self.portable(partial(here, start, stop, False))
            # Each paragraph text's cached findings, with the item whose context they are
            # for (the last checked): the parent has the contexts, which are slow to send.
            entries = {}
            for index in range(start, stop):
                key = (items[index][0].kind, items[index][0].text)
                entries[key] = (index, self._results[key].found)
            return portable, entries

        if len(ranges) < 2:
            return here(0, len(items))
        tasks = [partial(there, *between) for between in ranges[1:]]
        first, *others = fork_map(
            [partial(here, *ranges[0]), *tasks],
            threads_ok=threads_ok,
            timeout=30 if threads_ok else None,  # a child may hang on a lock (see parallel)
        )
        results = first
        for portable, entries in others:
            for key, (index, cached) in entries.items():
                if key not in self._results:  # one checked here stays
                    paragraph, context = items[index][0], items[index][1]
                    local = paragraph if self._needs_names else None
                    known = {depends: context.key(depends, local) for depends in self._depends}
                    self._results[key] = _Entry(known, cached)
            results.extend(self.restored(portable))
        return results

    def _candidates(self, paragraph: Paragraph) -> list[int]:
        """Indexes into the plan, in order, of the rules whose first trigger set
        ``paragraph`` meets (every rule without triggers is one)."""
        if not self._by_trigger:
            return self._untriggered
        hits = self._trigger_words & paragraph.word_set
        if not hits:
            return self._untriggered
        return sorted(self._untriggered_set.union(*map(self._by_trigger.__getitem__, hits)))

    def document_findings(
        self, document: Document, conventions: Conventions, workspace: Workspace | None
    ) -> list[tuple[Finding, Rule]]:
        """Findings of the document rules (source coordinates)."""
        found: list[tuple[Finding, Rule]] = []
        context = DocumentContext(conventions, self.config, workspace)
        for rule in self.document_rules:
            try:
                found.extend(
                    (finding, rule) for finding in kind_of(rule).check(document, context, rule)
                )
            except Exception as error:  # a broken rule must not stop the check
                self.on_error(rule, error, document.source.path)
        return found

    def reports(
        self,
        source: SourceFile,
        directives: Sequence[Directive],
        found: Iterable[tuple[Finding, Rule]],
    ) -> list[Report]:
        """Findings in source coordinates -> reports: accept list, directives, severity."""
        config = self.config
        text = source.text
        suppressed = suppressions(source, directives) if directives else []
        reports = []
        for finding, rule in found:
            subject = finding.subject or text[finding.start : finding.end]
            if config.accept and config.accepts(subject.strip()):
                continue
            if suppressed and is_suppressed(suppressed, finding.start, rule):
                continue
            reports.append(Report(finding, rule, severity_of(rule, config)))
        reports.sort(key=lambda r: (r.finding.start, r.finding.end, r.rule.id))
        return reports


def _no_names(document: Document, workspace: Workspace | None, config: Config) -> frozenset[str]:
    """The names provider when no family provides names."""
    return frozenset()


class Where:
    """``path:line`` of a paragraph, for error reports; computed only when needed."""

    __slots__ = ("offset", "source")

    def __init__(self, source: SourceFile, offset: int) -> None:
        self.source = source
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.source.path}:{self.source.lines.position(self.offset)[0] + 1}"


#: Lists of findings that can be pickled: (rule id, finding) pairs, (rule id, error,
#: where) of the rules that failed, and the engine's counters.
Portable = tuple[list[list[tuple[str, Finding]] | None], list[tuple[str, BaseException, str]], dict]


def _listed(work: Callable[..., list[T]], *args: object) -> list[list[T]]:
    """``[work(*args)]``: one list of findings where :meth:`Engine.portable` wants lists."""
    return [work(*args)]


def _portable(error: BaseException) -> BaseException:
    """``error`` if it can be pickled, else a RuntimeError saying what it was."""
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def place(finding: Finding, block: ProseBlock) -> Finding:
    """Move a paragraph finding to source offsets (dropping fixes that span markup)."""
    start = block.source_start(finding.start)
    end = block.source_end(finding.end) if finding.end > finding.start else start
    fixes: tuple[Fix, ...] = finding.fixes
    if fixes and not block.is_verbatim(finding.start, finding.end):
        fixes = ()
    return Finding(
        finding.rule, start, end, finding.message, fixes, finding.related, finding.subject
    )
