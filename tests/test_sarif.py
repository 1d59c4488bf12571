"""``--format sarif`` validates against the official SARIF 2.1.0 JSON schema.

The schema is not copied into this repository: the test takes it from the npm package
``@microsoft/jest-sarif`` (which ships it) into a cache folder on first use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile

import jsonschema
import pytest

from conftest import ROOT, run_cli

PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
CACHE = ROOT / ".cache" / "sarif"


@pytest.fixture(scope="session")
def sarif_schema() -> dict:
    target = CACHE / "sarif-2.1.0.json"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is needed to fetch the SARIF schema (node.js not installed)")
        CACHE.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(
            [npm, "pack", PACKAGE, "--pack-destination", str(CACHE), "--silent"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        archive = CACHE / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(archive) as tar:
            target.write_bytes(tar.extractfile(MEMBER).read())
    return json.loads(target.read_text(encoding="utf-8"))


def test_sarif_output_is_valid(sarif_schema):
    result = run_cli("check", "--format", "sarif", "seeds")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, sarif_schema)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["results"], "the seeds have findings"
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        region = item["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_with_no_findings_is_valid(sarif_schema, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing wrong here.\n", encoding="utf-8")
    result = run_cli("check", "--format", "sarif", str(clean))
    assert result.returncode == 0
    jsonschema.validate(json.loads(result.stdout), sarif_schema)
