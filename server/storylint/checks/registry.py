"""Rules: their metadata (from ``rules/*.toml``) and the code that runs them (kinds).

A rule is data: ``[[rule]]`` in a TOML file gives its id (``category.name``), kind,
default severity, summary, explanation, fix safety, examples that must and must not be
flagged, and whatever data its kind reads (word lists, patterns). A *kind* is a Python
function registered with :func:`paragraph_kind` or :func:`document_kind`; several rules
may share one kind (every confusable is a ``confusable`` rule), so adding a rule of an
existing kind is one data entry. A paragraph many explanations share is written once,
in the file's ``[text]`` table, and included as ``{text.NAME}``.

Paragraph kinds are pure functions of a parsed paragraph and a context, and declare
which parts of the context they read (``depends``) so the engine can cache their
results per paragraph. Document kinds see the whole document (and the workspace, for
names).

A family also declares, in the ``[family]`` table of ``rules/<family>.toml``, its config
options (``[family.options.NAME]``, validated by :mod:`storylint.config`) and the editor
actions its findings offer (:class:`ConfigAction`); and may compute a part of the
context for every family (:func:`provides`: the names family gives ``names``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from storylint.data import families, load_toml, rule_files
from storylint.findings import Finding, Severity

PARAGRAPH = "paragraph"
DOCUMENT = "document"

#: What a paragraph kind may read from its context besides the paragraph itself. A kind
#: that reads ``names`` may use only the names whose words its paragraph has: its cached
#: results are kept while those stay the same (see ``Context.key``).
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

    @property
    def actions(self) -> tuple[ConfigAction, ...]:
        """What the editor offers on this rule's findings besides the fix."""
        return family(self.family).actions

    @property
    def accepts_words(self) -> bool:
        """Whether its findings are words a writer may want to accept (never flag)."""
        return family(self.family).accept_words

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.id == self.id


@dataclass(frozen=True)
class ConfigAction:
    """An editor action on a finding: add its subject (or the subject and the fix it
    suggests, as a pair) to a list in the project's config."""

    command: str
    #: Titles, with ``{subject}`` and ``{fix}``: the action's, and the note once done.
    title: str
    done: str
    #: Where the value goes, e.g. ("names", "cast").
    keys: tuple[str, ...]
    #: ``subject`` or ``subject and fix``.
    value: str = "subject"

    def offer(self, subject: str, fix: str | None) -> tuple[str, list[Any]] | None:
        """The title and the command's arguments for a finding, or None when it does not
        apply (no subject; no fix, or a fix that is the subject, for a pair)."""
        if not subject:
            return None
        if self.value == "subject":
            return self.title.format(subject=subject, fix=fix), [subject]
        if fix is None or fix == subject:
            return None
        return self.title.format(subject=subject, fix=fix), [subject, fix]

    def done_message(self, values: list[Any]) -> str:
        return self.done.format(subject=values[0], fix=values[-1])


@dataclass(frozen=True)
class Family:
    """What a rule family declares besides its rules (``[family]`` in its data)."""

    name: str
    actions: tuple[ConfigAction, ...] = ()
    accept_words: bool = False


@cache
def family(name: str) -> Family:
    """The family ``name`` as its data declares it (an empty one when it declares none)."""
    table = families().get(name, {})
    where = f"rules/{name}.toml [family]"
    actions = []
    for entry in table.get("actions", []):
        try:
            action = ConfigAction(
                command=entry["command"],
                title=entry["title"],
                done=entry["done"],
                keys=tuple(entry["add-to"].split(".")),
                value=entry.get("value", "subject"),
            )
        except (KeyError, AttributeError) as error:
            raise RuleDataError(f"{where}: an action needs {error}: {entry}") from None
        if action.value not in ("subject", "subject and fix"):
            raise RuleDataError(f"{where}: bad action value {action.value!r}")
        actions.append(action)
    return Family(name, tuple(actions), bool(table.get("accept-words", False)))


def config_actions() -> list[ConfigAction]:
    """Every family's editor actions."""
    return [action for name in families() for action in family(name).actions]


_PROVIDERS: dict[str, Callable[..., Any]] = {}


def provides(part: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the function that computes a part of the context every family may read:
    ``names`` (``(document, workspace, config) -> frozenset``, the character names known
    for a document) or ``declared-names`` (``(config) -> names``, those a config lists)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _PROVIDERS[part] = function
        return function

    return register


def provider(part: str) -> Callable[..., Any] | None:
    """The function registered for ``part`` (see :func:`provides`), if any, once the
    families are imported (see :mod:`storylint.checks`)."""
    return _PROVIDERS.get(part)


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


_INCLUDE = re.compile(r"\{text\.([a-z0-9-]+)\}")


def _included(explanation: str, shared: Mapping[str, str], where: str) -> str:
    """``explanation`` with each ``{text.NAME}`` replaced by ``NAME`` of the file's
    ``[text]`` table."""

    def text(match: re.Match[str]) -> str:
        if match[1] not in shared:
            raise RuleDataError(f"{where}: no [text] entry {match[1]!r}")
        return shared[match[1]].strip()

    return _INCLUDE.sub(text, explanation)


def _rule(entry: dict, where: str, shared: Mapping[str, str] | None = None) -> Rule:
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
        explanation=_included(entry["explanation"], shared or {}, where).strip(),
        fix=fix,
        default=bool(entry.get("default", True)),
        examples=_examples(entry, where),
        data={k: v for k, v in entry.items() if k not in _META_KEYS},
        source=where,
    )


def load_rules() -> dict[str, Rule]:
    """Every rule of ``rules/*.toml``, by id, in file order; each rule's kind must be
    registered by now (see :func:`storylint.checks.all_rules`)."""
    rules: dict[str, Rule] = {}
    for path in rule_files():
        data = load_toml(path)
        for entry in data.get("rule", []):
            rule = _rule(entry, path.name, data.get("text", {}))
            if rule.id in rules:
                raise RuleDataError(f"{path.name}: rule {rule.id} is defined twice")
            if rule.kind not in _KINDS:
                raise RuleDataError(f"{rule.source}: no implementation for kind {rule.kind!r}")
            rules[rule.id] = rule
    return rules
