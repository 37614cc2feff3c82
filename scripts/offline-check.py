#!/usr/bin/env python3
"""Saves a lecture for offline from /watch/<id> in a real browser, then plays it with no server at all.

Usage: scripts/offline-check.py BASE_URL LECTURE_ID [--browser chromium|firefox] [--profile 3g] [--cut-at 0.4]

The page is opened through the weak-link lab's link emulator, so "no server" is the emulator stopped (connection
refused, as with the campus out of reach), and the bytes the browser fetched are counted on the link. Steps:
  size       the button shows the size before saving (from the manifest) and data-state "idle";
  cut        saving starts; at --cut-at of the bytes the link drops for 3 s (every connection reset) and the page is
             closed; a new page on the same browser profile presses the button again and the save goes on;
  saved      data-state "saved"; the bytes the save fetched (its own count, cut-short files included) <= 1.05 x the
             bytes saved; also reported: every byte on the link meanwhile, the reopened page's player included;
  offline    the link emulator stopped: a reload of /watch/<id> loads the page and plays from the Service Worker,
             and a seek to 80 % plays on; /offline lists the lecture with its size.
Prints one JSON object {"ok", "steps", "errors"}; exits 1 when a step failed.
"""
import argparse
import json
import os
import shutil
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("lecture")
    parser.add_argument("--browser", default="chromium", choices=["chromium"])
    parser.add_argument("--profile", default="3g", choices=sorted(PROFILES))
    parser.add_argument("--cut-at", type=float, default=0.4)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    target = urllib.parse.urlparse(args.base)
    proxy = ProxyThread(PROFILES[args.profile], target.hostname, target.port)
    port = proxy.start()
    origin = f"http://127.0.0.1:{port}"
    watch = f"{origin}/watch/{args.lecture}"
    steps, errors = {}, []
    with sync_playwright() as playwright:
        # One profile for the whole run (Service Worker and Cache Storage survive closing a page).
        profile = os.path.join("/tmp", f"lectern-offline-{os.getpid()}")
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=profile, headless=True,
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"])
        context.on("console", lambda m: errors.append(m.text) if m.type == "error" and "net::ERR" not in m.text else None)
        try:
            page = context.new_page()
            page.goto(watch)
            page.wait_for_selector("#save-offline", state="visible", timeout=60_000)
            page.evaluate("document.getElementById('v').pause()")
            label = page.inner_text("#save-offline")
            steps["size"] = {"ok": "Save for offline" in label and any(u in label for u in ("kB", "MB"))
                             and page.get_attribute("#save-offline", "data-state") == "idle", "label": label}
            # Quiet link first (the paused player has its buffer), so the link's bytes from here on are the save's.
            quiet_since, last = time.monotonic(), len(proxy.counters.requests)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and time.monotonic() - quiet_since < 3:
                time.sleep(0.2)
                if len(proxy.counters.requests) != last:
                    last, quiet_since = len(proxy.counters.requests), time.monotonic()
            before = proxy.counters.down
            page.click("#save-offline")
            page.wait_for_function("document.getElementById('save-offline').dataset.state === 'saving'", timeout=30_000)
            progress = 0.0
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                got = page.evaluate("(s => s ? s.split(' of ') : null)(document.getElementById('save-status').textContent)")
                if got and len(got) == 2 and got[1]:
                    try:
                        progress = number(got[0]) / number(got[1])
                    except ValueError:
                        pass
                if progress >= args.cut_at or page.get_attribute("#save-offline", "data-state") == "saved":
                    break
                time.sleep(0.05)
            proxy.cut(3)
            page.close()  # the learner closes the tab as the link drops
            time.sleep(3.5)
            page = context.new_page()
            page.goto(watch)
            page.evaluate("document.getElementById('v').pause()")
            state = page.get_attribute("#save-offline", "data-state")
            if state != "saved":
                page.click("#save-offline")
            page.wait_for_function("document.getElementById('save-offline').dataset.state === 'saved'", timeout=180_000)
            steps["cut"] = {"ok": True, "cut_at": round(progress, 2), "state_after_reopen": state}
            saved = page.evaluate("""(async () => { const c = await caches.open('lectern-lecture-' + %s);
                let n = 0; for (const r of await c.keys()) { if (r.url.includes('/__lectern/')) continue;
                n += (await (await c.match(r)).arrayBuffer()).byteLength; } return n; })()""" % json.dumps(args.lecture))
            fetched = proxy.counters.down - before
            # The save's own count (every byte its fetches received, cut-short files included), kept in its state.
            own = page.evaluate("""(async () => { const c = await caches.open('lectern-lecture-' + %s);
                return (await (await c.match('/__lectern/' + %s + '/state')).json()).fetched; })()""" % (json.dumps(args.lecture), json.dumps(args.lecture)))
            # The second page itself, its player and the start of its playback are on the link too: counted against
            # the save (a stricter bound than the save's own bytes).
            steps["saved"] = {"ok": own <= 1.05 * saved, "saved_bytes": saved, "save_fetched_bytes": own,
                              "ratio": round(own / saved, 3) if saved else None, "link_bytes": fetched,
                              "link_ratio": round(fetched / saved, 3) if saved else None}
            proxy.stop()
            proxy = None
            page.reload()
            page.wait_for_function("document.getElementById('v').currentTime > 2", timeout=60_000)
            duration = page.evaluate("document.getElementById('v').duration")
            to = round(duration * 0.8, 1)
            page.evaluate(f"document.getElementById('v').currentTime = {to}")
            page.wait_for_function(f"document.getElementById('v').currentTime > {to + 1}", timeout=60_000)
            page.goto(f"{origin}/offline")
            page.wait_for_function("document.querySelectorAll('#saved li').length > 0", timeout=30_000)
            listed = page.inner_text("#saved")
            link = page.query_selector(f'#saved a[href="/watch/{args.lecture}"]')
            steps["offline"] = {"ok": link is not None and any(u in listed for u in (" kB", " MB")), "seeked_to": to, "listed": listed}
        except Exception as error:
            where = ""
            try:
                where = page.evaluate("JSON.stringify({url: location.href, shown: (document.getElementById('r') || {}).textContent, "
                                      "t: (document.getElementById('v') || {}).currentTime, ready: (document.getElementById('v') || {}).readyState})")
            except Exception:
                pass
            errors.append(f"{type(error).__name__}: {error} {where}")
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
            if proxy:
                proxy.stop()
    ok = not errors and all(s.get("ok") for s in steps.values()) and len(steps) == 4
    print(json.dumps({"ok": ok, "steps": steps, "errors": errors}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
