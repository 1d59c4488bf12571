"""Answers pygls does not give: a request it cannot read, and requests after shutdown.

pygls 2.1 reads each message with an ``object_hook`` that raises when a request's params
do not fit the method (null, a wrong type); its read loop then logs the error and shows
"Error in server" to the user, but never answers the request, so the client waits
forever. After ``shutdown`` it drops every request but ``exit`` unanswered. The protocol
says: an ``InvalidParams`` error for the first, ``InvalidRequest`` for the second. This
subclass sends those answers (through pygls' ``_send_response``, the only way it has to
send an error for a request it did not dispatch).
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


def _not_unreadable(record: logging.LogRecord) -> bool:
    """Drop pygls' traceback of a message it could not read (it is answered below, with
    one line in the log instead), and its warning when an editor cancels a request that
    was already answered (VS Code does, routinely; editors show every line as an error)."""
    message = str(record.msg)
    return not message.startswith(
        ("Unable to deserialize message", "Cancel notification for unknown message id")
    )


logging.getLogger("pygls.protocol.json_rpc").addFilter(_not_unreadable)


class _Answered:
    """A request already answered with an error: nothing more to do."""

    jsonrpc = None


class StorylintProtocol(LanguageServerProtocol):
    """pygls' language server protocol, answering every request."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" not in data or "method" not in data:
                raise
            self._send_response(
                data["id"],
                error=types.ResponseError(
                    code=types.ErrorCodes.InvalidParams,
                    message=f"storylint: invalid params for {data['method']}",
                ),
            )
            log.warning("invalid params for %s (id %s): %s", data["method"], data["id"], error)
            return _Answered()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Answered):
            return
        method = getattr(message, "method", None)
        if self._shutdown and method and method != types.EXIT and hasattr(message, "id"):
            self._send_response(
                message.id,
                error=types.ResponseError(
                    code=types.ErrorCodes.InvalidRequest,
                    message=f"storylint: the server is shutting down; {method} not run",
                ),
            )
            return
        super().handle_message(message)
