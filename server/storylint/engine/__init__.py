"""The engine: runs the enabled rules on documents and reports findings in the source.

:mod:`~storylint.engine.engine` checks a document (paragraph rules cached per paragraph,
document rules on the whole), :mod:`~storylint.engine.live` keeps an edited document
checked, :mod:`~storylint.engine.parallel` shares work out between forked processes and
:mod:`~storylint.engine.suppress` applies inline directives.
"""

from storylint.engine.engine import Engine
from storylint.engine.live import Cancelled, LiveDocument

__all__ = ["Cancelled", "Engine", "LiveDocument"]
