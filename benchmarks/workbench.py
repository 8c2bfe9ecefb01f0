#!/usr/bin/env python3
"""Re-solve times of the workbench (issue 15): after one pin or one policy change, server side.

Starts `plan serve` (release build) on a fresh store, imports each instance, solves it once, then
REPS times: forbids one move of the current plan (staying close to it, `keep`), and changes one
policy number (a move cap 10 above the plan's moves and releases). Reports the server's solve seconds (the
variant's `seconds`: changes applied, solve, tie-break or keep, independent check) and the wall time
of the HTTP request (plus the JSON of the plan), medians over REPS.

    python3 benchmarks/workbench.py [--instances district-20,ladder-400] [--reps 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "browser"))
from workbench import start_server, api  # noqa: E402

INSTANCES = {
    "district-20": os.path.join(ROOT, "examples", "district-20"),
    "ladder-400": os.path.join(ROOT, "benchmarks", "work", "ladder-400"),
}


def ensure(name, plan):
    path = INSTANCES[name]
    if name == "ladder-400" and not os.path.exists(os.path.join(path, "posts.csv")):
        subprocess.run([plan, "generate", "--communes", "400", "--agencies", "200", "--seed", "3", "--out", path], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plan", default=os.path.join(ROOT, ".build", "release", "plan"))
    ap.add_argument("--instances", default="district-20,ladder-400")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--page", action="store_true", help="also time the page in headless Chromium (Selenium)")
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="workbench-bench-")
    proc, url, base, token = start_server(args.plan, data)
    rows = []
    try:
        for name in args.instances.split(","):
            path = ensure(name, args.plan)
            record = api(base, token, "POST", "/api/instances", {"path": path})
            iid = record["id"]
            current = api(base, token, "POST", "/api/instances/%d/solve" % iid, {})
            pin_server, pin_wall, policy_server, policy_wall = [], [], [], []
            for rep in range(args.reps):
                moves = [a for a in current["plan"]["assignments"] if a["type"] != "stay"]
                move = moves[rep % len(moves)]
                t = time.time()
                v = api(base, token, "POST", "/api/instances/%d/solve" % iid, {"forbid": [[move["cadre"], move["post"]]], "keep": current["id"]})
                pin_wall.append(time.time() - t)
                pin_server.append(v["seconds"])
                assert v["status"] == "optimal", v["status"]
                n_moves = sum(1 for a in current["plan"]["assignments"] if a["type"] != "stay") + len(current["plan"].get("released", []))
                t = time.time()
                w = api(base, token, "POST", "/api/instances/%d/solve" % iid, {"policy": {"max_moves": n_moves + 10 + rep}, "keep": current["id"]})
                policy_wall.append(time.time() - t)
                policy_server.append(w["seconds"])
                assert w["status"] == "optimal", w["status"]
            posts = len(api(base, token, "GET", "/api/instances/%d" % iid)["posts"])
            rows.append((name, posts, statistics.median(pin_server), statistics.median(pin_wall),
                         statistics.median(policy_server), statistics.median(policy_wall)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if args.page:
        page_times(args.plan, args.instances.split(","), args.reps)
    print("| instance | posts | one pin: server s | one pin: request s | one policy number: server s | one policy number: request s |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %.3f | %.3f | %.3f | %.3f |" % r)


def page_times(plan, names, reps):
    """Seconds the page takes in headless Chromium to show a solved variant (every post by unit) and
    to show it again after the language switch, per instance."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    import shutil
    data = tempfile.mkdtemp(prefix="workbench-page-")
    proc, url, base, token = start_server(plan, data)
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1800"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    try:
        print("| instance | posts | page shows the variant, s | language switch re-renders, s |")
        print("|---|---:|---:|---:|")
        for name in names:
            record = api(base, token, "POST", "/api/instances", {"path": ensure(name, plan)})
            v = api(base, token, "POST", "/api/instances/%d/solve" % record["id"], {})
            posts = len(record["posts"])
            driver.get(url)
            WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "path").is_displayed())
            shown_times, switched_times = [], []
            for _ in range(reps):
                t = time.time()
                driver.get(base + "/?load=%d#instance=%d&variant=%d" % (len(shown_times), record["id"], v["id"]))
                WebDriverWait(driver, 120, poll_frequency=0.01).until(
                    lambda d: d.execute_script("return document.body.dataset.rendered") == "%d-vi" % v["id"])
                shown_times.append(time.time() - t)
                rows = len(driver.find_elements(By.CSS_SELECTOR, "#plan tbody tr"))
                assert rows == posts, (rows, posts)
                t = time.time()
                driver.find_element(By.ID, "lang").click()
                WebDriverWait(driver, 120, poll_frequency=0.01).until(
                    lambda d: d.execute_script("return document.body.dataset.rendered") == "%d-en" % v["id"])
                switched_times.append(time.time() - t)
                driver.find_element(By.ID, "lang").click()
                WebDriverWait(driver, 120, poll_frequency=0.01).until(
                    lambda d: d.execute_script("return document.body.dataset.rendered") == "%d-vi" % v["id"])
            print("| %s | %d | %.2f | %.2f |" % (name, posts, statistics.median(shown_times), statistics.median(switched_times)))
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
