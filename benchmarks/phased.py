#!/usr/bin/env python3
"""Phased plans (issue 14): `plan solve` side by side with HiGHS and glpsol on the exported phased model.

Instances: the shared vectors `examples/phased-tiny` (2 phases, 10 posts) and `examples/phased-2025`
(3 phases, 126 posts), and generated rungs `plan generate --shape 2025 --phases …` (every version 2 rule;
2 phases: 2025,2027; 3 phases: 2025,2026,2028) named `gen-POSTS-pPHASES`. `plan solve` runs `--repeats` times (median); HiGHS (one thread, via highspy)
and glpsol each solve `plan export --mps` of the same model once, with a time limit. Prints a
Markdown table and writes `benchmarks/phased-results.json`.

    python3 benchmarks/phased.py [--peer-timeout 600] [--repeats 3] [--peers highs,glpsol]
        [--instances phased-tiny,phased-2025,gen-151-p2,gen-1100-p2,gen-151-p3,gen-1100-p3,gen-3000-p3]
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as R  # noqa: E402  (the ladder's helpers: timing, peak memory, HiGHS and glpsol runners)

# posts → (communes, agencies) of the 2025 shape: 7 posts per commune, 5 per agency (as benchmarks/v2025.py).
RUNGS = {151: (18, 5), 1100: (140, 24), 3000: (380, 68)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer-timeout", type=float, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--instances", default="phased-tiny,phased-2025,gen-151-p2,gen-1100-p2,gen-151-p3,gen-1100-p3,gen-3000-p3")
    ap.add_argument("--peers", default="highs,glpsol", help="which peers to run (glpsol times out from 1,100 posts)")
    args = ap.parse_args()
    peers = set(args.peers.split(","))
    subprocess.run(["swift", "build", "-c", "release"], cwd=R.ROOT, check=True, stdout=subprocess.DEVNULL)
    os.makedirs(R.WORK, exist_ok=True)
    rows = []
    for name in args.instances.split(","):
        d = os.path.join(R.WORK, name)  # a copy: plan_solve writes plan.json beside the instance
        subprocess.run(["rm", "-rf", d], check=True)
        if name.startswith("gen-"):
            _, posts, phases = name.split("-")
            communes, agencies = RUNGS[int(posts)]
            years = {"p2": "2025,2027", "p3": "2025,2026,2028"}[phases]
            subprocess.run([R.PLAN, "generate", "--shape", "2025", "--communes", str(communes), "--agencies", str(agencies),
                            "--seed", "1", "--phases", years, "--out", d], check=True, stdout=subprocess.DEVNULL)
        else:
            subprocess.run(["cp", "-r", os.path.join(R.ROOT, "examples", name), d], check=True)
        seconds, rss, code, objective, stats = R.plan_solve(d, repeats=args.repeats if not name.endswith("3000-p3") else 1)
        row = {"instance": name, "plan": [seconds, rss, code, objective],
               "stats": {k: stats.get(k) for k in ("phases", "paths", "rows", "simplex_iterations", "nodes", "rounds", "solve_seconds")}
               if stats else {}}
        print(f"{name}: plan {seconds:.2f} s {rss:.0f} MiB objective {objective}", flush=True)
        mps = os.path.join(R.WORK, f"{name}.mps")
        subprocess.run([R.PLAN, "export", d, "--mps", mps], check=True, stdout=subprocess.DEVNULL)
        # A peer not run counts as not finished (status "not run").
        row["highs"] = R.highs(mps, args.peer_timeout) if "highs" in peers else [0.0, 0, -1, None, "not run"]
        print(f"  HiGHS {row['highs'][0]:.2f} s {row['highs'][4]} {row['highs'][3]}", flush=True)
        row["glpsol"] = R.glpsol(mps, args.peer_timeout) if "glpsol" in peers else [0.0, 0, -1, None]
        print(f"  glpsol {row['glpsol'][0]:.2f} s {row['glpsol'][2]} {row['glpsol'][3]}", flush=True)
        os.remove(mps)
        rows.append(row)
    with open(os.path.join(R.ROOT, "benchmarks", "phased-results.json"), "w") as f:  # not tracked: this run's figures
        json.dump({"machine": R.machine(), "rows": rows}, f, indent=1)
    print()
    print("| instance | paths | plan (s, MiB) | objective | HiGHS (s) | HiGHS / plan | glpsol (s) | same optimum |")
    print("|---|---:|---|---:|---|---:|---|---|")
    for row in rows:
        seconds, rss, code, objective = row["plan"]
        hs, _, _, hobj, hstatus = row["highs"]
        gs, _, gcode, gobj = row["glpsol"]
        gstatus = "optimal" if gcode == 0 and gobj is not None else ("not run" if gcode == -1 else str(gcode))
        ratio = f"{hs / seconds:.1f}×" if hstatus == "Optimal" and seconds > 0 else "–"
        same = []
        for label, obj, ok in (("HiGHS", hobj, hstatus == "Optimal"), ("glpsol", gobj, gstatus == "optimal")):
            if ok and obj is not None and objective is not None:
                same.append(f"{label}: {'yes' if abs(obj - objective) <= 1e-6 * max(1, abs(objective)) else 'NO'}")
        print(f"| {row['instance']} | {row['stats'].get('paths', '–')} | {seconds:.2f}, {rss:.0f} | {objective} | "
              f"{hs:.1f} ({hstatus}) | {ratio} | {gs:.1f} ({gstatus}) | {', '.join(same) or '–'} |")


if __name__ == "__main__":
    main()
