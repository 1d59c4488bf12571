"""The ``[names]`` section of the config: the cast list, aliases and different characters.

``cast = ["Isaac Vasquez", "Allison"]`` lists the characters, spelled right; each word
of a cast name counts (Isaac, Vasquez). ``[names.aliases] Stiles = ["Stilinski"]`` gives
other names of a character; they are part of the cast too. ``different`` lists names
that are never variants of one another: a pair ``["Laurie", "Laurence"]``, or a name on
its own (a character, never a misspelling of anyone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylint.config import Config

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Cast:
    """The names a config declares."""

    #: Full cast entries as written ("Isaac Vasquez") and every alias.
    entries: tuple[str, ...] = ()
    #: Every word of every entry and alias (Isaac, Vasquez, Stilinski).
    words: frozenset[str] = frozenset()
    #: For each cast word, the cast entry it comes from (for messages).
    entry_of: tuple[tuple[str, str], ...] = ()
    pairs: frozenset[frozenset[str]] = frozenset()
    singles: frozenset[str] = frozenset()

    def entry(self, word: str) -> str:
        return dict(self.entry_of).get(word, word)

    def different(self, one: str, other: str) -> bool:
        """The config says ``one`` is not a variant of ``other``."""
        return one in self.singles or frozenset((one, other)) in self.pairs


def cast_of(config: Config) -> Cast:
    """The cast declared in ``config`` (cached on nothing: configs are few and small)."""
    section = config.section("names")
    entries: list[str] = list(section.get("cast", ()))
    for name, aliases in section.get("aliases", {}).items():
        entries.append(name)
        entries.extend(aliases)
    entry_of: dict[str, str] = {}
    for entry in entries:
        for word in _WORD.findall(entry):
            entry_of.setdefault(word, entry)
    pairs, singles = set(), set()
    for item in section.get("different", ()):
        if isinstance(item, str):
            singles.add(item)
        else:
            for one in item:
                for other in item:
                    if one != other:
                        pairs.add(frozenset((one, other)))
    return Cast(
        tuple(dict.fromkeys(entries)),
        frozenset(entry_of),
        tuple(entry_of.items()),
        frozenset(pairs),
        frozenset(singles),
    )
