#!/usr/bin/env python3
"""/watch/<id> on a 360 x 640 phone screen in headless Chromium (Playwright), driven by the keyboard alone.

Usage: scripts/phone-check.py BASE_URL LECTURE_ID --screenshot FILE.png

Checks:
  fits       nothing is wider than the screen (no sideways scrolling) and the video spans it;
  keyboard   Tab reaches every control in order: the video's controls, "Audio only", the audio and subtitle menus,
             the rendition to save and "Save for offline"; each shows a focus ring and is at least 24 px tall
             (WCAG 2.2 target size);
  captions   the subtitle menu, set with the arrow keys, shows the first language's captions, and a cue is on
             screen when the screenshot is taken;
  audio      Space on "Audio only" switches the player to audio only.
Prints one JSON object {"ok", "checks", "errors"}; exits 1 when a check failed.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

CONTROLS = ["v", "a", "al", "sl", "save-what", "save-offline"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("lecture")
    parser.add_argument("--screenshot", required=True)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from chromium import open_page

    checks, errors = {}, []
    with sync_playwright() as playwright:
        browser, page = open_page(playwright, errors, console=False, viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True)
        try:
            page.goto(f"{args.base}/watch/{args.lecture}")
            page.wait_for_function("document.getElementById('v').currentTime > 1", timeout=60_000)
            page.wait_for_selector("#save-offline", state="visible", timeout=30_000)
            layout = page.evaluate("""({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                video: document.getElementById('v').getBoundingClientRect().width})""")
            checks["fits"] = {"ok": layout["scroll"] <= 360 and layout["video"] >= 300, **layout}

            reached, rings, small = [], [], []
            page.evaluate("document.activeElement && document.activeElement.blur()")
            for _ in range(30):
                page.keyboard.press("Tab")
                focused = page.evaluate("""(() => { const e = document.activeElement; if (!e || !e.id) return null;
                    const s = getComputedStyle(e), r = e.getBoundingClientRect();
                    return {id: e.id, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, height: r.height}; })()""")
                if focused and focused["id"] in CONTROLS and focused["id"] not in reached:
                    reached.append(focused["id"])
                    if not focused["ring"]:
                        rings.append(focused["id"])
                    if focused["height"] < 24:
                        small.append(f"{focused['id']} ({focused['height']:.0f} px)")
                if len(reached) == len(CONTROLS):
                    break
            missing = [c for c in CONTROLS if c not in reached]
            checks["keyboard"] = {"ok": not missing and not rings and not small, "order": reached, "missing": missing,
                                  "no_focus_ring": rings, "too_small": small}

            page.focus("#sl")
            page.keyboard.press("ArrowDown")
            page.wait_for_function("(t => t && t.mode === 'showing' && t.activeCues && t.activeCues.length > 0)"
                                   "(document.getElementById('v').textTracks[0])", timeout=30_000)
            cue = page.evaluate("document.getElementById('v').textTracks[0].activeCues[0].text")
            page.screenshot(path=args.screenshot)
            checks["captions"] = {"ok": bool(cue), "cue": cue, "screenshot": args.screenshot}

            page.focus("#a")
            page.keyboard.press("Space")
            page.wait_for_function("document.getElementById('a').checked && /audio only/.test(document.getElementById('r').textContent)",
                                   timeout=30_000)
            checks["audio"] = {"ok": True, "shown": page.inner_text("#r")}
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            browser.close()
    ok = not errors and len(checks) == 4 and all(c["ok"] for c in checks.values())
    print(json.dumps({"ok": ok, "checks": checks, "errors": errors}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
