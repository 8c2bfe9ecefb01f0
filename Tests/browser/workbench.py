#!/usr/bin/env python3
"""The workbench in a real browser (issue 15), and a server killed mid-solve.

1. Starts `plan serve` on a free port with a fresh store, opens the printed address (with its token)
   in headless Chromium driven by Selenium (chromedriver from Debian's chromium-driver), imports
   examples/district-20, solves it, forbids one move of the plan with the page's button, solves
   again, and checks that the plan on the page changed, that the changed posts are highlighted, that
   the new plan keeps the forbid and passes `plan validate`, that a post's candidates open, and that
   the language switch works. Saves a screenshot (--screenshot, default docs/workbench.png).
2. Starts a server, starts a slow solve through the API, kills the server with SIGKILL during it,
   starts it again on the same store, and checks that the instance and the earlier variants are
   there, the killed solve is marked `interrupted`, and a new solve works.

Run from the repository root after `swift build` (or `swift test`): python3 Tests/browser/workbench.py
Exit 0 when every check holds; otherwise 1 with the failed check.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_server(plan, data, extra=()):
    env = dict(os.environ, PLAN_LANG="vi")
    proc = subprocess.Popen([plan, "serve", "--port", "0", "--data", data] + list(extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise SystemExit("the server printed no address: %r %s" % (line, proc.stderr.read()))
    url = line[line.index("http://"):].split()[0]
    base, token = url.split("/?token=")
    return proc, url, base, token


def api(base, token, method, path, body=None, timeout=300):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def check(condition, what):
    if not condition:
        raise SystemExit("FAILED: " + what)
    print("ok:", what)


def browser_test(plan, screenshot):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    data = tempfile.mkdtemp(prefix="workbench-browser-")
    proc, url, base, token = start_server(plan, data)
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1800", "--lang=vi"]:
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 60)
    try:
        driver.get(url)
        wait.until(lambda d: d.find_element(By.ID, "path").is_displayed())
        check("token=" not in driver.current_url, "the token left the address bar")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Bàn làm việc phương án luân chuyển", "the page is Vietnamese")
        instance = os.path.join(ROOT, "examples", "district-20")
        driver.find_element(By.ID, "path").send_keys(instance)
        driver.find_element(By.CSS_SELECTOR, "#import button").click()
        wait.until(lambda d: d.find_element(By.ID, "instance-title").text == "district-20")
        driver.find_element(By.ID, "author").send_keys("Tổ giúp việc")
        driver.find_element(By.ID, "solve").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#variants tbody tr")) == 1
                   and d.find_element(By.ID, "variant-title").text.endswith(" 7339.2"))
        check("tối ưu" in driver.find_element(By.ID, "variant-title").text, "the first plan is shown, optimal, objective 7339.2")
        moves = driver.find_elements(By.CSS_SELECTOR, "#plan tr.move")
        check(len(moves) > 10, "the plan lists its moves by unit (%d)" % len(moves))
        row = moves[0]
        post, cadre = row.get_attribute("data-post"), row.get_attribute("data-cadre")
        row.find_element(By.CSS_SELECTOR, "button[data-forbid]").click()
        check(cadre in driver.find_element(By.ID, "changes").text, "the forbid is listed among the changes")
        driver.find_element(By.ID, "solve").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#variants tbody tr")) == 2
                   and d.find_element(By.ID, "variant-title").text.startswith("Phương án 2"))
        cells = driver.find_elements(By.CSS_SELECTOR, "#variants tbody tr")[1].find_elements(By.TAG_NAME, "td")
        check(driver.find_element(By.ID, "variant-title").text.endswith(" " + cells[3].text), "the table and the title show one objective (%s)" % cells[3].text)
        new_row = driver.find_element(By.CSS_SELECTOR, '#plan tr[data-post="%s"]' % post)
        check(new_row.get_attribute("data-cadre") != cadre, "the forbidden move is gone from the plan on the page")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#plan tr.changed")) >= 1, "the changed posts are highlighted")
        check("so với phương án 1" in driver.find_element(By.ID, "diff").text, "the difference with the previous variant is shown")
        # The plan on the page is the stored one: it keeps the forbid and passes the independent checker.
        text = driver.execute_script("const r = await fetch('/api/variants/2/plan.json'); return await r.text();")
        plan_file = os.path.join(data, "plan-2.json")
        with open(plan_file, "w", encoding="utf-8") as f:
            f.write(text)
        stored = json.loads(text)
        check(not any(a["cadre"] == cadre and a["post"] == post for a in stored["assignments"]), "the stored plan keeps the forbid")
        valid = subprocess.run([plan, "validate", instance, plan_file], capture_output=True, text=True)
        check(valid.returncode == 0, "plan validate accepts the new plan")
        # Two variants side by side.
        driver.find_element(By.CSS_SELECTOR, "#compare-form button").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare table.compare-plans tbody tr")) >= 1)
        highlighted = len(driver.find_elements(By.CSS_SELECTOR, "#plan tr.changed"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "#compare table.compare-plans tbody tr")) == highlighted,
              "variants 1 and 2 compare side by side: the %d posts highlighted in the plan" % highlighted)
        summary = driver.find_element(By.CSS_SELECTOR, "#compare table.compare-summary").text
        check(cadre in summary and post in summary, "the side-by-side summary names the forbid of variant 2")
        driver.find_element(By.ID, "compare-only").click()
        posts = len(driver.find_elements(By.CSS_SELECTOR, "#plan tbody tr"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#compare table.compare-plans tbody tr")) == posts)
        check(len(driver.find_elements(By.CSS_SELECTOR, "#compare table.compare-plans tbody tr.changed")) == highlighted,
              "unticked, every post of both variants is side by side (%d), the %d that differ highlighted" % (posts, highlighted))
        if screenshot:
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(screenshot)
            print("screenshot:", screenshot)
        # A post's candidates.
        driver.find_element(By.CSS_SELECTOR, '#plan a[data-candidates="%s"]' % post).click()
        wait.until(lambda d: d.find_element(By.ID, "candidates").is_displayed())
        check(len(driver.find_elements(By.CSS_SELECTOR, "#candidates tbody tr")) >= 1, "a post's candidates are listed")
        # Alternatives: three more variants, each passing the checker on the server before it is stored.
        driver.find_element(By.ID, "alternatives").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#variants tbody tr")) == 5)
        check("thay thế 3/3" in driver.find_element(By.ID, "variants").text, "three alternatives are listed as variants")
        driver.find_element(By.ID, "lang").click()
        check(driver.find_element(By.TAG_NAME, "h1").text == "Rotation planning workbench", "the page switches to English")
        # The plan's reasons follow: the server rewords them in the page's language.
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-rendered").endswith("-en"))
        plan_text = driver.find_element(By.ID, "plan").text
        check("stays in post" in plan_text and "giữ nguyên vị trí" not in plan_text, "the plan's reasons switch to English with the page")
        # A phased plan: every post with its holder at each phase, the moves' reasons by year.
        phased = api(base, token, "POST", "/api/instances", {"path": os.path.join(ROOT, "examples", "phased-tiny")})
        pv = api(base, token, "POST", "/api/instances/%d/solve" % phased["id"], {})
        check(pv["status"] == "optimal" and pv["objective"] == 528, "phased-tiny solves on the server (528)")
        driver.get(base + "/?load=phased#instance=%d&variant=%d" % (phased["id"], pv["id"]))
        wait.until(lambda d: d.execute_script("return document.body.dataset.rendered") == "%d-en" % pv["id"])
        heads = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#plan table thead th")]
        years = [str(ph["year"]) for ph in pv["plan"]["phases"]]
        check(all(any(h.endswith(y) for h in heads) for y in years), "a phased plan shows a holder column for each phase %s" % years)
        moves = [(ph["year"], a) for ph in pv["plan"]["phases"] for a in ph["assignments"] if a["type"] != "stay"]
        year, move = moves[0]
        row = driver.find_element(By.CSS_SELECTOR, '#plan tr[data-post="%s"]' % move["post"])
        check("%d:" % year in row.text and move["cadre"] in row.text, "a phased move is shown in its year with its holder")
        logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        check(not logs, "no errors in the browser console (%s)" % logs)
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


def kill_test(plan):
    data = tempfile.mkdtemp(prefix="workbench-kill-")
    work = tempfile.mkdtemp(prefix="workbench-instance-")
    instance = os.path.join(work, "g")
    subprocess.run([plan, "generate", "--communes", "150", "--agencies", "75", "--seed", "1", "--out", instance], check=True,
                   stdout=subprocess.DEVNULL)
    proc, url, base, token = start_server(plan, data)
    try:
        record = api(base, token, "POST", "/api/instances", {"path": instance})
        first = api(base, token, "POST", "/api/instances/%d/solve" % record["id"], {})
        check(first["status"] == "optimal", "a first variant is solved")
        # Binding move quotas make this solve take seconds.
        slow = threading.Thread(target=lambda: _ignore(lambda: api(base, token, "POST", "/api/instances/%d/solve" % record["id"],
                                                                   {"policy": {"min_moves": {"down": 200, "up": 200}}}, timeout=60)))
        slow.start()
        deadline = time.time() + 20
        while time.time() < deadline:
            variants = api(base, token, "GET", "/api/instances/%d/variants" % record["id"])
            if len(variants) == 2 and variants[1]["status"] == "solving":
                break
            time.sleep(0.05)
        check(len(variants) == 2 and variants[1]["status"] == "solving", "the slow solve is stored as solving")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        slow.join(timeout=30)
        proc, url, base, token = start_server(plan, data)
        variants = api(base, token, "GET", "/api/instances/%d/variants" % record["id"])
        check([v["status"] for v in variants] == ["optimal", "interrupted"], "after a restart: the first variant kept, the killed solve interrupted")
        again = api(base, token, "POST", "/api/instances/%d/solve" % record["id"], {"keep": first["id"]})
        check(again["status"] == "optimal" and again["objective"] == first["objective"], "a new solve works on the restarted server")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def _ignore(body):
    try:
        body()
    except Exception:
        pass


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plan", default=os.path.join(ROOT, ".build", "debug", "plan"))
    ap.add_argument("--screenshot", default=None, help="where to save the screenshot (default: none)")
    args = ap.parse_args()
    kill_test(args.plan)
    browser_test(args.plan, args.screenshot)
    print("workbench browser test: every check holds")
