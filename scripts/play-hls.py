#!/usr/bin/env python3
"""Plays an HLS multivariant playlist in headless Chromium (Debian's, through Playwright; native HLS, no hls.js).

Usage: scripts/play-hls.py MASTER_URL [SECONDS]
Prints one JSON line: {"currentTime", "videoWidth", "videoHeight", "textTracks", "audioTracks", "errors"} (text tracks
with kind, language, label and the cues loaded so far, every track set to "hidden" so the player loads them; audio
tracks where the browser exposes them, else null); exits 0 when playback passed SECONDS
(default 2) with no media or console errors. Uses /usr/bin/chromium (or $CHROMIUM); never downloads a browser.
"""
import json
import sys
import time

from playwright.sync_api import sync_playwright

from chromium import open_page


def main():
    url = sys.argv[1]
    beyond = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    errors = []
    with sync_playwright() as playwright:
        browser, page = open_page(playwright, errors)
        page.set_content(f'<video id="v" src="{url}" muted autoplay playsinline></video>')
        state = {}
        deadline = time.time() + 60
        while time.time() < deadline:
            state = page.evaluate(
                "() => { const v = document.getElementById('v');"
                " for (const t of v.textTracks) { if (t.mode === 'disabled') t.mode = 'hidden'; }"
                " const text = Array.from(v.textTracks).map(t => ({kind: t.kind, language: t.language, label: t.label,"
                "   cues: t.cues ? Array.from(t.cues).map(c => ({start: c.startTime, end: c.endTime, text: c.text})) : []}));"
                " const audio = v.audioTracks ? Array.from(v.audioTracks).map(t => ({language: t.language, label: t.label,"
                "   enabled: t.enabled})) : null;"
                " return {currentTime: v.currentTime, videoWidth: v.videoWidth, videoHeight: v.videoHeight,"
                " textTracks: text, audioTracks: audio,"
                " mediaError: v.error ? v.error.code + ' ' + v.error.message : null}; }"
            )
            if state["mediaError"] or state["currentTime"] > beyond:
                break
            time.sleep(0.25)
        browser.close()
    if state.get("mediaError"):
        errors.append("media error " + state["mediaError"])
    state["errors"] = errors
    print(json.dumps(state))
    return 0 if state.get("currentTime", 0) > beyond and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
