"""The `fremdrift` command line: one module per subcommand, each exposing `register`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from fremdrift.cli.django_setup import environment_problem, run_management_command
from fremdrift.errors import UserError

# Command -> module; each module defines register(subparsers) and sets a `run` default
# returning an exit code.
COMMANDS = {
    "validate": "validate",
    "generate": "generate",
    "indicators": "indicators",
    "payout": "payout",
    "import": "import_delivery",
    "export": "export_delivery",
    "jobindsats": "jobindsats",
    "momentum": "momentum",
    "intake": "intake",
    "release": "release",
    "report": "report",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fremdrift",
        description="Flere skal med 2 og ressourceforløb: leverancer, indikatorer og udbetaling.",
        epilog="Djangos egne kommandoer virker også, fx `fremdrift migrate` og "
        "`fremdrift runserver`; `fremdrift help` viser dem.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS.values():
        importlib.import_module(f"fremdrift.cli.{module}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return run_management_command(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except UserError as exc:
        print(f"fremdrift {args.command}: fejl: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        problem = environment_problem(exc)
        if problem is None:
            raise
        print(f"fremdrift {args.command}: fejl: {problem}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
