"""fremdrift release: freeze an initiative's figures for a month from the current deliveries."""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from fremdrift.cli.django_setup import setup
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.errors import UserError
from fremdrift.numbers import danish

EPILOG = """\
eksempler:
  fremdrift release --initiative fsm2 --month 2025-06
  fremdrift release --initiative fsm2 --month 2025-06 --reason "rettet leverance fra 147"
  fremdrift release --initiative fsm2 --month 2025-06 --verify

Tallene beregnes fra hver kommunes gældende leverance for måneden (en kommune uden leverance
mangler i tallene, den tæller ikke som 0), diskretioneres og fryses med leverancernes versioner
og definitionerne. Er intet ændret siden sidste revision, udgives intet nyt. En ny revision skal
have en begrundelse og viser, hvilke leverancer der er skiftet, og hvilke tal der har flyttet sig.
--verify regner den seneste revision igen fra det gemte og tjekker, at tallene er de samme byte
for byte.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "release",
        help="udgiv (frys) et initiativs tal for en måned (STAR)",
        description="Udgiv en måneds tal fra de modtagne leverancer som en frossen revision.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--initiative", required=True, choices=INITIATIVE_KEYS, help="initiativ")
    parser.add_argument("--month", required=True, metavar="ÅÅÅÅ-MM", help="indberetningsmåned")
    parser.add_argument("--reason", default="", help="hvorfor der udgives en ny revision")
    parser.add_argument(
        "--from",
        dest="first",
        metavar="ÅÅÅÅ-MM",
        help="første måned (standard: den første måned med et forløb i leverancerne)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="regn den seneste revision igen og sammenlign"
    )
    parser.set_defaults(run=run)


SHOWN = 10


def run(args: argparse.Namespace) -> int:
    setup()
    from fremdrift.releases.compute import STAGES, software
    from fremdrift.releases.selectors import latest_release, release_changes
    from fremdrift.releases.services import create_release, reproduce

    if args.verify:
        release = latest_release(initiative=args.initiative, month=args.month)
        if release is None:
            raise UserError(f"{args.initiative} {args.month} er ikke udgivet")
        sha = reproduce(release)
        if sha != release.figures_sha256:
            now = software()
            hint = (
                f"; udgivelsen er lavet med {release.software}, dette er {now}"
                if release.software and release.software != now
                else ""
            )
            raise UserError(
                f"{release}: tallene kan ikke genskabes (sha256 {sha[:16]} mod "
                f"{release.figures_sha256[:16]}){hint}"
            )
        print(f"{release}: genskabt byte for byte (sha256 {sha})")
        return 0
    previous = latest_release(initiative=args.initiative, month=args.month)
    stages = tqdm(total=len(STAGES), unit="trin", disable=not sys.stderr.isatty(), leave=False)

    def progress(stage: str) -> None:
        stages.set_description(stage)
        stages.update(1)

    with stages:
        release = create_release(
            initiative=args.initiative,
            month=args.month,
            actor=None,
            reason=args.reason,
            first=args.first,
            progress=progress,
        )
    if previous is not None and release.pk == previous.pk:
        print(f"{release}: ingen ændring i leverancer eller definitioner; intet nyt udgivet")
        return 0
    inputs = ", ".join(f"{i['kommune']} v{i['version']}" for i in release.inputs)
    listed = f" ({inputs})" if len(release.inputs) <= SHOWN else ""
    print(
        f"{release} udgivet ({release.first_month} til {release.month}): "
        f"{len(release.inputs)} kommuner{listed}, {len(release.missing)} mangler; "
        f"{danish(release.rows)} tal; sha256 {release.figures_sha256}"
    )
    if release.supersedes is not None:
        diff = release_changes(release.supersedes, release)
        for change in diff.deliveries:
            old = f"v{change.old_version}" if change.old_version else "mangler"
            new = f"v{change.new_version}" if change.new_version else "mangler"
            print(f"  leverance {change.kommunekode}: {old} -> {new}")
        if diff.definitions_changed:
            print("  definitionerne er ændret")
        print(f"  {diff.figures.height} tal har flyttet sig")
        for row in diff.figures.head(SHOWN).iter_rows(named=True):
            place = row["kommunekode"] or "landet"
            print(
                f"    {row['month']} {place} {row['indicator']} {row['breakdown']}/"
                f"{row['category']}: {_pair(row, 'old')} -> {_pair(row, 'new')}"
            )
    return 0


def _pair(row: dict[str, object], side: str) -> str:
    if row[f"{side}_suppressed"] is None:
        return "-"
    if row[f"{side}_suppressed"]:
        return "<5"
    return f"{row[f'{side}_numerator']}/{row[f'{side}_denominator']}"
