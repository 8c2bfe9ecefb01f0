#!/usr/bin/env python3
"""Side by side: a baseline `plan` binary against this build on instances in benchmarks/work.

Interleaved runs (baseline, this, baseline, this, …), median wall time of each, and whether the
objectives (or exit codes) agree. Infeasible instances are decided with --no-diagnosis. Texts in
English (PLAN_LANG=en) so both print the same; the plans are compared by their objective.

    python3 benchmarks/ab.py BASELINE_PLAN --instances ladder-400,hard-1125-all [--reps 3]

Build a baseline with `git worktree add /tmp/base COMMIT && (cd /tmp/base && swift build -c release)`;
the instances with `plan generate` (ladder-…) and `python3 benchmarks/hard.py --sizes 1125` (hard-…).
"""
import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as R  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("baseline")
    ap.add_argument("--instances", required=True)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    os.environ["PLAN_LANG"] = "en"
    print(f"| instance | baseline (s) | this (s) | this/baseline | objective |")
    print("|---|---:|---:|---:|---|")
    for name in args.instances.split(","):
        directory = os.path.join(R.WORK, name)
        times = {"baseline": [], "this": []}
        result = {}
        for _ in range(args.reps):
            for key, binary in (("baseline", args.baseline), ("this", R.PLAN)):
                out = os.path.join(R.WORK, f".ab-{key}.json")
                if os.path.exists(out):
                    os.remove(out)
                seconds, _, code, _ = R.run([binary, "solve", directory, "--out", out, "--no-diagnosis", "--time-limit", "600"])
                times[key].append(seconds)
                result[key] = json.load(open(out))["objective"] if code == 0 else f"exit {code}"
        b, t = statistics.median(times["baseline"]), statistics.median(times["this"])
        agree = result["baseline"] == result["this"] or (isinstance(result["this"], float) and R.same(result["baseline"], result["this"]))
        print(f"| {name} | {b:.2f} | {t:.2f} | {t / b:.2f} | {result['this']} ({'same' if agree else 'DIFFERENT: ' + str(result['baseline'])}) |",
              flush=True)


if __name__ == "__main__":
    main()
