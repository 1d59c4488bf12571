"""Rule data: each rule file's parsed TOML is kept as JSON in the cache folder."""

from __future__ import annotations

import sys
import types

from storylint.data import cache_dir, load_toml

RULES = '[[rule]]\nid = "x.y"\nsummary = "s"\nexamples = [{ flag = "a’b" }]\n'


def _no_toml(monkeypatch) -> None:
    """Make parsing TOML fail: what loads now must come from the cache."""

    def loads(text: str) -> dict:
        raise AssertionError("parsed again")

    broken = types.ModuleType("tomllib")
    broken.loads = loads
    monkeypatch.setitem(sys.modules, "tomllib", broken)


def test_parsed_data_is_kept_and_loaded_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "demo.toml"
    path.write_text(RULES, encoding="utf-8")
    first = load_toml(path)
    assert first == {"rule": [{"id": "x.y", "summary": "s", "examples": [{"flag": "a’b"}]}]}
    assert [p.name.split(".")[0] for p in (tmp_path / "cache").iterdir()] == ["demo"]
    _no_toml(monkeypatch)
    assert load_toml(path) == first


def test_an_edited_file_is_parsed_again_and_its_old_copy_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))
    path, other = tmp_path / "demo.toml", tmp_path / "demo-more.toml"
    other.write_text(RULES, encoding="utf-8")
    path.write_text(RULES, encoding="utf-8")
    load_toml(other)
    load_toml(path)
    path.write_text(RULES.replace('"s"', '"t"'), encoding="utf-8")
    assert load_toml(path)["rule"][0]["summary"] == "t"
    names = sorted(p.name.split(".")[0] for p in (tmp_path / "cache").iterdir())
    assert names == ["demo", "demo-more"]  # the old copy went, the other file's stayed


def test_a_broken_or_unwritable_cache_is_passed_by(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "demo.toml"
    path.write_text(RULES, encoding="utf-8")
    expected = load_toml(path)
    (kept,) = (tmp_path / "cache").iterdir()
    kept.write_bytes(b"\xff{not json")
    assert load_toml(path) == expected  # parsed again, and written again
    assert kept.read_text(encoding="utf-8").startswith("{")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(blocked / "cache"))
    assert load_toml(path) == expected


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "storylint"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    assert cache_dir() == tmp_path / "home" / ".cache" / "storylint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "storylint"


def test_two_versions_keep_their_own_copies(tmp_path, monkeypatch):
    import storylint.data

    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "demo.toml"
    path.write_text(RULES, encoding="utf-8")
    load_toml(path)
    monkeypatch.setattr(storylint.data, "__version__", "9.9.9")
    load_toml(path)
    assert len(list((tmp_path / "cache").iterdir())) == 2
