#!/usr/bin/env python3
"""The chapter list of /watch/<id> in headless Chromium (Playwright), on a 360 x 640 phone screen.

Usage: scripts/chapters-check.py BASE_URL LECTURE_ID

Checks:
  lazy       no thumbnail is fetched before the lecture plays; then only those on screen are, and one further down
             loads once it is scrolled into view;
  click      a chapter link (by keyboard: focus, Enter) plays from the chapter: currentTime, #t= in the address, and
             the chapter marked aria-current;
  hash       /watch/<id>#t=<s> (a search result's link) plays from there.
Prints one JSON object {"ok", "checks", "errors"}; exits 1 when a check failed.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def thumbnails(page, before_playing=False):
    """The thumbnails fetched so far (or only those whose fetch began before the video first played)."""
    return page.evaluate("""(early) => performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/chapters/') && e.name.endsWith('.jpg'))
        .filter((e) => !early || window.firstPlaying === undefined || e.startTime < window.firstPlaying)
        .map((e) => e.name.split('/').pop())""", before_playing)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("lecture")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from chromium import open_page

    checks, errors = {}, []
    with sync_playwright() as playwright:
        browser, page = open_page(playwright, errors, console=False, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
        try:
            # When the video first plays, as the page sees it; thumbnails fetched before then would cost a 2G learner.
            page.add_init_script("""addEventListener('playing', () => { if (window.firstPlaying === undefined)
                window.firstPlaying = performance.now(); }, true)""")
            page.goto(f"{args.base}/watch/{args.lecture}")
            page.wait_for_function("document.getElementById('v').currentTime > 0.5", timeout=60_000)
            page.wait_for_timeout(1500)
            before_play = thumbnails(page, before_playing=True)
            count = page.evaluate("document.querySelectorAll('#ch img').length")
            on_screen = page.evaluate("""[...document.querySelectorAll('#ch img')].filter((i) => {
                const r = i.getBoundingClientRect(); return r.top < innerHeight + 64 && r.bottom > -64; }).length""")
            after_play = thumbnails(page)
            page.evaluate("document.querySelector('#ch li:last-child').scrollIntoView()")
            page.wait_for_function("[...document.querySelectorAll('#ch img')].slice(-1)[0].naturalWidth > 0", timeout=10_000)
            after_scroll = thumbnails(page)
            checks["lazy"] = {
                "ok": before_play == [] and 0 < len(after_play) < count and len(after_scroll) > len(after_play),
                "before_play": before_play, "after_play": after_play, "after_scroll": after_scroll,
                "chapters": count, "on_screen": on_screen,
            }

            # A chapter by keyboard: focus its link, Enter.
            target = page.evaluate("document.querySelectorAll('#ch a')[2].dataset.t")
            page.focus("#ch li:nth-child(3) a")
            page.keyboard.press("Enter")
            page.wait_for_function(f"Math.abs(document.getElementById('v').currentTime - {target}) < 1.5", timeout=20_000)
            page.wait_for_timeout(600)
            state = page.evaluate("""({t: document.getElementById('v').currentTime, hash: location.hash,
                current: [...document.querySelectorAll('#ch a')].findIndex((a) => a.getAttribute('aria-current') === 'true')})""")
            checks["click"] = {"ok": state["hash"] == f"#t={target}" and state["current"] == 2, "target": float(target), **state}

            # A search result's link.
            second = page.evaluate("document.querySelectorAll('#ch a')[1].dataset.t")
            page.goto(f"{args.base}/watch/{args.lecture}#t={second}")
            page.reload()
            page.wait_for_function(f"document.getElementById('v').currentTime >= {second}", timeout=30_000)
            at = page.evaluate("document.getElementById('v').currentTime")
            checks["hash"] = {"ok": float(second) <= at < float(second) + 5, "target": float(second), "t": at}
        except Exception as error:  # a check that could not finish fails, with why
            errors.append(f"{type(error).__name__}: {error}")
        browser.close()
    ok = not errors and all(check["ok"] for check in checks.values()) and len(checks) == 3
    print(json.dumps({"ok": ok, "checks": checks, "errors": errors}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
