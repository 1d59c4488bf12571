"""The ``[languagetool]`` section of a config: its keys and how each is checked."""

from __future__ import annotations

from storylint.options import Validator, boolean, list_of_str, one_of, positive, string, url

OPTIONS: dict[str, Validator] = {
    "server": url,
    "language": string,
    "enabled-rules": list_of_str,
    "disabled-rules": list_of_str,
    "mode": one_of("remote", "local"),
    "public-api": boolean,
    "timeout": positive,
}
