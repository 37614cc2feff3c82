#!/usr/bin/env python3
"""Saves a lecture for offline from /watch/<id> in a real browser, then plays it with no server at all.

Usage: scripts/offline-check.py BASE_URL LECTURE_ID [--browser chromium|firefox] [--profile 3g] [--cut-at 0.4]

Browsers: Debian's Chromium through Playwright, or Firefox ESR through Marionette (scripts/firefox.py); each keeps one
profile for the whole run, so its Service Worker and Cache Storage outlive a closed tab.

The page is opened through the weak-link lab's link emulator, so "no server" is the emulator stopped (connection
refused, as with the campus out of reach), and the bytes the browser fetched are counted on the link. Steps:
  size       the button shows the size before saving (from the manifest) and data-state "idle";
  cut        saving starts; at --cut-at of the bytes the link drops for 3 s (every connection reset) and the page is
             closed; a new page on the same browser profile presses the button again and the save goes on;
  saved      data-state "saved"; the bytes the save fetched (its own count, cut-short files included) <= 1.05 x the
             bytes saved; also reported: every byte on the link meanwhile, the reopened page's player included;
  offline    the link emulator stopped: a reload of /watch/<id> loads the page and plays from the Service Worker,
             and a seek to 80 % plays on; /offline lists the lecture with its size;
  update     (with --update "COMMAND") COMMAND changes the lecture at the origin (e.g. lectern add-track), the link
             comes back on the same address: the watch page says the saved copy is out of date (data-state
             "outdated") and /offline marks it updated at the source.
Prints one JSON object {"ok", "steps", "errors"}; exits 1 when a step failed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lab"))
sys.path.insert(0, HERE)
from linkemu import PROFILES, ProxyThread  # noqa: E402


def number(text):
    """Bytes from the page's "1.2 MB" / "340 kB"."""
    value, unit = text.strip().split(" ")
    return float(value) * (1e6 if unit == "MB" else 1e3)


