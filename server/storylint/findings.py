"""Findings: what a rule reports, and the fixes it offers.

A rule reports a :class:`Finding` in the coordinates of the text it was given (a
paragraph); the engine moves it to source coordinates. Offsets are code-point indexes,
``end`` exclusive. Severity and category are not stored on a finding: they come from the
rule's metadata and the user's config when the finding is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How loudly a finding is reported (the names match the JSON contract)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace the finding's span with ``replacement``.

    ``safe`` fixes only touch punctuation, capitalisation or an unambiguous word swap
    and may be applied unattended (``--fix``); unsafe ones are offered, never applied
    automatically.
    """

    replacement: str
    description: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding (e.g. where a name's usual spelling is)."""

    path: str
    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``[start, end)`` reported by rule ``rule``.

    ``subject`` is the word the finding is about when that differs from the span text;
    the ``accept`` list in the config silences findings whose subject it contains.
    """

    rule: str
    start: int
    end: int
    message: str
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()
    subject: str | None = None

    def shifted(self, delta: int) -> Finding:
        """The same finding moved by ``delta`` code points."""
        # built directly: dataclasses.replace costs several times more, per keystroke
        return Finding(
            self.rule,
            self.start + delta,
            self.end + delta,
            self.message,
            self.fixes,
            self.related,
            self.subject,
        )

    @property
    def safe_fix(self) -> Fix | None:
        """The fix ``--fix`` may apply: the only fix, when it is safe."""
        if len(self.fixes) == 1 and self.fixes[0].safe:
            return self.fixes[0]
        return None
