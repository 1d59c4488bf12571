"""Differential fuzzing of the language server: whatever the edits, the same findings.

Hypothesis writes random documents (prose, dialogue, names and their misspellings,
homophone mistakes, emoji and combining marks, CRLF and CR, U+2028, a byte-order mark,
long lines, one paragraph per line) and random edits, in each position encoding. Each
document is opened in three servers — one that pushes diagnostics, one pulled from that
is told to pull again (as VS Code is), one pulled from that cannot be told (as Neovim,
which is pushed the whole-document rules' findings) — and edited in all; after each batch
of edits, once the servers are quiet, the three must show the same diagnostics. After the
last batch, they must equal those of the final text opened afresh, and the CLI's on the
same text.

About a minute by default; a longer run:

    STORYLINT_FUZZ_EXAMPLES=400 pytest tests/test_lsp_differential.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lsp_raw import RawClient

EXAMPLES = int(os.environ.get("STORYLINT_FUZZ_EXAMPLES", "20"))
ENCODINGS = ("utf-8", "utf-16", "utf-32")
QUIET = 0.25  # seconds without a push: the server has sent all it will

PIECES = [
    "Tobias looked up.",
    "Tobais said nothing.",
    "“Wait,” she said.",
    '"Wait," she said.',
    "“Oh Tobias I missed you”",
    "He would of gone.",
    "Your going to be late.",
    "Its a long way.",
    "'Tis late, ’em all.",
    "“She said ‘no’ to me.”",
    "“Unclosed and on",
    "😀",
    "👍🏽",
    "cafe\u0301",
    "\u2028",
    "\ufeff",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "* * *",
    "— ",
    "… ",
    "word " * 40,  # a line longer than hard wrapping makes them
]


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\r" and text[index + 1 : index + 2] == "\n":
            index += 1
        if char in "\r\n":
            starts.append(index + 1)
        index += 1
    return starts


def _outside_crlf(text: str, offset: int) -> int:
    """``offset``, or the one before it when it falls between the ``\r`` and ``\n`` of a
    line break: no protocol position names that place (a column past the end of a line
    means its end)."""
    return offset - 1 if text[offset - 1 : offset + 1] == "\r\n" and offset > 0 else offset


def position(text: str, offset: int, encoding: str) -> dict[str, int]:
    """The protocol position of a code-point offset."""
    starts = _line_starts(text)
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return {"line": line, "character": _units(text[starts[line] : offset], encoding)}


def offset(text: str, where: dict[str, int], encoding: str) -> int:
    """The code-point offset of a protocol position."""
    starts = _line_starts(text)
    start = starts[where["line"]]
    units = 0
    index = start
    while units < where["character"]:
        units += _units(text[index], encoding)
        index += 1
    return index


class Servers:
    """A pushing, a pulled and a split server per position encoding, started when
    needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.started: dict[tuple[str, str], RawClient] = {}
        self.ids = count(1)

    def get(self, encoding: str, mode: str) -> RawClient:
        key = (encoding, mode)
        if key not in self.started:
            client = RawClient(self.root)
            client.pushed = []  # type: ignore[attr-defined]
            capabilities: dict = {"general": {"positionEncodings": [encoding]}}
            if mode in ("pull", "split"):
                capabilities["textDocument"] = {"diagnostic": {}}
            if mode == "pull":
                capabilities["workspace"] = {"diagnostics": {"refreshSupport": True}}
            client.initialize(None, capabilities)
            self.started[key] = client
        return self.started[key]

    def close(self) -> None:
        for client in self.started.values():
            status, stderr = client.finish()
            assert status == 0 and "Traceback" not in stderr, stderr


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    started = Servers(tmp_path_factory.mktemp("fuzz"))
    yield started
    started.close()


#: How the document is named in messages, whatever its uri (the CLI reads it as this).
NAME = "chapter.txt"


def _ranges(text: str, items: list[dict], encoding: str, uri: str) -> list[tuple]:
    """Diagnostics as (rule, start, end, message) in code points."""
    found = [
        (
            item["code"],
            offset(text, item["range"]["start"], encoding),
            offset(text, item["range"]["end"], encoding),
            item["message"].replace(uri, NAME),
        )
        for item in items
    ]
    return sorted(found)


