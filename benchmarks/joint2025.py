#!/usr/bin/env python3
"""Turn a generated instance (`plan generate`) into a 2025-shaped one with joint posts.

Each commune gains a People's Council chair (Chủ tịch HĐND, head, state, key) held jointly with the
party secretary (post -0): the secretary's holder lists both posts. The policy gains
`min_years_in_post: 3`, a women's share of commune key posts and one young cadre per commune
(both set at `--share` of what the generated holders achieve now), so the instance exercises joint
groups, §11.2 targets and E8 together. A measurement aid, not the generator's 2025 shape.

    python3 benchmarks/joint2025.py IN_DIR OUT_DIR [--share 0.8]
"""
import csv, shutil, sys, os, math

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    share = float(sys.argv[sys.argv.index("--share") + 1]) if "--share" in sys.argv else 0.8
    src, dst = args[0], args[1]
    if os.path.exists(dst):
        sys.exit(f"{dst} exists")
    shutil.copytree(src, dst)
    with open(os.path.join(src, "posts.csv"), newline="", encoding="utf-8-sig") as f:
        posts = list(csv.DictReader(f))
    with open(os.path.join(src, "units.csv"), newline="", encoding="utf-8-sig") as f:
        level = {u["id"]: u["level"] for u in csv.DictReader(f)}
    with open(os.path.join(src, "cadres.csv"), newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        cadre_fields = reader.fieldnames
        cadres = list(reader)
    fields = list(posts[0].keys()) + ["joint"]
    out = []
    for p in posts:
        p = dict(p, joint="")
        out.append(p)
        if level[p["unit"]] == "commune" and p["id"].endswith("-0"):
            p["joint"] = p["unit"] + "-BT"
            hd = dict(p, id=p["unit"] + "-HD", title="Chủ tịch HĐND", rank="head", block="state", key="1",
                      restricted="0", skills="", max_years="")
            out.append(hd)
    with open(os.path.join(dst, "posts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(out)
    holder = {}
    for c in cadres:
        if c["post"].endswith("-0") and level[c["unit"]] == "commune":
            c["post"] = c["post"] + ";" + c["unit"] + "-HD"
        for q in c["post"].split(";"):
            if q:
                holder[q] = c
    with open(os.path.join(dst, "cadres.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cadre_fields)
        w.writeheader()
        w.writerows(cadres)
    key_commune = [p for p in out if level[p["unit"]] == "commune" and p["key"] == "1"]
    women = sum(1 for p in key_commune if p["id"] in holder and holder[p["id"]]["gender"] == "f")
    with open(os.path.join(dst, "policy.yaml"), "a", encoding="utf-8") as f:
        f.write("min_years_in_post: 3\nshares:\n")
        f.write(f"  - {{of: female, level: commune, key: true, min: {math.floor(share * women / len(key_commune) * 100) / 100}}}\n")
        f.write("  - {of: young, level: commune, per_unit: true, at_least: 1}\n")

main()
