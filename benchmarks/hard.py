#!/usr/bin/env python3
"""The hard family: generated instances whose rules bind, for the benchmark (issue 9).

Every instance starts from `plan generate` (seed 1) and adds what a planner's what-if adds. Knobs
marked "calibrated" are set to the tightest value that still has a plan, found by bisection with
`plan solve` (exit 0 = a plan, 2 = infeasible); the values are cached in benchmarks/hard-params.json
so that a benchmark run rebuilds exactly the same files without re-calibrating (`--calibrate` redoes
it). run.py then checks every instance against HiGHS on the exported model, so the calibration is not
taken on the tool's word: HiGHS must agree on the optimum (or on infeasibility).

Variants (each at about 150, 1,125 and 3,000 posts):
  shares     three non-local share targets with level/key/rank filters, each calibrated to the most
             achievable given the earlier ones
  cap1/cap2  max_arrivals_per_unit 1 / 2 (generated with that cap, so a plan exists), the down quota
             calibrated to the most achievable
  quotas     min_moves for down, up and horizontal calibrated to the most achievable, then max_moves
             calibrated to the fewest moves possible
  pins       10 % of eligible pairs forbidden and fix pins on 1 % of posts
  scores     real-valued fit scores on a fifth of the eligible pairs
  weak       60 % of communes weak, weak_min_rating calibrated to the highest possible
  all        all of these at once (cap 2, weak, pins, scores, shares, quotas, move cap); at 3,000
             posts its share needs, quotas and move cap are scaled from the 1,125-post calibration and
             eased by 2 % steps until a plan exists (`--scale-all 3000:1125`; a full calibration
             there is about 80 probes)
Infeasible variants, one step past the calibrated value:
  shares+1   the last share target needs one post more
  moves-1    the move cap of `quotas` one lower
"""
import json
import os
import random
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAN = os.path.join(ROOT, ".build", "release", "plan")
PARAMS = os.environ.get("HARD_PARAMS") or os.path.join(ROOT, "benchmarks", "hard-params.json")

SIZES = {150: (20, 10), 1125: (150, 75), 3000: (400, 200)}
VARIANTS = ["shares", "cap1", "cap2", "quotas", "pins", "scores", "weak", "all"]
INFEASIBLE = ["shares+1", "moves-1"]
# Time limit of one calibration probe; a probe that hits it counts as "no plan" (so the calibrated
# value is at worst a little loose, never infeasible: the benchmark re-checks every instance).
PROBE_LIMIT = 120


def generate(directory, communes, agencies, extra=()):
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([PLAN, "generate", "--communes", str(communes), "--agencies", str(agencies), "--seed", "1",
                    "--out", directory] + list(extra), check=True, stdout=subprocess.DEVNULL)


def read_csv(path):
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def base_policy(directory):
    """The generated policy.yaml as a dict of the keys the generator writes."""
    policy = {}
    for line in open(os.path.join(directory, "policy.yaml"), encoding="utf-8"):
        if line.startswith("#") or not line.strip() or line.startswith("  -"):
            continue
        key, _, value = line.partition(":")
        policy[key.strip()] = value.strip()
    policy["non_local_share"] = [{"level": "commune", "key": "true", "min": "0.5"}]
    if "min_moves" in policy:
        down = int(policy["min_moves"].strip("{} ").split(":")[1])
        policy["min_moves"] = {"down": down}
    return policy


