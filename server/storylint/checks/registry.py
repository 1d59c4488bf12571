"""Rules: their metadata (from ``rules/*.toml``) and the code that runs them (kinds).

A rule is data: ``[[rule]]`` in a TOML file gives its id (``category.name``), kind,
default severity, summary, explanation, fix safety, examples that must and must not be
flagged, and whatever data its kind reads (word lists, patterns). A *kind* is a Python
function registered with :func:`paragraph_kind` or :func:`document_kind`; several rules
may share one kind (every confusable is a ``confusable`` rule), so adding a rule of an
existing kind is one data entry.

Paragraph kinds are pure functions of a parsed paragraph and a context, and declare
which parts of the context they read (``depends``) so the engine can cache their
results per paragraph. Document kinds see the whole document (and the workspace, for
names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from storylint.data import load_toml, rule_files
from storylint.findings import Finding, Severity

PARAGRAPH = "paragraph"
DOCUMENT = "document"

#: What a paragraph kind may read from its context besides the paragraph itself.
DEPENDENCIES = frozenset({"conventions", "neighbors", "names", "options"})

_ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIX_SAFETY = ("safe", "unsafe", "none")


class RuleDataError(Exception):
    """A mistake in ``rules/*.toml``: a bug in storylint's data, reported with its place."""


@dataclass(frozen=True)
class Example:
    """An example in a rule's documentation, run by the test suite.

    ``flag`` examples must raise this rule (and applying its fix must give ``fixed`` when
    that is given); ``allow`` examples must not.
    """

    text: str
    flagged: bool
    fixed: str | None = None
    #: A file name (``chapter.md``) when the example is Markdown; plain text otherwise.
    filename: str = "example.txt"
    #: Settings to check the example with, as in ``storylint.toml`` (e.g. a cast list).
    config: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One rule's metadata and data."""

    id: str
    kind: str
    severity: Severity
    summary: str
    explanation: str
    fix: str = "none"
    default: bool = True
    examples: tuple[Example, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def family(self) -> str:
        """The prefix of the id: the rule family, or ``languagetool`` for its rules."""
        return self.id.split(".", 1)[0]

    @property
    def category(self) -> str:
        """What the user selects the rule by (the family, for storylint's own rules)."""
        return self.family

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.id == self.id


ParagraphCheck = Callable[..., Iterable[Finding]]


Triggers = Callable[["Rule"], tuple[frozenset[str], ...] | None]


@dataclass(frozen=True)
class Kind:
    """The code behind every rule of one kind.

    ``triggers(rule)`` may give sets of words (lowercase, apostrophe ') without which a
    rule cannot fire: a paragraph is checked only if it has a word of every set.
    """

    name: str
    scope: str
    check: ParagraphCheck
    depends: frozenset[str] = frozenset()
    triggers: Triggers | None = None


_KINDS: dict[str, Kind] = {}


def paragraph_kind(
    name: str, depends: Iterable[str] = (), triggers: Triggers | None = None
) -> Callable[[ParagraphCheck], ParagraphCheck]:
    """Register ``check(paragraph, context, rule) -> findings`` as kind ``name``.

    Findings are in paragraph coordinates. ``depends`` names the context parts the check
    reads (see :data:`DEPENDENCIES`); its cached results are reused while they are equal.
    ``triggers`` gives each rule's trigger words (see :class:`Kind`).
    """
    depends = frozenset(depends)
    unknown = depends - DEPENDENCIES
    if unknown:
        raise ValueError(f"kind {name!r}: unknown dependencies {sorted(unknown)}")

    def register(check: ParagraphCheck) -> ParagraphCheck:
        _KINDS[name] = Kind(name, PARAGRAPH, check, depends, triggers)
        return check

    return register


def document_kind(name: str) -> Callable[[ParagraphCheck], ParagraphCheck]:
    """Register ``check(document, context, rule) -> findings`` (source coordinates)."""

    def register(check: ParagraphCheck) -> ParagraphCheck:
        _KINDS[name] = Kind(name, DOCUMENT, check)
        return check

    return register


def kind_of(rule: Rule) -> Kind:
    return _KINDS[rule.kind]


def _examples(entry: dict, where: str) -> tuple[Example, ...]:
    examples = []
    for item in entry.get("examples", []):
        filename = item.get("filename", "example.txt")
        config = item.get("config", {})
        if "flag" in item:
            examples.append(Example(item["flag"], True, item.get("fixed"), filename, config))
        elif "allow" in item:
            examples.append(Example(item["allow"], False, None, filename, config))
        else:
            raise RuleDataError(f"{where}: an example needs 'flag' or 'allow': {item}")
    return tuple(examples)


_META_KEYS = {"id", "kind", "severity", "summary", "explanation", "fix", "default", "examples"}


def _rule(entry: dict, where: str) -> Rule:
    rule_id = entry.get("id", "")
    if not _ID.match(rule_id):
        raise RuleDataError(f"{where}: bad rule id {rule_id!r} (want 'category.name')")
    where = f"{where} [{rule_id}]"
    for key in ("summary", "explanation"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise RuleDataError(f"{where}: missing {key!r}")
    try:
        severity = Severity(entry.get("severity", "warning"))
    except ValueError:
        raise RuleDataError(f"{where}: bad severity {entry.get('severity')!r}") from None
    fix = entry.get("fix", "none")
    if fix not in _FIX_SAFETY:
        raise RuleDataError(f"{where}: 'fix' must be one of {_FIX_SAFETY}")
    return Rule(
        id=rule_id,
        kind=entry.get("kind", rule_id.split(".", 1)[1]),
        severity=severity,
        summary=entry["summary"].strip(),
        explanation=entry["explanation"].strip(),
        fix=fix,
        default=bool(entry.get("default", True)),
        examples=_examples(entry, where),
        data={k: v for k, v in entry.items() if k not in _META_KEYS},
        source=where,
    )


@cache
def all_rules() -> Mapping[str, Rule]:
    """Every rule shipped in ``rules/*.toml``, by id, in file order."""
    from storylint import checks  # noqa: F401  (registers the kinds)

    rules: dict[str, Rule] = {}
    for path in rule_files():
        for entry in load_toml(path).get("rule", []):
            rule = _rule(entry, path.name)
            if rule.id in rules:
                raise RuleDataError(f"{path.name}: rule {rule.id} is defined twice")
            if rule.kind not in _KINDS:
                raise RuleDataError(f"{rule.source}: no implementation for kind {rule.kind!r}")
            rules[rule.id] = rule
    return rules


def categories() -> list[str]:
    """The rule categories, in order of first appearance."""
    return list(dict.fromkeys(rule.category for rule in all_rules().values()))
