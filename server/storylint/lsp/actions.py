"""Code actions and hovers of an open document, and the config changes actions ask for.

A finding offers its fixes, "fix every finding of this rule in the document", and actions
that change the project's config file through ``workspace/executeCommand`` (so they work
in every editor): the actions its rule family declares (add a name to the cast, …),
accepting the word (for families whose findings are words), and disabling the rule for
the project. The code actions and hovers are computed on the session's worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import to_fs_path

from storylint.lsp import convert
from storylint.lsp.session import OpenDocument, Session
from storylint.project import ConfigAction, Rule, all_rules, config_actions
from storylint.project.config_edit import target
from storylint.report import Report

FIX_ALL = "source.fixAll.storylint"
DISABLE_RULE = "storylint.disableRule"
ACCEPT_WORD = ConfigAction(
    command="storylint.acceptWord",
    title="Accept “{subject}” (never flag it)",
    done="Added “{subject}” to the accepted words",
    keys=("accept",),
)
#: LanguageTool's findings' rule ids start so; disabling one goes to its own section.
LANGUAGETOOL_PREFIX = "languagetool."


def commands() -> dict[str, ConfigAction]:
    """Every config action by its command (the families' and accepting a word)."""
    return {action.command: action for action in [ACCEPT_WORD, *config_actions()]}


def code_actions(
    session: Session, document: OpenDocument, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """Code actions for the findings in the requested range."""
    live = document.live
    reports = session.reports(document)
    only = params.context.only
    if only and any(str(kind).startswith("source") for kind in only):
        edits = convert.text_edits(reports, live.source.lines, session.encoding)
        if not edits:
            return []
        return [
            types.CodeAction(
                title="storylint: fix all safe problems",
                kind=FIX_ALL,
                edit=_edit(document, edits),
            )
        ]
    lines = live.source.lines
    start = session.encoding.offset(lines, params.range.start)
    end = session.encoding.offset(lines, params.range.end)
    # the fixes first, then "fix all of a rule", then the config changes: an editor's
    # menu shows them in this order
    fixes: list[types.CodeAction] = []
    fix_all: list[types.CodeAction] = []
    config: list[types.CodeAction] = []
    seen_rules: set[str] = set()
    for report in (r for r in reports if r.start <= end and start <= r.end):
        diagnostic = convert.diagnostic(report, lines, session.encoding)
        fixes += _fix_actions(document, report, diagnostic)
        same_rule = [r for r in reports if r.rule.id == report.rule.id and r.finding.safe_fix]
        if report.rule.id not in seen_rules and len(same_rule) > 1:
            seen_rules.add(report.rule.id)
            edits = convert.text_edits(same_rule, lines, session.encoding)
            fix_all.append(
                types.CodeAction(
                    title=f"Fix all {len(same_rule)} “{report.rule.id}” problems in this document",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=_edit(document, edits),
                )
            )
        finding = report.finding
        subject = (finding.subject or live.text[finding.start : finding.end]).strip()
        for title, command, arguments in _config_actions(report, subject):
            config.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(
                        title=title, command=command, arguments=[document.uri, *arguments]
                    ),
                )
            )
    actions = fixes + fix_all + config
    return actions


def _edit(document: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=document.uri, version=document.version
                ),
                edits=edits,
            )
        ]
    )


def _fix_actions(
    document: OpenDocument, report: Report, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    """One action per fix of the finding."""
    fixes = report.finding.fixes
    return [
        types.CodeAction(
            title=fix.description,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=fix.safe and len(fixes) == 1,
            edit=_edit(
                document, [types.TextEdit(range=diagnostic.range, new_text=fix.replacement)]
            ),
        )
        for fix in fixes
    ]


def _config_actions(report: Report, subject: str) -> list[tuple[str, str, list[Any]]]:
    """Actions that change the project's config for a finding: (title, command, args)."""
    rule = report.rule
    usual = next(iter(report.finding.fixes), None)
    found = []
    for action in rule.actions:
        offered = action.offer(subject, usual.replacement if usual is not None else None)
        if offered is not None:
            found.append((offered[0], action.command, offered[1]))
    if rule.accepts_words and subject and " " not in subject:
        title, arguments = ACCEPT_WORD.offer(subject, None) or ("", [])
        found.append((title, ACCEPT_WORD.command, arguments))
    found.append((f"Disable “{rule.id}” for this project", DISABLE_RULE, [rule.id]))
    return found


def disabling(rule_id: str) -> tuple[tuple[str, ...], str] | None:
    """Where disabling rule ``rule_id`` for the project goes in the config (keys, value);
    None when there is no such rule."""
    if rule_id.startswith(LANGUAGETOOL_PREFIX):
        return ("languagetool", "disabled-rules"), rule_id.removeprefix(LANGUAGETOOL_PREFIX)
    if rule_id not in all_rules():
        return None
    return ("ignore",), rule_id


def config_file_for(session: Session, uri: str) -> Path | None:
    """The config file an action on the document ``uri`` changes: the editor's
    ``config`` setting, the file that applies to the document, or a new one beside it or
    in its workspace folder. None for a document with no file and no workspace folder:
    there is no project to change."""
    if session.settings.config_file is not None:
        return session.settings.config_file
    path_text = to_fs_path(uri) if uri.startswith("file:") else None
    if path_text:
        folder = Path(path_text).parent
    elif session.folders:
        folder = session.folders[0]
    else:
        return None
    root = next((f for f in session.folders if folder.is_relative_to(f)), None)
    return target(folder, root)


def hover(session: Session, document: OpenDocument, position: types.Position) -> types.Hover | None:
    """The rules' explanations of the findings under ``position``."""
    lines = document.live.source.lines
    offset = session.encoding.offset(lines, position)
    reports = [r for r in session.reports(document) if r.start <= offset <= r.end]
    if not reports:
        return None
    sections = [
        f"**{r.rule.id}** ({r.severity.value}) — {r.rule.summary}\n\n{_explanation(r.rule)}"
        for r in reports
    ]
    first = reports[0]
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=session.encoding.range(lines, first.start, first.end),
    )


def _explanation(rule: Rule) -> str:
    """A rule's explanation and first example pair, for a hover."""
    text = rule.explanation
    flagged = next((e for e in rule.examples if e.flagged), None)
    allowed = next((e for e in rule.examples if not e.flagged), None)
    if flagged is not None and "## Example" not in text:
        text += f"\n\nFlagged: {flagged.text}"
    if allowed is not None:
        text += f"\n\nNot flagged: {allowed.text}"
    return text
