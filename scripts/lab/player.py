"""The real player: Debian's headless Chromium (through Playwright and scripts/chromium.py) playing a page with a
<video> whose source is an HLS master, natively. A script injected before the page loads samples the video element
every 100 ms; the trace gives time to first frame, stalls after start and what was playing at the end.
"""
import json
import os
import sys
import time

from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from chromium import open_page  # noqa: E402  (scripts/chromium.py: the shared launcher)

# Runs in the page before its own scripts: times are performance.now(), i.e. milliseconds since navigation start.
PROBE = """
(() => {
  const lab = window.__lab = {firstFrame: null, firstTime: null, trace: [], waiting: 0, errors: []};
  const hook = (v) => {
    if (!v || v.__labHooked) return;
    v.__labHooked = true;
    const frame = () => { if (lab.firstFrame === null) lab.firstFrame = performance.now(); };
    if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(frame);
    v.addEventListener('emptied', () => { if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(frame); });
    v.addEventListener('timeupdate', () => {
      if (lab.firstTime === null && v.currentTime > 0) lab.firstTime = performance.now();
    });
    v.addEventListener('waiting', () => { if (lab.firstTime !== null) lab.waiting += 1; });
    v.addEventListener('error', () => lab.errors.push(v.error ? v.error.code + ' ' + v.error.message : 'error'));
    setInterval(() => {
      let ahead = 0;
      for (let i = 0; i < v.buffered.length; i++)
        if (v.buffered.start(i) <= v.currentTime + 0.1 && v.buffered.end(i) > v.currentTime) ahead = v.buffered.end(i) - v.currentTime;
      lab.trace.push([Math.round(performance.now()), v.currentTime, v.readyState, v.paused, v.ended, v.videoHeight, ahead]);
    }, 100);
  };
  const find = () => hook(document.querySelector('video'));
  document.addEventListener('DOMContentLoaded', find);
  new MutationObserver(find).observe(document, {childList: true, subtree: true});
})();
"""


# Where the time before the first frame went (milliseconds since navigation start): the page's own request, then each
# resource fetched before the first frame (by the page or the player), with its bytes on the wire.
START_TIMELINE = """
(() => {
  const ms = t => Math.round(t);
  const nav = performance.getEntriesByType('navigation')[0];
  const first = window.__lab.firstFrame ?? window.__lab.firstTime ?? performance.now();
  const rows = [];
  if (nav) rows.push({name: 'page', start: 0, connected: ms(nav.connectEnd), response: ms(nav.responseStart),
                      end: ms(nav.responseEnd), interactive: ms(nav.domInteractive), bytes: nav.transferSize});
  for (const e of performance.getEntriesByType('resource'))
    if (e.startTime <= first) rows.push({name: e.name.replace(location.origin, ''), by: e.initiatorType,
      start: ms(e.startTime), connected: ms(e.connectEnd), response: ms(e.responseStart), end: ms(e.responseEnd),
      bytes: e.transferSize});
  rows.push({name: 'first frame', start: ms(first)});
  return rows;
})()
"""


def analyse(lab, watch_s):
    """Time to first frame, stalls after start (runs of >= 0.3 s in which currentTime did not pass the furthest point
    reached so far while neither paused nor ended: a page reloading its source at the same position counts as one
    stall), media time played and what was on screen at the end."""
    trace = lab["trace"]
    first = lab["firstFrame"] if lab["firstFrame"] is not None else lab["firstTime"]
    stalls, stalled_ms = 0, 0.0
    last_time, stuck_since, furthest = None, None, 0.0
    end_ms = watch_s * 1000
    for at, current, ready, paused, ended, height, ahead in trace:
        if first is None or at < first or at > end_ms:
            continue
        if last_time is not None and current <= furthest + 1e-3 and not paused and not ended:
            stuck_since = stuck_since if stuck_since is not None else previous_at
        else:
            if stuck_since is not None and previous_at - stuck_since >= 300:
                stalls += 1
                stalled_ms += at - stuck_since
            stuck_since = None
        last_time, previous_at = current, at
        furthest = max(furthest, current)
    stalled_at_end = False
    if stuck_since is not None and trace and trace[-1][0] - stuck_since >= 300:
        stalls += 1
        stalled_ms += min(trace[-1][0], end_ms) - stuck_since
        stalled_at_end = True
    final = trace[-1] if trace else [0, 0, 0, True, False, 0, 0]
    return {
        "ttff_s": round(first / 1000, 2) if first is not None else None,
        "first_frame_s": round(lab["firstFrame"] / 1000, 2) if lab["firstFrame"] is not None else None,
        "stalls": stalls,
        "stalled_s": round(stalled_ms / 1000, 1),
        "stalled_at_end": stalled_at_end,
        "played_s": round(final[1], 1),
        "final_height": final[5],
        "buffer_at_end_s": round(final[6], 1),
        "waiting_events": lab["waiting"],
        "media_errors": lab["errors"],
    }


def play(url, watch_s, browser="chromium"):
    """Opens `url` in a fresh headless browser (empty cache), watches for `watch_s` seconds from navigation start.
    `browser`: "chromium" (Playwright) or "firefox" (Firefox ESR through Marionette)."""
    if browser == "firefox":
        return play_firefox(url, watch_s)
    errors = []
    with sync_playwright() as playwright:
        browser, page = open_page(playwright, errors)
        page.add_init_script(PROBE)
        started = time.monotonic()
        page.goto(url, wait_until="commit", timeout=120_000)
        remaining = watch_s - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        lab = page.evaluate("window.__lab")
        start = page.evaluate(START_TIMELINE)
        browser.close()
    result = analyse(lab, watch_s)
    result["console_errors"] = errors[:5]
    result["start_timeline"] = start
    return result


def play_firefox(url, watch_s):
    """The same in Firefox ESR through Marionette, which has no init scripts: navigation returns at once (page load
    strategy "none") and the probe goes in as soon as the new document exists, long before the player script (at the
    end of the page, a round trip later) makes the video play; times are still from navigation start."""
    from firefox import Firefox

    browser = Firefox(page_load_strategy="none")
    try:
        started = time.monotonic()
        browser.goto(url)
        while time.monotonic() - started < 30:
            if browser.js(f"document.URL === {json.dumps(url)} && !!document.documentElement"):
                break
            time.sleep(0.01)
        browser.js(PROBE.strip().rstrip(";"))
        remaining = watch_s - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        lab = browser.js("window.__lab")
        start = browser.js(START_TIMELINE.strip())
    finally:
        browser.close()
    result = analyse(lab, watch_s)
    result["console_errors"] = []
    result["start_timeline"] = start
    return result
