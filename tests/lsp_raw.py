"""A bare JSON-RPC client over the real server's stdio, for what a typed client cannot
send (null or mistyped params, requests after shutdown) or see (the exit status)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "storylint", "lsp"]


def _answer(request: dict[str, Any]) -> Any:
    """What this client answers a server's request (no settings, nothing else)."""
    if request["method"] == "workspace/configuration":
        return [None for _ in request["params"]["items"]]
    return None


class RawClient:
    """The server in a subprocess, spoken to message by message."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            SERVER,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        self.received: list[dict[str, Any]] = []
        self._buffer = b""

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def _read(self, timeout: float) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            chunk = os.read(fd, 1 << 16)
            self._buffer += chunk
        while b"\r\n\r\n" in self._buffer:
            head, rest = self._buffer.split(b"\r\n\r\n", 1)
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            if len(rest) < length:
                break
            message = json.loads(rest[:length])
            self._buffer = rest[length:]
            if "method" in message and "id" in message:  # the server asks: answer at once
                self.send({"id": message["id"], "result": _answer(message)})
            self.received.append(message)

    def wait_for(self, test, timeout: float = 20) -> dict[str, Any]:
        """The first message received that ``test`` accepts (waiting up to ``timeout``)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.received:
                if test(message):
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError(f"no such message; received {self.received}")
            self._read(0.05)

    def request(self, number: int, method: str, params: Any, timeout: float = 20) -> dict:
        """Send a request and wait for its answer (a result or an error)."""
        self.send({"id": number, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == number and "method" not in m, timeout)

    def initialize(self, root: Path | None = None, capabilities: dict | None = None) -> None:
        params: dict[str, Any] = {
            "capabilities": capabilities or {},
            "initializationOptions": {"debounceMs": 20, "documentDelayMs": 20},
        }
        if root is not None:
            params["rootUri"] = root.as_uri()
            params["workspaceFolders"] = [{"uri": root.as_uri(), "name": root.name}]
        self.request(0, "initialize", params)
        self.send({"method": "initialized", "params": {}})

    def finish(self, timeout: float = 10) -> tuple[int, str]:
        """Shut down and exit cleanly: the exit status and what the server wrote on stderr."""
        self.request(999_999, "shutdown", None)
        self.send({"method": "exit"})
        status = self.process.wait(timeout)
        assert self.process.stderr is not None
        return status, self.process.stderr.read().decode("utf-8", "replace")
