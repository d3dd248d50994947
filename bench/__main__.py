"""``python -m bench [--quick] [--only …] [--profile NAME] [--json FILE] [--strict]``.

Prints the machine, then one table: each figure, its goal, whether it was met.
The exit status is 1 only for real errors (an exception, a lost note, an
error the bot logged); ``--strict`` also fails on a missed goal, never with
``--quick``, whose small sizes are not held to the goals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from bench.report import table
from bench.run import FULL, MEASUREMENTS, OPT_IN, QUICK, BenchError, machine, run


def parse(argv: list[str]) -> argparse.Namespace:
    summary = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench", description=summary)
    parser.add_argument("--quick", action="store_true", help="small sizes, no thresholds (CI)")
    parser.add_argument("--only", default=",".join(MEASUREMENTS),
                        help=(f"comma-separated subset of {', '.join(MEASUREMENTS)} (the default), "
                              f"or of those and {', '.join(OPT_IN)} (only when named)"))
    parser.add_argument("--profile", choices=MEASUREMENTS,
                        help="run that measurement under pyinstrument (report on stderr)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    only = frozenset(name.strip() for name in args.only.split(",") if name.strip())
    unknown = only - set(MEASUREMENTS) - set(OPT_IN)
    if unknown:
        print(f"unknown measurement(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    mode = "quick" if args.quick else "full"
    print(f"Werkstatt benchmark ({mode}) · {machine()}", flush=True)
    try:
        figures = run(
            QUICK if args.quick else FULL, only=only, profile=args.profile,
            progress=lambda step: print(f"  … {step}", file=sys.stderr, flush=True),
        )
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    print(table(figures, judged=not args.quick))
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as out:
            json.dump([asdict(f) | {"met": f.met} for f in figures], out, indent=2)
    missed = [f for f in figures if f.met is False]
    if args.quick:
        print("(quick: small sizes, goals shown in brackets and not judged)")
    elif missed:
        print(f"{len(missed)} of {sum(f.met is not None for f in figures)} goals missed")
    return 1 if args.strict and not args.quick and missed else 0


if __name__ == "__main__":
    sys.exit(main())