class Chromium:
    """Playwright's persistent context: tabs are pages."""

    def __init__(self, errors):
        from playwright.sync_api import sync_playwright

        self.profile = os.path.join("/tmp", f"lectern-offline-{os.getpid()}")
        self.playwright = sync_playwright().start()
        self.context = self.playwright.chromium.launch_persistent_context(
            user_data_dir=self.profile, headless=True, executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"])
        self.context.on("console", lambda m: errors.append(m.text) if m.type == "error" and "net::ERR" not in m.text else None)
        self.page = self.context.new_page()

    def goto(self, url):
        self.page.goto(url)

    def js(self, expression):
        return self.page.evaluate(expression)

    def reload(self):
        self.page.reload()

    def reopen(self, url):
        """Closes the tab and opens `url` in a new one."""
        self.page.close()
        self.page = self.context.new_page()
        self.page.goto(url)

    def close(self):
        self.context.close()
        self.playwright.stop()
        shutil.rmtree(self.profile, ignore_errors=True)


class Firefox:
    """Firefox ESR through Marionette: tabs are window handles."""

    def __init__(self, errors):
        from firefox import Firefox as Driver

        self.driver = Driver()
        self.client = self.driver.client

    def goto(self, url):
        self.driver.goto(url)

    def js(self, expression):
        return self.driver.js(expression)  # WebDriver awaits a returned promise

    def reload(self):
        # As a learner reloads (F5): Marionette's own refresh skips the Service Worker, location.reload() does not.
        self.driver.js("(location.reload(), true)")

    def reopen(self, url):
        old = self.client.current_window_handle
        new = self.client.open(type="tab")["handle"]
        self.client.switch_to_window(old)
        self.client.close()
        self.client.switch_to_window(new)
        self.client.navigate(url)

    def close(self):
        self.driver.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("lecture")
    parser.add_argument("--browser", default="chromium", choices=["chromium", "firefox"])
    parser.add_argument("--profile", default="3g", choices=sorted(PROFILES))
    parser.add_argument("--cut-at", type=float, default=0.4)
    parser.add_argument("--update", help="a shell command that changes the lecture at the origin, run once offline")
    args = parser.parse_args()
    target = urllib.parse.urlparse(args.base)
    proxy = ProxyThread(PROFILES[args.profile], target.hostname, target.port)
    port = proxy.start()
    origin = f"http://127.0.0.1:{port}"
    watch = f"{origin}/watch/{args.lecture}"
    steps, errors = {}, []
    browser = Chromium(errors) if args.browser == "chromium" else Firefox(errors)
    button = "document.getElementById('save-offline')"

    def wait(expression, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if browser.js(expression):
                return
            time.sleep(0.1)
        raise TimeoutError(f"waited {seconds} s for {expression}")

    def opened():
        """The watch page, paused, with its Save-for-offline controls shown; their data-state."""
        wait("!!document.getElementById('offline') && !document.getElementById('offline').hidden", 60)
        browser.js("document.getElementById('v').pause()")
        return browser.js(f"{button}.dataset.state")

    lecture = json.dumps(args.lecture)
    try:
        browser.goto(watch)
        state = opened()
        label = browser.js(f"{button}.textContent")
        steps["size"] = {"ok": "Save for offline" in label and any(u in label for u in ("kB", "MB")) and state == "idle", "label": label}
        # Quiet link first (the paused player has its buffer), so the link's bytes from here on are the save's.
        quiet_since, last = time.monotonic(), len(proxy.counters.requests)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and time.monotonic() - quiet_since < 3:
            time.sleep(0.2)
            if len(proxy.counters.requests) != last:
                last, quiet_since = len(proxy.counters.requests), time.monotonic()
        before = proxy.counters.down
        browser.js(f"{button}.click()")
        wait(f"{button}.dataset.state === 'saving'", 30)
        progress = 0.0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            got = browser.js("(s => s ? s.split(' of ') : null)(document.getElementById('save-status').textContent)")
            if got and len(got) == 2 and got[1]:
                try:
                    progress = number(got[0]) / number(got[1])
                except ValueError:
                    pass
            if progress >= args.cut_at or browser.js(f"{button}.dataset.state") == "saved":
                break
            time.sleep(0.05)
        proxy.cut(3)
        time.sleep(0.1)
        browser.reopen("about:blank")  # the learner closes the tab as the link drops
        time.sleep(3.5)
        browser.goto(watch)
        state = opened()
        if state != "saved":
            browser.js(f"{button}.click()")
        wait(f"{button}.dataset.state === 'saved'", 180)
        steps["cut"] = {"ok": True, "cut_at": round(progress, 2), "state_after_reopen": state}
        saved = browser.js("""(async () => { const c = await caches.open('lectern-lecture-' + %s);
            let n = 0; for (const r of await c.keys()) { if (r.url.includes('/__lectern/')) continue;
            n += (await (await c.match(r)).arrayBuffer()).byteLength; } return n; })()""" % lecture)
        fetched = proxy.counters.down - before
        # The save's own count (every byte its fetches received, cut-short files included), kept in its state.
        own = browser.js("""(async () => { const c = await caches.open('lectern-lecture-' + %s);
            return (await (await c.match('/__lectern/' + %s + '/state')).json()).fetched; })()""" % (lecture, lecture))
        # The second page itself, its player and the start of its playback are on the link too: counted against
        # the save (a stricter bound than the save's own bytes).
        steps["saved"] = {"ok": own <= 1.05 * saved, "saved_bytes": saved, "save_fetched_bytes": own,
                          "ratio": round(own / saved, 3) if saved else None, "link_bytes": fetched,
                          "link_ratio": round(fetched / saved, 3) if saved else None}
        proxy.stop()
        proxy = None
        browser.js("window.beforeReload = true")
        browser.reload()
        wait("!window.beforeReload && !!document.getElementById('v') && document.getElementById('v').currentTime > 2", 60)
        duration = browser.js("document.getElementById('v').duration")
        to = round(duration * 0.8, 1)
        browser.js(f"document.getElementById('v').currentTime = {to}")
        wait(f"document.getElementById('v').currentTime > {to + 1}", 60)
        browser.goto(f"{origin}/offline")
        wait("!!document.getElementById('saved') && document.querySelectorAll('#saved li').length > 0", 30)
        listed = browser.js("document.getElementById('saved').innerText")
        link = browser.js(f"!!document.querySelector('#saved a[href=\"/watch/{args.lecture}\"]')")
        steps["offline"] = {"ok": link and any(u in listed for u in (" kB", " MB")), "seeked_to": to, "listed": listed}
        if args.update:
            changed = subprocess.run(args.update, shell=True, capture_output=True, text=True)
            if changed.returncode != 0:
                raise RuntimeError(f"--update failed: {changed.stderr.strip()}")
            proxy = ProxyThread(PROFILES[args.profile], target.hostname, target.port, listen_port=port)  # same origin
            proxy.start()
            browser.goto(watch)
            wait("!!document.getElementById('offline') && !document.getElementById('offline').hidden", 60)
            state = browser.js(f"{button}.dataset.state")
            browser.goto(f"{origin}/offline")
            wait("document.querySelectorAll('#saved li').length > 0 && /updated at the source/.test(document.getElementById('saved').innerText)", 30)
            steps["update"] = {"ok": state == "outdated", "state": state, "listed": browser.js("document.getElementById('saved').innerText")}
    except Exception as error:
        where = ""
        try:
            where = browser.js("JSON.stringify({url: location.href, shown: (document.getElementById('r') || {}).textContent, "
                               "t: (document.getElementById('v') || {}).currentTime, ready: (document.getElementById('v') || {}).readyState})")
        except Exception:
            pass
        errors.append(f"{type(error).__name__}: {error} {where}")
    finally:
        browser.close()
        if proxy:
            proxy.stop()
    ok = not errors and all(s.get("ok") for s in steps.values()) and len(steps) == (5 if args.update else 4)
    print(json.dumps({"ok": ok, "steps": steps, "errors": errors}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
