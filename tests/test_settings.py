"""Editor settings: how the keys editors send become storylint's config."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.config import ConfigError
from storylint.lsp.settings import parse_settings


def test_camel_case_and_server_options():
    settings = parse_settings({"quoteStyle": "uk", "diagnosticMode": "push", "debounceMs": 40})
    assert settings.table == {"quote-style": "uk"}
    assert (settings.diagnostic_mode, settings.debounce_ms) == ("push", 40.0)


def test_document_rules_wait_for_a_longer_pause():
    assert parse_settings({}).document_delay_ms == 750
    assert parse_settings({"documentDelayMs": 300}).document_delay_ms == 300
    # never sooner than the paragraph diagnostics' own debounce
    assert parse_settings({"debounceMs": 900}).document_delay_ms == 900
    with pytest.raises(ConfigError, match="'document-delay-ms': expected a number"):
        parse_settings({"documentDelayMs": "soon"})


def test_plugin_shorthands_and_client_keys():
    settings = parse_settings(
        {
            "storylint": {
                "path": "/opt/bin/storylint",
                "interpreter": "python3",
                "trace": {"server": "verbose"},
                "cast": ["Isaac Lahey"],
                "configFile": "~/book/storylint.toml",
            }
        }
    )
    assert settings.table == {"names": {"cast": ["Isaac Lahey"]}}
    assert settings.config_file == Path("~/book/storylint.toml").expanduser()
    assert settings.config(None).section("names")["cast"] == ("Isaac Lahey",)


def test_unknown_keys_are_still_errors():
    with pytest.raises(ConfigError, match="unknown key 'qoute-style'"):
        parse_settings({"qouteStyle": "us"})