def _pushed(client: RawClient, uri: str, version: int | None) -> list[dict]:
    """The diagnostics pushed last for ``uri`` once the server is quiet: at ``version``
    (waited for), or whatever was pushed last (None: a split client, pushed only when
    the document rules' findings change)."""
    deadline = time.monotonic() + 20
    while True:
        client._read(0.02)
        mine = [
            m["params"]
            for m in client.received
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        ]
        if version is None or (mine and mine[-1].get("version") == version):
            seen = len(client.received)
            quiet_until = time.monotonic() + QUIET
            while time.monotonic() < quiet_until:
                client._read(0.02)
            if len(client.received) == seen:
                return mine[-1]["diagnostics"] if mine else []
        if time.monotonic() > deadline:
            raise TimeoutError(f"no push of {uri} at version {version}")


def _pulled(servers: Servers, client: RawClient, uri: str) -> list[dict]:
    time.sleep(QUIET)  # the whole-document rules run after a pause in the typing
    answer = client.request(
        next(servers.ids), "textDocument/diagnostic", {"textDocument": {"uri": uri}}
    )
    return answer["result"]["items"]


def _open(client: RawClient, uri: str, text: str) -> None:
    client.send(
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
            },
        }
    )


def _cli(text: str) -> list[tuple]:
    result = subprocess.run(
        [sys.executable, "-m", "storylint", "check", "--format", "json", "--stdin-filename", NAME],
        input=text.encode("utf-8", "surrogatepass"),
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    bom = 1 if text.startswith("\ufeff") else 0  # the CLI reads the mark as no text
    starts = _line_starts(text)
    found = []
    for item in json.loads(result.stdout):
        start = starts[item["line"] - 1] + item["column"] - 1 + (bom if item["line"] == 1 else 0)
        end = (
            starts[item["end_line"] - 1]
            + item["end_column"]
            - 1
            + (bom if item["end_line"] == 1 else 0)
        )
        found.append((item["rule"], start, end, item["message"]))
    return sorted(found)


documents = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
edit = st.tuples(
    st.floats(0, 1),
    st.sampled_from([0, 0, 1, 2, 5, 30]),
    st.lists(st.sampled_from(PIECES), max_size=3),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    text=documents,
    encoding=st.sampled_from(ENCODINGS),
    batches=st.lists(st.lists(edit, min_size=1, max_size=6), min_size=1, max_size=4),
)
def test_edited_documents_get_the_findings_of_a_fresh_check(servers, text, encoding, batches):
    if text.startswith("\ufeff"):
        text = "x" + text  # an editor never holds a leading byte-order mark
    number = next(servers.ids)
    uri = f"untitled:fuzz-{number}"  # no file: each document is a workspace of its own
    push, pull = servers.get(encoding, "push"), servers.get(encoding, "pull")
    split = servers.get(encoding, "split")
    for client in (push, pull, split):
        _open(client, uri, text)
    version = 1
    for batch in batches:
        for where, length, pieces in batch:
            start = _outside_crlf(text, int(where * len(text)))
            end = _outside_crlf(text, min(len(text), start + length))
            new = "".join(pieces)
            version += 1
            change = {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {
                        "range": {
                            "start": position(text, start, encoding),
                            "end": position(text, end, encoding),
                        },
                        "text": new,
                    }
                ],
            }
            for client in (push, pull, split):
                client.send({"method": "textDocument/didChange", "params": change})
            text = text[:start] + new + text[end:]
        pushed = _ranges(text, _pushed(push, uri, version), encoding, uri)
        pulled = _ranges(text, _pulled(servers, pull, uri), encoding, uri)
        assert pushed == pulled, (text, batch)
        shown = _pulled(servers, split, uri) + _pushed(split, uri, None)
        assert _ranges(text, shown, encoding, uri) == pulled, (text, batch)
    fresh_uri = f"untitled:fuzz-{number}-fresh"
    _open(pull, fresh_uri, text)
    fresh = _ranges(text, _pulled(servers, pull, fresh_uri), encoding, fresh_uri)
    assert pulled == fresh, text
    assert fresh == _cli(text), text
    for client in (push, pull, split):
        for closing in (uri, fresh_uri):
            client.send(
                {"method": "textDocument/didClose", "params": {"textDocument": {"uri": closing}}}
            )
