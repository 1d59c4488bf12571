"""Time the language server the way an editor uses it, on one long document.

    python benchmarks/lsp_latency.py ../shared/corpus/little_women.txt
    python benchmarks/lsp_latency.py novel.txt --edits 200 --push
    python benchmarks/lsp_latency.py novel.txt --debounce-ms 150 --interval-ms 200
    python benchmarks/lsp_latency.py ../shared/corpus/little_women.txt --folder \
        --pause-every 15 --pause-ms 1000 --name-edits --edits 150

Starts ``python -m storylint lsp``, opens the file as one document, then types single
characters at random places; after each, asks for diagnostics (pull) or waits for the
server to push them. Prints: time to first diagnostics after opening, per-keystroke
latency (p50/p95/max), and the server's resident memory. With ``--folder`` the file's
folder is the workspace (the server reads every chapter in it, in the background);
``--pause-every N`` pauses ``--pause-ms`` after every N keystrokes (the whole-document
rules run then), ``--name-edits`` puts every third keystroke inside a capitalised word (a
new name form each time), and ``--refresh`` makes the client one that can be told to pull
again (VS Code) rather than one that cannot (Neovim 0.11). Targets for a 186k-word novel
in a folder of novels: open + first diagnostics ≤ 1.0 s, p95 ≤ 15 ms and max ≤ 50 ms over
every keystroke, memory ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Queue


class Server:
    """A language server subprocess spoken to in JSON-RPC over stdio."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "storylint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: Queue = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                self.inbox.put(None)
                return
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == wanted and "method" not in m)["result"]

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def wait(self, matches) -> dict:
        while True:
            message = self.inbox.get(timeout=120)
            if message is None:
                raise SystemExit("the server exited")
            if "method" in message and "id" in message:  # a request from the server
                result = (
                    [None] * len(message["params"]["items"])
                    if message["method"] == "workspace/configuration"
                    else None
                )
                self.send({"id": message["id"], "result": result})
                continue
            if matches(message):
                return message

    def memory_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--push", action="store_true", help="use pushed diagnostics, not pull")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--debounce-ms",
        type=float,
        default=0,
        help="the server's debounce before the whole-document rules run (default 0: after "
        "every keystroke, the worst case; editors use the server's default of 150)",
    )
    parser.add_argument(
        "--document-delay-ms",
        type=float,
        default=750,
        help="the pause before the whole-document (names) rules run again (server default 750)",
    )
    parser.add_argument("--folder", action="store_true", help="the file's folder is the workspace")
    parser.add_argument("--pause-every", type=int, default=0, help="pause after N keystrokes")
    parser.add_argument("--pause-ms", type=float, default=1000)
    parser.add_argument("--name-edits", action="store_true", help="type inside names too")
    parser.add_argument("--refresh", action="store_true", help="a client that can be told")
    parser.add_argument(
        "--interval-ms",
        type=float,
        default=0,
        help="pause between keystrokes after the diagnostics arrive (default 0; a writer "
        "typing steadily is about 150-250)",
    )
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8")
    uri = args.file.resolve().as_uri()
    server = Server()
    capabilities = {
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"configuration": True},
    }
    if not args.push:
        capabilities["textDocument"] = {"diagnostic": {"dynamicRegistration": False}}
    if args.refresh:
        capabilities["workspace"]["diagnostics"] = {"refreshSupport": True}
    root = args.file.resolve().parent.as_uri() if args.folder else None
    started = time.perf_counter()
    server.request(
        "initialize",
        {
            "processId": None,
            "rootUri": root,
            "capabilities": capabilities,
            "initializationOptions": {
                "debounceMs": args.debounce_ms,
                "documentDelayMs": args.document_delay_ms,
            },
        },
    )
    server.notify("initialized", {})
    initialised = time.perf_counter() - started

    def diagnostics(version: int) -> list:
        if not args.push:
            return server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})[
                "items"
            ]
        message = server.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            )
        )
        return message["params"]["diagnostics"]

    started = time.perf_counter()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    first = diagnostics(1)
    opened = time.perf_counter() - started

    lines = text.split("\n")
    candidates = [number for number, line in enumerate(lines) if len(line) > 10]
    names = [
        (number, match.start() + 2)
        for number, line in enumerate(lines)
        for match in re.finditer(r"\b[A-Z][a-z]{3,}", line)
    ]
    generator = random.Random(args.seed)
    latencies = []
    for version in range(2, args.edits + 2):
        if args.pause_every and version > 2 and (version - 2) % args.pause_every == 0:
            time.sleep(args.pause_ms / 1000)
        if args.name_edits and version % 3 == 0 and names:
            line, column = generator.choice(names)
        else:
            line = generator.choice(candidates)
            column = generator.randrange(len(lines[line]))
        change = {
            "range": {
                "start": {"line": line, "character": column},
                "end": {"line": line, "character": column},
            },
            "text": "x",
        }
        if args.interval_ms:
            time.sleep(args.interval_ms / 1000)
        started = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        diagnostics(version)
        latencies.append((time.perf_counter() - started) * 1000)
    slowest = sorted(range(len(latencies)), key=latencies.__getitem__, reverse=True)[:5]
    slowest = ", ".join(f"#{index + 1} {latencies[index]:.0f} ms" for index in slowest)
    memory = server.memory_mib()
    server.request("shutdown", None)
    server.notify("exit", None)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    words = len(text.split())
    client = "push" if args.push else ("pull, told to pull again" if args.refresh else "pull")
    print(
        f"{args.file.name}: {words:,} words{' in a folder of chapters' if args.folder else ''}, "
        f"{client} diagnostics, "
        f"debounce {args.debounce_ms:g} ms, document rules after {args.document_delay_ms:g} ms, "
        f"{args.interval_ms:g} ms between keystrokes"
    )
    print(
        f"initialize {initialised * 1000:.0f} ms; open to first diagnostics {opened * 1000:.0f} ms "
        f"({len(first)} diagnostics)"
    )
    print(
        f"keystroke to diagnostics over {len(latencies)} edits: "
        f"p50 {latencies[len(latencies) // 2]:.1f} ms, "
        f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    print(f"slowest keystrokes: {slowest}")
    print(f"server memory (RSS) {memory:.0f} MiB")


if __name__ == "__main__":
    main()