def write_policy(directory, policy):
    lines = ["# hard family (benchmarks/hard.py)"]
    for key, value in policy.items():
        if key == "non_local_share":
            if value:
                lines.append("non_local_share:")
                for t in value:
                    lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in t.items()) + "}")
        elif key == "min_moves":
            if value:
                lines.append("min_moves: {" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}")
        else:
            lines.append(f"{key}: {value}")
    with open(os.path.join(directory, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def share_size(directory, target):
    units = {u["id"]: u for u in read_csv(os.path.join(directory, "units.csv"))}
    n = 0
    for p in read_csv(os.path.join(directory, "posts.csv")):
        if "level" in target and units[p["unit"]]["level"] != target["level"]:
            continue
        if "key" in target and (p["key"] == "1") != (target["key"] == "true"):
            continue
        if "rank" in target and p["rank"] != target["rank"]:
            continue
        n += 1
    return n


def share_min(need, size):
    """A `min` whose exact ceil(min × size) is `need` (9 decimals, rounded up)."""
    scaled = -(-need * 10**9 // size)  # ceil(need / size · 1e9)
    return f"{scaled // 10**9}.{scaled % 10**9:09d}".rstrip("0").rstrip(".") if scaled % 10**9 else str(scaled // 10**9)


def probe(directory):
    """True when `plan solve` finds a plan, False when infeasible or out of time."""
    code = subprocess.run([PLAN, "solve", directory, "--no-diagnosis", "--first-plan", "--time-limit", str(PROBE_LIMIT)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return code == 0


def most(directory, apply, lo, hi, feasible_at_low=True):
    """The largest k in [lo, hi] with a plan, feasibility falling as k grows (apply(k) writes the files)."""
    if feasible_at_low:
        apply(lo)
        if not probe(directory):
            return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        apply(mid)
        if probe(directory):
            lo = mid
        else:
            hi = mid - 1
    apply(lo)
    return lo


def eligible_pairs(directory):
    """Eligible (cadre, post) pairs, read from the column names of `plan export` (x_<cadre>_<post>)."""
    mps = os.path.join(directory, ".pairs.mps")
    subprocess.run([PLAN, "export", directory, "--mps", mps], check=True, stdout=subprocess.DEVNULL)
    posts = {p["id"].replace("-", "_"): p["id"] for p in read_csv(os.path.join(directory, "posts.csv"))}
    pairs, seen = [], set()
    with open(mps) as f:
        for line in f:
            name = line.split(None, 1)[0] if line.startswith(" x_") else None
            if name and name not in seen:
                seen.add(name)
                cadre, _, post = name[2:].partition("_")
                pairs.append((cadre, posts[post]))
    os.remove(mps)
    return pairs


def add_pins(directory, rng, stored):
    """Forbids 10 % of the eligible pairs and fixes up to 1 % of posts to an eligible cadre.

    Forbidden pairs are arrivals (the cadre works in another unit), so that every unit keeps its own
    candidates; if the forbids alone leave no plan, they are drawn again (up to five times). Fix pins
    that would leave no plan are dropped. What was chosen goes into `stored` (draw and pins), so a
    rebuild from hard-params.json writes the same file without probing."""
    pairs = eligible_pairs(directory)
    posts_csv = read_csv(os.path.join(directory, "posts.csv"))
    unit_of_post = {p["id"]: p["unit"] for p in posts_csv}
    cadres = read_csv(os.path.join(directory, "cadres.csv"))
    unit_of_cadre = {c["id"]: c["unit"] for c in cadres}
    holder = {c["post"]: c["id"] for c in cadres if c["post"]}
    arrivals = [i for i, (c, p) in enumerate(pairs) if unit_of_cadre[c] != unit_of_post[p]]

    def write(forbidden, chosen):
        with open(os.path.join(directory, "pins.csv"), "w") as f:
            f.write("cadre,post,action\n")
            for c, p in chosen:
                f.write(f"{c},{p},fix\n")
            for i in sorted(forbidden):
                f.write(f"{pairs[i][0]},{pairs[i][1]},forbid\n")
    draws = [set(rng.sample(arrivals, min(len(arrivals), len(pairs) // 10))) for _ in range(5)]
    if "draw" in stored:
        write(draws[stored["draw"]], [tuple(x) for x in stored["fixes"]])
        return
    draw = 0
    for draw in range(5):
        write(draws[draw], [])
        if probe(directory):
            break
    forbidden = draws[draw]
    by_post = {}
    for i, (c, p) in enumerate(pairs):
        if i not in forbidden:
            by_post.setdefault(p, []).append(c)
    order = sorted(by_post)
    rng.shuffle(order)
    fixes, used = [], set()
    for p in order[: max(1, len(order) // 100)]:
        # A planner's pin: a cadre of the post's own unit (not its holder) where there is one.
        mine = [c for c in by_post[p] if c not in used and unit_of_cadre[c] == unit_of_post[p] and holder.get(p) != c]
        choices = mine or [c for c in by_post[p] if c not in used]
        if choices:
            c = rng.choice(choices)
            used.add(c)
            fixes.append((c, p))
    # Keep the pins that leave a plan: batches that fail are split in halves (at most 16 probes).
    kept, queue, probes = [], [fixes], 0
    while queue and probes < 16:
        batch = queue.pop(0)
        write(forbidden, kept + batch)
        probes += 1
        if probe(directory):
            kept += batch
        elif len(batch) > 1:
            queue += [batch[: len(batch) // 2], batch[len(batch) // 2:]]
    write(forbidden, kept)
    stored["draw"] = draw
    stored["fixes"] = kept


def add_scores(directory, rng):
    pairs = eligible_pairs(directory)
    chosen = sorted(rng.sample(range(len(pairs)), len(pairs) // 5))
    with open(os.path.join(directory, "scores.csv"), "w") as f:
        f.write("cadre,post,score\n")
        for i in chosen:
            f.write(f"{pairs[i][0]},{pairs[i][1]},{rng.randint(0, 8000) / 100}\n")


SHARE_TARGETS = [{"level": "commune", "key": "true"}, {"level": "commune", "rank": "head"}, {"key": "false"}]


def calibrate_shares(directory, policy, params):
    """Each share target in turn at the most achievable need, given the earlier ones."""
    policy["non_local_share"] = []
    needs = params.get("shares")
    result = []
    for i, target in enumerate(SHARE_TARGETS):
        size = share_size(directory, target)

        def apply(k, target=target, size=size):
            policy["non_local_share"] = [dict(t) for t in policy["non_local_share"][:i]] + [dict(target, min=share_min(k, size))]
            write_policy(directory, policy)
        if needs:
            apply(needs[i])
        else:
            k = most(directory, apply, 0, size)
            result.append(k)
    if not needs:
        params["shares"] = result
    return [(t, share_size(directory, t)) for t in SHARE_TARGETS]


def calibrate_quotas(directory, policy, params, types=("down", "up", "horizontal"), cap=True):
    stored = params.get("quotas")
    quotas = dict(policy.get("min_moves") or {})
    for t in types:
        def apply(k, t=t):
            quotas[t] = k
            policy["min_moves"] = dict(quotas)
            write_policy(directory, policy)
        if stored:
            apply(stored[t])
        else:
            most(directory, apply, quotas.get(t, 0), 2 * len(read_csv(os.path.join(directory, "posts.csv"))) // 5)
    if cap:
        def apply_cap(k):
            policy["max_moves"] = -k
            write_policy(directory, policy)
        if stored:
            apply_cap(-stored["max_moves"])
        else:
            n = len(read_csv(os.path.join(directory, "posts.csv")))
            most(directory, apply_cap, -2 * n, 0)
    if not stored:
        params["quotas"] = dict(quotas, max_moves=policy.get("max_moves"))


def calibrate_rating(directory, policy, params, key="rating"):
    def apply(k):
        policy["weak_min_rating"] = k
        write_policy(directory, policy)
    if key in params:
        apply(params[key])
    else:
        params[key] = most(directory, apply, int(policy["weak_min_rating"]), 100)


def build(work, size, variant, params):
    """Writes one instance of the family into work/hard-SIZE-VARIANT; returns its directory."""
    communes, agencies = SIZES[size]
    directory = os.path.join(work, f"hard-{size}-{variant}")
    rng = random.Random(f"{size}-{variant}")
    extra = []
    if variant in ("cap1", "cap2"):
        extra = ["--max-arrivals", variant[-1]]
    elif variant == "weak":
        extra = ["--weak-percent", "60", "--weak-min-rating", "75"]
    elif variant == "all":
        extra = ["--max-arrivals", "2", "--weak-percent", "50", "--weak-min-rating", "70"]
    generate(directory, communes, agencies, extra)
    policy = base_policy(directory)
    write_policy(directory, policy)
    if variant in ("shares", "shares+1"):
        calibrate_shares(directory, policy, params.setdefault("shares", {}))
        if variant == "shares+1":
            last = policy["non_local_share"][-1]
            target = {k: v for k, v in last.items() if k != "min"}
            size_s = share_size(directory, target)
            need = params["shares"]["shares"][-1] + 1
            last["min"] = share_min(min(need, size_s), size_s) if need <= size_s else "1"
            write_policy(directory, policy)
    elif variant in ("cap1", "cap2"):
        calibrate_quotas(directory, policy, params.setdefault(variant, {}), types=("down",), cap=False)
    elif variant in ("quotas", "moves-1"):
        calibrate_quotas(directory, policy, params.setdefault("quotas", {}))
        if variant == "moves-1":
            policy["max_moves"] = int(policy["max_moves"]) - 1
            write_policy(directory, policy)
    elif variant == "pins":
        add_pins(directory, rng, params.setdefault("pins", {}))
    elif variant == "scores":
        add_scores(directory, rng)
    elif variant == "weak":
        calibrate_rating(directory, policy, params.setdefault("weak", {}))
    elif variant == "all":
        p = params.setdefault("all", {})
        add_scores(directory, rng)
        add_pins(directory, rng, p.setdefault("pins", {}))
        calibrate_rating(directory, policy, p)
        calibrate_shares(directory, policy, p.setdefault("shares", {}))
        calibrate_quotas(directory, policy, p.setdefault("quotas", {}))
    return directory


def load_params():
    return json.load(open(PARAMS)) if os.path.exists(PARAMS) else {}


def save_params(params):
    with open(PARAMS, "w") as f:
        json.dump(params, f, indent=1, sort_keys=True)
        f.write("\n")


def scale_all(work, size, source, params):
    """The `all` variant at `size` from the calibration at `source` posts: the same share fractions,
    quotas and move cap scaled by the post count, then eased by 2 % at a time until a plan exists
    (at most five tries). Cheaper than a full calibration at 3,000 posts (about 80 probes there);
    the stored parameters say `scaled_from`."""
    src = params[str(source)]["all"]
    dst = params.setdefault(str(size), {}).setdefault("all", {})
    communes, agencies = SIZES[size]
    directory = os.path.join(work, f"hard-{size}-all")
    sc, ac = SIZES[source]
    factor = (communes + agencies) / (sc + ac)
    src_dir = os.path.join(work, f"hard-{source}-all")
    if not os.path.exists(src_dir):
        build(work, source, "all", params[str(source)])
    for attempt in range(6):
        ease = 1 - 0.02 * attempt
        dst.clear()
        dst["scaled_from"] = source
        dst["rating"] = src["rating"]
        generate(directory, communes, agencies, ["--max-arrivals", "2", "--weak-percent", "50", "--weak-min-rating", "70"])
        sizes = [share_size(directory, t) for t in SHARE_TARGETS]
        src_sizes = [share_size(src_dir, t) for t in SHARE_TARGETS]
        dst["shares"] = {"shares": [int(n * k / m * ease) for n, k, m in zip(sizes, src["shares"]["shares"], src_sizes)]}
        q = src["quotas"]["quotas"]
        dst["quotas"] = {"quotas": {t: int(q[t] * factor * ease) for t in ("down", "up", "horizontal")}}
        dst["quotas"]["quotas"]["max_moves"] = int(q["max_moves"] * factor / ease + 0.999)
        if "pins" not in dst:
            dst["pins"] = {}
        build(work, size, "all", params[str(size)])
        if probe(directory):
            return True
    return False


def calibrated(p, variant):
    """Whether the stored parameters of one size (`p`) are enough to build `variant` without probing."""
    has = lambda d, *keys: all(isinstance(d, dict) and k in d for k in keys) if keys else True  # noqa: E731
    need = {
        "shares": lambda: has(p.get("shares", {}), "shares"), "shares+1": lambda: has(p.get("shares", {}), "shares"),
        "cap1": lambda: has(p.get("cap1", {}), "quotas"), "cap2": lambda: has(p.get("cap2", {}), "quotas"),
        "quotas": lambda: has(p.get("quotas", {}), "quotas"), "moves-1": lambda: has(p.get("quotas", {}), "quotas"),
        "pins": lambda: has(p.get("pins", {}), "draw"), "scores": lambda: True,
        "weak": lambda: has(p.get("weak", {}), "rating"),
        "all": lambda: has(p.get("all", {}), "pins", "rating", "shares", "quotas")
        and has(p["all"]["pins"], "draw") and has(p["all"]["shares"], "shares") and has(p["all"]["quotas"], "quotas"),
    }
    return need[variant]()


def build_family(work, sizes, calibrate=False, variants=None, skip_uncalibrated=False):
    """Builds every instance; returns [(size, variant, directory, expected feasible)].

    With `skip_uncalibrated`, a variant whose calibration is not stored is left out (the benchmark
    reports it as such) instead of being calibrated on the spot."""
    params = load_params()
    out = []
    for size in sizes:
        if calibrate:
            params[str(size)] = {}
        p = params.setdefault(str(size), {})
        for variant in (variants or VARIANTS + INFEASIBLE):
            if skip_uncalibrated and not calibrate and not calibrated(p, variant):
                out.append((size, variant, None, variant not in INFEASIBLE))
                continue
            directory = build(work, size, variant, p)
            out.append((size, variant, directory, variant not in INFEASIBLE))
            save_params(params)
    return out


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calibrate", action="store_true", help="redo the bisections instead of reading hard-params.json")
    ap.add_argument("--sizes", default="150,1125,3000")
    ap.add_argument("--variants", default=None)
    ap.add_argument("--scale-all", default=None, metavar="SIZE:SOURCE",
                    help="build `all` at SIZE from the calibration at SOURCE posts (see scale_all)")
    args = ap.parse_args()
    if args.scale_all:
        size, source = (int(x) for x in args.scale_all.split(":"))
        params = load_params()
        ok = scale_all(os.environ.get("HARD_WORK") or os.path.join(ROOT, "benchmarks", "work"), size, source, params)
        save_params(params)
        print("scaled", size, "from", source, "feasible" if ok else "NOT feasible after easing")
        raise SystemExit(0 if ok else 1)
    work = os.path.join(ROOT, "benchmarks", "work")
    os.makedirs(work, exist_ok=True)
    family = build_family(work, [int(s) for s in args.sizes.split(",")], args.calibrate,
                          args.variants.split(",") if args.variants else None)
    for size, variant, directory, feasible in family:
        print(size, variant, directory, "feasible" if feasible else "infeasible")
