"""A small LanguageTool server for tests: ``GET /v2/languages`` and ``POST /v2/check``.

It speaks the HTTP API as LanguageTool documents it: a form-encoded request with
``language``, ``text`` or ``data`` (annotated text: ``{"annotation": [{"text": ...},
{"markup": ..., "interpretAs": ...}]}``), ``enabledRules`` and ``disabledRules``; a JSON
answer with ``matches``, each with ``offset`` and ``length`` in the original text (markup
included) counted in UTF-16 code units, ``message``, ``shortMessage``, ``replacements``,
``rule`` (``id``, ``description``, ``issueType``, ``category``), ``context`` and
``sentence``. Its "rules" are a few regular expressions run on the text as LanguageTool
reads it (markup dropped, ``interpretAs`` in its place). ``behaviour`` makes it slow or
broken; every check request is recorded.

Run it alone (``python tests/fake_languagetool.py``) to try storylint against it.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class FakeRule:
    id: str
    pattern: str
    message: str
    replacements: tuple[str, ...] = ()
    category: tuple[str, str] = ("GRAMMAR", "Grammar")
    issue_type: str = "grammar"
    group: int = 0  # the regex group the match covers


RULES = (
    FakeRule("EN_A_VS_AN", r"\b([Aa]) (?=[aeiou])", "Use “an” instead of ‘a’ if the following word starts with a vowel sound.",
             ("an",), ("MISC", "Miscellaneous"), "misspelling", 1),
    FakeRule("THEY_WAS", r"\b[Tt]hey was\b", "The verb does not agree with “they”: <suggestion>they were</suggestion>?",
             ("they were",)),
    FakeRule("THEIR_IS", r"\b[Tt]heir is\b", "Did you mean “there is”?", ("there is",),
             ("CONFUSED_WORDS", "Commonly Confused Words"), "misspelling"),
    FakeRule("COULD_OF", r"\b(?:could|would|should) of\b", "Did you mean “could have”?", ("could have",)),
    FakeRule("MORFOLOGIK_RULE_EN_US", r"\b(?:teh|Tobais|Kellhaven|Zorb|Vasquez)\b", "Possible spelling mistake found.",
             ("the", "Tobias"), ("TYPOS", "Possible Typo"), "misspelling"),
    FakeRule("EN_UNPAIRED_QUOTES", r"“(?![^”]*”)", "Unpaired symbol: ‘”’ seems to be missing",
             (), ("PUNCTUATION", "Punctuation"), "typographical"),
    FakeRule("EN_QUOTES", r"\"", "Use a smart quote.", ("“",), ("TYPOGRAPHY", "Typography"), "typographical"),
)  # fmt: skip


@dataclass
class Behaviour:
    delay: float = 0.0
    status: int = 200
    body: str | None = None  # send this instead of the answer


@dataclass
class FakeLanguageTool:
    behaviour: Behaviour = field(default_factory=Behaviour)
    requests: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeLanguageTool:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: str, kind: str = "application/json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.startswith("/v2/languages"):
                    languages = [
                        {"name": "English (US)", "code": "en", "longCode": "en-US"},
                        {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
                    ]
                    self._send(200, json.dumps(languages))
                else:
                    self._send(404, "Not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                params = {key: values[0] for key, values in form.items()}
                if not self.path.startswith("/v2/check"):
                    self._send(404, "Not found", "text/plain")
                    return
                fake.requests.append(params)
                behaviour = fake.behaviour
                if behaviour.delay:
                    time.sleep(behaviour.delay)
                if behaviour.body is not None or behaviour.status != 200:
                    self._send(behaviour.status, behaviour.body or "", "text/plain")
                    return
                self._send(200, json.dumps(check(params)))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(params: dict[str, str]) -> dict:
    """LanguageTool's answer to one check request."""
    if "data" in params:
        pieces = json.loads(params["data"])["annotation"]
    else:
        pieces = [{"text": params.get("text", "")}]
    original, plain = "", ""
    to_original: list[int] = []  # plain index -> original index
    for piece in pieces:
        if "text" in piece:
            to_original.extend(range(len(original), len(original) + len(piece["text"])))
            plain += piece["text"]
            original += piece["text"]
        else:
            read_as = piece.get("interpretAs", "")
            to_original.extend([len(original)] * len(read_as))
            plain += read_as
            original += piece["markup"]
    to_original.append(len(original))
    disabled = set(filter(None, params.get("disabledRules", "").split(",")))
    matches = []
    for rule in RULES:
        if rule.id in disabled:
            continue
        for found in re.finditer(rule.pattern, plain):
            start, end = found.span(rule.group)
            if end <= start:
                end = start + 1
            o_start, o_end = to_original[start], to_original[end - 1] + 1
            offset, size = _utf16(original[:o_start]), _utf16(original[o_start:o_end])
            matches.append(
                {
                    "message": rule.message,
                    "shortMessage": "",
                    "replacements": [{"value": value} for value in rule.replacements],
                    "offset": offset,
                    "length": size,
                    "context": {
                        "text": plain[max(start - 20, 0) : end + 20],
                        "offset": min(start, 20),
                        "length": end - start,
                    },
                    "sentence": plain,
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule.id,
                        "description": rule.message.split(":")[0],
                        "issueType": rule.issue_type,
                        "category": {"id": rule.category[0], "name": rule.category[1]},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    matches.sort(key=lambda m: m["offset"])
    return {
        "software": {"name": "LanguageTool", "version": "6.6", "apiVersion": 1},
        "language": {"name": "English (US)", "code": params.get("language", "en-US")},
        "matches": matches,
    }


if __name__ == "__main__":
    fake = FakeLanguageTool().start()
    print(f"fake LanguageTool at {fake.url}", flush=True)
    threading.Event().wait()
