"""Configuration files: where they are found, what they may say, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.config import ConfigError, ConfigResolver, discover, from_mapping, load
from storylint.findings import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_up_and_prefers_storylint_toml(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.storylint]\nquote-style = 'uk'\n")
    nested = tmp_path / "book" / "part1"
    nested.mkdir(parents=True)
    assert discover(nested) == tmp_path / "pyproject.toml"
    write(tmp_path / "book" / ".storylint.toml", "quote-style = 'us'\n")
    assert discover(nested) == tmp_path / "book" / ".storylint.toml"
    write(nested / "storylint.toml", "")
    assert discover(nested) == nested / "storylint.toml"


def test_pyproject_without_a_storylint_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.other]\nx = 1\n")
    assert discover(tmp_path) is None
    assert ConfigResolver().for_folder(tmp_path).origin is None


def test_full_config_is_read(tmp_path):
    path = write(
        tmp_path / "storylint.toml",
        """
select = ["dialogue", "homophones.modal-of"]
ignore = ["dialogue.unclosed-quote"]
quote-style = "uk"
accept = ["Kellhaven"]
[severity]
"homophones" = "error"
[names]
cast = ["Isaac Lahey", "Allison"]
[names.aliases]
Stiles = ["Stilinski", "Genim"]
""",
    )
    config = load(path)
    assert config.select == ("dialogue", "homophones.modal-of")
    assert config.ignore == ("dialogue.unclosed-quote",)
    assert config.quote_style == "uk"
    assert config.accepts("kellhaven")
    assert config.severity == {"homophones": Severity.ERROR}
    assert config.section("names")["cast"] == ("Isaac Lahey", "Allison")
    assert config.section("names")["aliases"] == {"Stiles": ("Stilinski", "Genim")}
    assert config.root == tmp_path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("qoute-style = 'us'", r"unknown key 'qoute-style' \(did you mean 'quote-style'\?\)"),
        (
            "quote-style = 'american'",
            r"'quote-style': expected one of \"auto\", \"us\", \"uk\", got 'american'",
        ),
        ("select = 3", r"'select': expected a list of strings, got 3"),
        ("[severity]\nhomophones = 'loud'", r"'severity.homophones': expected one of \"error\""),
        ("[names]\ncats = []", r"unknown key 'names.cats' \(did you mean 'names.cast'\?\)"),
        ("select = [", r"invalid TOML"),
    ],
)
def test_bad_config_names_file_key_and_allowed_values(tmp_path, text, message):
    path = write(tmp_path / "storylint.toml", text)
    with pytest.raises(ConfigError, match=message) as error:
        load(path)
    assert str(path) in str(error.value)


def test_mapping_from_editor_settings():
    config = from_mapping({"quote-style": "us", "accept": ["Tobais"]}, "editor settings")
    assert config.quote_style == "us" and config.accepts("Tobais")
    with pytest.raises(ConfigError, match="editor settings: 'accept'"):
        from_mapping({"accept": 1}, "editor settings")


def test_explicit_config_overrides_search(tmp_path):
    write(tmp_path / "storylint.toml", "quote-style = 'uk'\n")
    other = write(tmp_path / "elsewhere" / "custom.toml", "quote-style = 'us'\n")
    assert ConfigResolver(other).for_folder(tmp_path).quote_style == "us"
    assert ConfigResolver().for_folder(tmp_path).quote_style == "uk"
