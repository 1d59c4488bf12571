"""The engine: run the enabled rules on a document and report findings in the source.

Paragraph rules run once per distinct paragraph and context: their results are cached
by paragraph content plus the parts of the context the rule declared it reads, so when
one paragraph of a novel changes only that paragraph is checked again. Document rules
(quote-style mixing, names) run on the whole document and may consult the
:class:`Workspace` of documents checked together. Findings are then moved to source
offsets, filtered by the user's ``accept`` list and inline directives, and given their
severity.

An exception in a rule never stops the check: it is passed to ``on_error`` and that
rule is skipped for that paragraph or document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from storylint.checks.context import Context, DocumentContext, Neighbors, Workspace
from storylint.checks.registry import DOCUMENT, Rule, all_rules, kind_of
from storylint.config import DEFAULT, Config
from storylint.findings import Finding, Fix, Severity
from storylint.parse.conventions import Conventions
from storylint.parse.document import Document, ParagraphCache, parse_document
from storylint.read.prose import ProseBlock
from storylint.read.source import SourceFile
from storylint.selection import enabled_rules, matches


@dataclass(frozen=True, slots=True)
class Report:
    """A finding placed in a source file, with its rule and effective severity."""

    finding: Finding
    rule: Rule
    severity: Severity

    @property
    def start(self) -> int:
        return self.finding.start

    @property
    def end(self) -> int:
        return self.finding.end


ErrorHandler = Callable[[Rule, BaseException, str], None]


def _ignore_errors(rule: Rule, error: BaseException, where: str) -> None:
    pass


@dataclass
class _Entry:
    """Cached results of one paragraph: per rule id, (context key, findings)."""

    results: dict[str, tuple[tuple, tuple[Finding, ...]]] = field(default_factory=dict)


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
    ) -> None:
        self.config = config
        self.paragraphs = paragraphs if paragraphs is not None else ParagraphCache()
        self.on_error = on_error
        self.rules = list(rules) if rules is not None else enabled_rules(config, all_rules())
        self.paragraph_rules = [r for r in self.rules if kind_of(r).scope != DOCUMENT]
        self.document_rules = [r for r in self.rules if kind_of(r).scope == DOCUMENT]
        self.names_provider = names_provider
        self._needs_names = any("names" in kind_of(r).depends for r in self.paragraph_rules)
        self._triggers = {
            rule.id: kind_of(rule).triggers(rule) if kind_of(rule).triggers else None
            for rule in self.paragraph_rules
        }
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
        conventions = document.conventions(self.config.quote_style)
        names = None
        if self._needs_names and self.names_provider is not None:
            names = self.names_provider(document, workspace, self.config)
        found: list[tuple[Finding, Rule]] = []
        if self.paragraph_rules:
            found.extend(self._check_paragraphs(document, conventions, names))
        for rule in self.document_rules:
            try:
                for finding in kind_of(rule).check(
                    document, self._doc_context(conventions, workspace), rule
                ):
                    found.append((finding, rule))
            except Exception as error:  # a broken rule must not stop the check
                self.on_error(rule, error, document.source.path)
        return self._reports(document, found)

    def _doc_context(
        self, conventions: Conventions, workspace: Workspace | None
    ) -> DocumentContext:
        return DocumentContext(conventions, self.config, workspace)

    def _check_paragraphs(
        self, document: Document, conventions: Conventions, names: frozenset[str] | None
    ) -> Iterable[tuple[Finding, Rule]]:
        paragraphs, blocks = document.paragraphs, document.blocks
        all_neighbors = neighbors_of(document, conventions.dialogue)
        results = self._results
        if len(results) > 4 * max(len(self.paragraphs), 1000):
            results.clear()
        for paragraph, block, neighbors in zip(paragraphs, blocks, all_neighbors, strict=True):
            context = Context(conventions, neighbors, self.config, names)
            entry = results.get((paragraph.kind, paragraph.text))
            if entry is None:
                entry = results[(paragraph.kind, paragraph.text)] = _Entry()
            self.stats["paragraphs"] += 1
            words = None
            for rule in self.paragraph_rules:
                triggers = self._triggers[rule.id]
                if triggers is not None:
                    if words is None:
                        words = paragraph.word_set
                    if any(needed.isdisjoint(words) for needed in triggers):
                        continue
                kind = kind_of(rule)
                key = context.key(kind.depends)
                cached = entry.results.get(rule.id)
                if cached is not None and cached[0] == key:
                    self.stats["reused"] += 1
                    findings = cached[1]
                else:
                    self.stats["rule_runs"] += 1
                    try:
                        findings = tuple(kind.check(paragraph, context, rule))
                    except Exception as error:  # a broken rule must not stop the check
                        line = document.source.lines.position(block.start)[0] + 1
                        where = f"{document.source.path}:{line}"
                        self.on_error(rule, error, where)
                        findings = ()
                    entry.results[rule.id] = (key, findings)
                for finding in findings:
                    yield _place(finding, block), rule

    def _reports(self, document: Document, found: list[tuple[Finding, Rule]]) -> list[Report]:
        config = self.config
        text = document.source.text
        suppressed = _suppressions(document)
        reports = []
        for finding, rule in found:
            subject = finding.subject or text[finding.start : finding.end]
            if config.accept and config.accepts(subject.strip()):
                continue
            if suppressed and _is_suppressed(suppressed, finding.start, rule):
                continue
            reports.append(Report(finding, rule, severity_of(rule, config)))
        reports.sort(key=lambda r: (r.finding.start, r.finding.end, r.rule.id))
        return reports


_LETTER = re.compile(r"[^\W\d_]")
_BRACKETED = re.compile(r"^[(\[].*[)\]][.,;:!?]*$", re.DOTALL)


def _has_quote(text: str) -> bool:
    return any(c in text for c in "\"“”‘’'„‟‚‛")


def _transparent(text: str) -> bool:
    """A scene break (``* * *``) or a bracketed aside: quotations run on across it."""
    return not _LETTER.search(text) or bool(_BRACKETED.match(text))


def neighbors_of(document: Document, family: str) -> list[Neighbors]:
    """For each paragraph: whether a dialogue quotation runs into it and out of it.

    The next paragraph continues a quotation when it opens with a quotation mark (the
    multi-paragraph convention), when its first mark closes a quotation it never
    opened, or when it is indented more than the document's paragraphs usually are
    (verse or a letter quoted as a block). Scene breaks and bracketed asides in between
    are looked through.
    """
    paragraphs, blocks = document.paragraphs, document.blocks
    count = len(paragraphs)
    if not count:
        return []
    usual = Counter(block.indent for block in blocks).most_common(1)[0][0]
    display = [block.indent > usual for block in blocks]
    solid = [not _transparent(p.text) for p in paragraphs]
    ends = [_has_quote(p.text) and p.quotes.ends_open(family) for p in paragraphs]
    next_opens = [False] * count
    following = None
    for index in range(count - 1, -1, -1):
        if following is not None:
            nxt = paragraphs[following]
            next_opens[index] = display[following] or (
                _has_quote(nxt.text)
                and (nxt.quotes.starts_open(family) or nxt.quotes.starts_with_close(family))
            )
        if solid[index]:
            following = index
    result = []
    previous = None
    for index in range(count):
        result.append(
            Neighbors(
                previous_open=previous is not None and ends[previous], next_opens=next_opens[index]
            )
        )
        if solid[index]:
            previous = index
    return result


def _place(finding: Finding, block: ProseBlock) -> Finding:
    """Move a paragraph finding to source offsets (dropping fixes that span markup)."""
    start = block.source_start(finding.start)
    end = block.source_end(finding.end) if finding.end > finding.start else start
    fixes: tuple[Fix, ...] = finding.fixes
    if fixes and not block.is_verbatim(finding.start, finding.end):
        fixes = ()
    return Finding(
        finding.rule, start, end, finding.message, fixes, finding.related, finding.subject
    )


def severity_of(rule: Rule, config: Config) -> Severity:
    """The severity of ``rule`` under ``config`` (rule id beats category beats default)."""
    overrides: Mapping[str, Severity] = config.severity
    return overrides.get(rule.id) or overrides.get(rule.category) or rule.severity


def _suppressions(document: Document) -> list[tuple[int, int, tuple[str, ...]]]:
    """Source ranges in which inline directives silence rules."""
    ranges = []
    lines = document.source.lines
    open_disables: list[tuple[int, tuple[str, ...]]] = []
    for directive in document.directives:
        if directive.action == "disable":
            open_disables.append((directive.end, directive.rules))
        elif directive.action == "enable":
            still_open = []
            for start, rules in open_disables:
                if not directive.rules or set(directive.rules) & set(rules) or not rules:
                    ranges.append((start, directive.start, rules))
                    if rules and directive.rules and set(rules) - set(directive.rules):
                        still_open.append((directive.end, tuple(set(rules) - set(directive.rules))))
                else:
                    still_open.append((start, rules))
            open_disables = still_open
        else:  # disable-next-line: the next line that has text on it
            line = lines.position(directive.end)[0] + 1
            while line < lines.line_count and not lines.line_text(line).strip():
                line += 1
            if line < lines.line_count:
                ranges.append((lines.starts[line], lines.line_end(line) + 1, directive.rules))
    ranges.extend((start, len(document.source.text) + 1, rules) for start, rules in open_disables)
    return ranges


def _is_suppressed(ranges: list[tuple[int, int, tuple[str, ...]]], offset: int, rule: Rule) -> bool:
    return any(
        start <= offset < end and (not rules or any(matches(s, rule) for s in rules))
        for start, end, rules in ranges
    )
