"""The project layer: what the CLI and the language server share below their shells.

The shells reach the engine only through this package: a :class:`Project` (configs per
folder, an engine per config, the workspace of documents checked together, LanguageTool),
the batch over files (:func:`check_batch`), the cast report (:func:`cast_rows`), fixes,
writing files and editing the project's config file; and the few types they hand on.
"""

from storylint.checks import all_rules, categories
from storylint.checks.registry import ConfigAction, Rule, RuleDataError, config_actions
from storylint.engine import Cancelled, LiveDocument
from storylint.engine.parallel import available_jobs
from storylint.project.batch import Batch, Checked, check_batch
from storylint.project.configs import Configs
from storylint.project.files import STDIN, Target
from storylint.project.languagetool import LanguageToolLink
from storylint.project.names import cast_rows, workspace_cast, workspace_works
from storylint.project.project import Project
from storylint.read.source import FORMATS, LineIndex, SourceFile, format_for

__all__ = [
    "FORMATS",
    "STDIN",
    "Batch",
    "Cancelled",
    "Checked",
    "ConfigAction",
    "Configs",
    "LanguageToolLink",
    "LineIndex",
    "LiveDocument",
    "Project",
    "Rule",
    "RuleDataError",
    "SourceFile",
    "Target",
    "all_rules",
    "available_jobs",
    "cast_rows",
    "categories",
    "check_batch",
    "config_actions",
    "format_for",
    "workspace_cast",
    "workspace_works",
]
