"""``storylint rules``: list the rules, or explain one with its examples."""

from __future__ import annotations

import argparse
import difflib
import sys

from storylint.cli.status import EXIT_CLEAN, EXIT_ERROR
from storylint.outputs.rules import as_json, explain, listing, markdown
from storylint.project import all_rules, categories


def run_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.rule is None:
        ordered = list(rules.values())
        if args.format == "json":
            sys.stdout.write(as_json(ordered))
        elif args.format == "markdown":
            sys.stdout.write(markdown(ordered))
        else:
            sys.stdout.write(listing(ordered, categories()))
        return EXIT_CLEAN
    rule = rules.get(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        print(f"storylint: error: no rule '{args.rule}'{hint}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(explain(rule))
    return EXIT_CLEAN
