"""What to ask LanguageTool, from the ``[languagetool]`` section of a config.

The defaults come from ``rules/languagetool/fiction.toml``: the LanguageTool rules
switched off for fiction, and the storylint categories some of its findings belong to
(confused words are ``homophones``). A rule the project
names in ``enabled-rules`` is switched on even when it is on that list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from storylint.config import Config
from storylint.data import load_toml, rules_dir

PUBLIC_API_NOTICE = (
    "[languagetool] public-api = true sends the text of every checked file to "
    "LanguageTool's public servers (languagetool.org); run your own server to keep it private"
)
DEFAULT_LANGUAGE = "en-US"
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settings:
    """One way of calling LanguageTool (hashable: it keys the caches)."""

    mode: str  # "remote" | "local" | "public"
    server: str | None
    language: str
    enabled_rules: tuple[str, ...]
    disabled_rules: tuple[str, ...]
    timeout: float

    @property
    def where(self) -> str:
        """How the server is named in messages."""
        if self.mode == "local":
            return "the local LanguageTool"
        if self.mode == "public":
            return "the public LanguageTool API"
        return f"LanguageTool at {self.server}"

    @property
    def request_key(self) -> tuple:
        """What a server's answer depends on besides the text."""
        return (self.mode, self.server, self.language, self.enabled_rules, self.disabled_rules)


@dataclass(frozen=True)
class FictionDefaults:
    disabled: tuple[str, ...]
    #: storylint category -> (LanguageTool categories, single LanguageTool rules) it takes;
    #: the other findings are ``grammar``.
    categories: dict[str, tuple[frozenset[str], frozenset[str]]]
    info_issue_types: frozenset[str]

    def category_of(self, category_id: str, rule_id: str) -> str:
        """The storylint category of a LanguageTool rule's findings."""
        for name, (categories, rules) in self.categories.items():
            if category_id in categories or rule_id in rules:
                return name
        return "grammar"


@cache
def fiction_defaults() -> FictionDefaults:
    data = load_toml(rules_dir() / "languagetool" / "fiction.toml")
    return FictionDefaults(
        disabled=tuple(entry["rule"] for entry in data.get("disabled", [])),
        categories={
            name: (frozenset(spec.get("categories", ())), frozenset(spec.get("rules", ())))
            for name, spec in data.get("categories", {}).items()
        },
        info_issue_types=frozenset(data.get("severity", {}).get("info", ())),
    )


def settings_for(config: Config, server: str | None = None) -> Settings | None:
    """How to call LanguageTool under ``config`` (``server`` from the command line wins),
    or None when LanguageTool is not wanted."""
    section: Mapping[str, Any] = config.section("languagetool")
    mode = section.get("mode", "remote")
    url = server or section.get("server")
    if server:
        mode = "remote"
    elif mode == "remote" and not url:
        if not section.get("public-api", False):
            return None
        mode = "public"
    enabled = tuple(section.get("enabled-rules", ()))
    disabled = tuple(
        dict.fromkeys(
            rule
            for rule in (*fiction_defaults().disabled, *section.get("disabled-rules", ()))
            if rule not in enabled
        )
    )
    return Settings(
        mode=mode,
        server=url if mode == "remote" else None,
        language=section.get("language", DEFAULT_LANGUAGE),
        enabled_rules=enabled,
        disabled_rules=disabled,
        timeout=float(section.get("timeout", DEFAULT_TIMEOUT)),
    )
