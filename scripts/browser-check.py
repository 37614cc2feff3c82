#!/usr/bin/env python3
"""Loads /watch/<id> in headless Debian Chromium through Playwright and checks that the lecture plays.

Usage: scripts/browser-check.py URL   (e.g. http://127.0.0.1:8080/watch/<id>)
Passes when the video reaches currentTime > 2 s, then again after switching to audio only, with no console errors.
When the page offers languages, also: the first subtitle track shows its cues, and another audio language reloads the
source with audio=<lang> and plays on.
Uses the system browser (/usr/bin/chromium, or $CHROMIUM); never downloads one.
"""
import sys

from playwright.sync_api import sync_playwright

from chromium import open_page


def wait_playing(page, beyond, timeout_ms):
    page.wait_for_function(f"document.getElementById('v').currentTime > {beyond}", timeout=timeout_ms)


def main():
    url = sys.argv[1]
    errors = []
    with sync_playwright() as playwright:
        browser, page = open_page(playwright, errors)
        page.goto(url)
        wait_playing(page, 2, 60_000)
        playing = page.inner_text("#r")
        time = page.evaluate("document.getElementById('v').currentTime")
        print(f"video: currentTime {time:.1f} s, rendition {playing}")
        page.check("#a")
        wait_playing(page, time + 2, 60_000)
        src = page.evaluate("document.getElementById('v').src")
        after = page.evaluate("document.getElementById('v').currentTime")
        print(f"audio only: currentTime {after:.1f} s, shows {page.inner_text('#r')}, src {src}")
        if page.query_selector("#sl"):
            page.select_option("#sl", "0")
            page.wait_for_function("(t => t && t.mode === 'showing' && t.cues && t.cues.length > 0)(document.getElementById('v').textTracks[0])", timeout=30_000)
            track = page.evaluate("(t => ({language: t.language, cues: t.cues.length, first: t.cues[0].text}))(document.getElementById('v').textTracks[0])")
            print(f"subtitles: {track['language']}, {track['cues']} cues, first: {track['first']}")
        if page.query_selector("#al"):
            language = page.evaluate("document.getElementById('al').options[1].value")
            time = page.evaluate("document.getElementById('v').currentTime")
            page.select_option("#al", language)
            wait_playing(page, time + 1, 60_000)
            spoken = page.evaluate("document.getElementById('v').src")
            print(f"audio language {language}: src {spoken}")
            if f"audio={language}" not in spoken:
                errors.append(f"choosing audio {language} did not reload the source with audio={language}")
        browser.close()
    if "max_kbps=40" not in src:
        errors.append("the audio-only switch did not reload the source with max_kbps=40")
    if errors:
        print("FAIL:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1
    print("OK: the lecture plays in Chromium, audio-only switch included, no console errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
