#!/usr/bin/env python3
"""The 2025-shape rungs (issue 12): every version 2 rule active, side by side with HiGHS and glpsol.

`plan generate --shape 2025` (joint posts in every commune, four share targets of women, young and
minority cadres, `min_years_in_post: 3`, relations.csv) at about 150, 1,100, 3,000 and 10,000 posts.
`plan solve` is run 3 times (median) on rungs up to 3,000 posts and once at 10,000; HiGHS (one
thread, via highspy) and glpsol each solve `plan export --mps` of the same model once, with a time
limit. Prints a Markdown table and writes `benchmarks/v2025-results.json`.

    python3 benchmarks/v2025.py [--peer-timeout 900] [--sizes 151,1100,3000,10000] [--no-peers-above 3000] [--peers highs,glpsol]
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as R  # noqa: E402  (the ladder's helpers: timing, peak memory, HiGHS and glpsol runners)

# posts → (communes, agencies): 7 posts per commune, 5 per agency.
RUNGS = {151: (18, 5), 1100: (140, 24), 3000: (380, 68), 10000: (1300, 180)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer-timeout", type=float, default=900)
    ap.add_argument("--sizes", default="151,1100,3000,10000")
    ap.add_argument("--no-peers-above", type=int, default=3000, help="skip HiGHS and glpsol above this many posts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--peers", default="highs,glpsol", help="which peers to run (glpsol times out from 3,000 posts)")
    args = ap.parse_args()
    peers = set(args.peers.split(","))
    subprocess.run(["swift", "build", "-c", "release"], cwd=R.ROOT, check=True, stdout=subprocess.DEVNULL)
    os.makedirs(R.WORK, exist_ok=True)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        communes, agencies = RUNGS[size]
        d = os.path.join(R.WORK, f"v2025-{size}-s{args.seed}")
        if not os.path.exists(os.path.join(d, "policy.yaml")):
            subprocess.run([R.PLAN, "generate", "--shape", "2025", "--communes", str(communes), "--agencies",
                            str(agencies), "--seed", str(args.seed), "--out", d], check=True, stdout=subprocess.DEVNULL)
        seconds, rss, code, objective, stats = R.plan_solve(d, repeats=3 if size <= 3000 else 1)
        row = {"posts": size, "dir": os.path.relpath(d, R.ROOT), "plan": [seconds, rss, code, objective],
               "stats": {k: stats.get(k) for k in ("pairs", "rows", "columns", "simplex_iterations", "pricing_rounds",
                                                   "phase_seconds", "tie_break", "tie_break_seconds", "solve_seconds")}
               if stats else {}}
        print(f"{size} posts: plan {seconds:.2f} s {rss:.0f} MiB objective {objective}", flush=True)
        if size <= args.no_peers_above:
            mps = os.path.join(d, "model.mps")
            subprocess.run([R.PLAN, "export", d, "--mps", mps], check=True, stdout=subprocess.DEVNULL)
            if "highs" in peers:
                row["highs"] = R.highs(mps, args.peer_timeout)
                print(f"  HiGHS {row['highs'][0]:.2f} s {row['highs'][4]} {row['highs'][3]}", flush=True)
            if "glpsol" in peers:
                row["glpsol"] = R.glpsol(mps, args.peer_timeout)
                print(f"  glpsol {row['glpsol'][0]:.2f} s {row['glpsol'][2]} {row['glpsol'][3]}", flush=True)
            os.remove(mps)
        rows.append(row)
    # Rungs not measured in this run keep their last figures (each row says when it was measured).
    path = os.path.join(R.ROOT, "benchmarks", "v2025-results.json")
    for r in rows:
        r["measured"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    kept = []
    if os.path.exists(path):
        with open(path) as f:
            kept = [r for r in json.load(f).get("rows", []) if r["posts"] not in {x["posts"] for x in rows}]
    with open(path, "w") as f:
        json.dump({"machine": R.machine(), "rows": sorted(kept + rows, key=lambda r: r["posts"])}, f, indent=1)
    print()
    print("| posts | eligible pairs | plan (s, MiB) | objective | HiGHS (s) | HiGHS / plan | glpsol (s) | same optimum |")
    print("|---:|---:|---|---:|---|---:|---|---|")
    for r in rows:
        p = r["plan"]
        h, g = r.get("highs"), r.get("glpsol")
        hs = f"{h[0]:.1f}" + ("" if h[2] == 0 else f" ({h[4]})") if h else "–"
        gs = f"{g[0]:.1f}" + ("" if g[2] == 0 else f" ({g[2]})") if g else "–"
        ratio = f"{h[0] / p[0]:.0f}×" if h and h[2] == 0 and p[0] > 0 else "–"
        agree = [R.same(p[3], x[3]) for x in (h, g) if x and x[3] is not None]
        same = ("yes" if all(agree) else "**no**") if agree else "–"
        print(f"| {r['posts']:,} | {r['stats'].get('pairs', 0):,} | {p[0]:.2f}, {p[1]:.0f} | {p[3]} | {hs} | {ratio} | {gs} | {same} |")


if __name__ == "__main__":
    main()
