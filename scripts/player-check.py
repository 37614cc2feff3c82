#!/usr/bin/env python3
"""Plays /watch/<id> in a real browser through the weak-link lab's link emulator and checks what a learner does.

Usage: scripts/player-check.py BASE_URL LECTURE_ID [--browser chromium|firefox] [--player mse|native]

Browsers: Debian's Chromium through Playwright, or Debian's Firefox ESR through Marionette (scripts/firefox.py).
Steps, in order (the lecture should last 2 minutes or more):
  start      playback passes 2 s (reports how many start files the page carried: StartPlan.inline);
  adapt      the link drops from campus LAN to 2G: playback goes on and the player moves to a lower level (mse: a lower
             video rendition, the slides rung or audio only), then climbs back when the LAN returns;
  audio      "Audio only" checked: playback goes on with no picture; unchecked: the picture comes back;
  language   (when the lecture has several) another audio language: playback goes on in it (mse: the audio
             SourceBuffer takes that language's rendition and the video element keeps its source: no reload);
  subtitles  (when the lecture has them) the first track shows its cues;
  seek       to 80 % of the lecture: playback goes on from there;
  end        (mse) audio only chosen in the last second, then the picture again: both end the lecture, no error;
  revisit    the first visit's page carried the player and fetched its file while playing: the page is loaded again,
             plays, loads the player's file and takes it from the browser's cache (no request for it reaches the link).
Prints one JSON object {"ok", "browser", "player", "steps": {...}, "errors": [...]}; exits 1 when a step failed.
"""
import argparse
import json
import os
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lab"))
sys.path.insert(0, HERE)
from linkemu import PROFILES, ProxyThread  # noqa: E402

STATE = """({t: v.currentTime, d: v.duration, paused: v.paused, ready: v.readyState, h: v.videoHeight,
  ended: v.ended, src: v.src, level: document.body.dataset.level || "", shown: document.getElementById('r').textContent,
  audio: window.Lectern && Lectern.player && Lectern.player.tracks.audio ? (Lectern.player.tracks.audio.rendition || "") : "",
  error: v.error ? v.error.code + " " + v.error.message : null})""".replace("v.", "document.getElementById('v').")


class Chromium:
    def __init__(self):
        from playwright.sync_api import sync_playwright

        from chromium import open_page

        self.errors = []
        self.playwright = sync_playwright().start()
        self.browser, self.page = open_page(self.playwright, self.errors)

    def goto(self, url):
        self.page.goto(url)

    def js(self, expression):
        return self.page.evaluate(expression)

    def close(self):
        self.browser.close()
        self.playwright.stop()


class Firefox:
    def __init__(self):
        from firefox import Firefox as Driver

        self.errors = []
        self.driver = Driver()

    def goto(self, url):
        self.driver.goto(url)

    def js(self, expression):
        return self.driver.js(expression)

    def close(self):
        self.driver.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("lecture")
    parser.add_argument("--browser", default="chromium", choices=["chromium", "firefox"])
    parser.add_argument("--player", default="mse", choices=["mse", "native"])
    args = parser.parse_args()
    target = urllib.parse.urlparse(args.base)
    proxy = ProxyThread(PROFILES["campus-lan"], target.hostname, target.port)
    port = proxy.start()
    browser = Chromium() if args.browser == "chromium" else Firefox()
    steps, errors = {}, browser.errors
    state = lambda: browser.js(STATE)  # noqa: E731

    def wait(what, test, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            s = state()
            if s["error"]:
                raise AssertionError(f"{what}: media error {s['error']}")
            if test(s):
                return s
            time.sleep(0.25)
        raise AssertionError(f"{what}: not within {seconds} s (last state {state()})")

    def plays_on(what, seconds=30, more=1.5, extra=lambda s: True):
        t = state()["t"]
        return wait(what, lambda s: s["t"] > t + more and not s["paused"] and extra(s), seconds)

    def step(name, run):
        try:
            steps[name] = run()
        except Exception as error:  # one failed step is reported, the next ones still run
            steps[name] = {"ok": False, "error": str(error)}
            errors.append(f"{name}: {error}")

    try:
        url = f"http://127.0.0.1:{port}/watch/{args.lecture}?player={args.player}"
        browser.goto(url)
        deadline = time.monotonic() + 30
        while not browser.js("document.body && document.body.dataset.player || null") and time.monotonic() < deadline:
            time.sleep(0.1)  # the page picks its path once it knows whether the lecture is saved here
        player = browser.js("document.body.dataset.player")
        if player != args.player:
            raise AssertionError(f"the page chose the {player} path, not {args.player}")

        def start():
            s = wait("playback starts", lambda s: s["t"] > 2, 60)
            # The page's `start` is a script's const, out of Marionette's reach: read the plan from the script's text.
            carried = browser.js("""(() => {
              const text = [...document.scripts].map((s) => s.textContent).find((t) => t.includes("const start = {")) || "";
              const found = /"inline":(\\{[^}]*\\})/.exec(text);
              return found ? Object.keys(JSON.parse(found[1])).length : 0; })()""")
            return {"ok": True, "shown": s["shown"], "level": s["level"], "height": s["h"], "start_files_in_page": carried}

        step("start", start)

        def rank(s):
            """How high a state's level is: audio only 0, slides 1, else its height (the native path: the picture's)."""
            level = s["level"]
            if args.player != "mse" or not level:
                return s["h"]
            if level.startswith("audio"):
                return 0
            return int(level[:-1]) if level.endswith("p") and level[:-1].isdigit() else 1

        def adapt():
            before = wait("playing a video level on the LAN", lambda s: s["h"] > 0, 30)
            requests_before = len(proxy.counters.requests)
            proxy.use(PROFILES["2g"])
            # Lower than on the LAN (the player may still have been climbing when the link dropped).
            top = max(rank(before), rank(state()))
            lower = wait("a lower level on 2G", lambda s: rank(s) < top if args.player == "mse" else s["src"] != before["src"], 90)
            dropped = plays_on("playback on 2G", 60, 1)
            floor = min(rank(lower), rank(dropped), rank(state()))
            proxy.use(PROFILES["campus-lan"])
            back = wait("climbing back on the LAN", lambda s: s["h"] > 0 and rank(s) > max(floor, 1), 90)
            plays_on("playback back on the LAN", 30, 1)
            folders = []
            for _, _, path in proxy.counters.requests[requests_before:]:
                bare = path.split("?")[0]
                if bare.endswith(".m4s") and not bare.split("/")[-2].startswith("audio"):
                    name = bare.split("/")[-2]
                    if not folders or folders[-1] != name:
                        folders.append(name)
            return {"ok": True, "lan": before["level"] or before["shown"], "2g": lower["level"] or lower["shown"],
                    "2g_playing_at": round(dropped["t"], 1), "back": back["level"] or back["shown"], "video_requests": folders}

        step("adapt", adapt)

        def audio_only():
            browser.js("document.getElementById('a').click()")
            s = plays_on("audio only plays", 45, 2, lambda s: s["h"] == 0 or "max_kbps=40" in s["src"])
            browser.js("document.getElementById('a').click()")
            back = plays_on("the picture comes back", 45, 1, lambda s: s["h"] > 0)
            return {"ok": True, "shown": s["shown"], "back": back["shown"]}

        step("audio", audio_only)

        if browser.js("!!document.getElementById('al')"):
            def language():
                lang = browser.js("document.getElementById('al').options[1].value")
                src = state()["src"]
                browser.js(f"(s => {{ s.value = {json.dumps(lang)}; s.dispatchEvent(new Event('change')); }})(document.getElementById('al'))")
                if args.player == "mse":
                    s = plays_on("playing in the other language", 45, 2, lambda s: f"-{lang}/" in s["audio"])
                    if s["src"] != src:
                        raise AssertionError("the language switch reloaded the video element")
                else:
                    s = plays_on("playing in the other language", 45, 2, lambda s: f"audio={lang}" in s["src"])
                return {"ok": True, "language": lang, "audio": s["audio"] or s["src"]}

            step("language", language)

        if browser.js("!!document.getElementById('sl')"):
            def subtitles():
                browser.js("(s => { s.value = '0'; s.dispatchEvent(new Event('change')); })(document.getElementById('sl'))")
                wait("subtitle cues", lambda s: browser.js(
                    "(t => !!t && t.mode === 'showing' && !!t.cues && t.cues.length > 0)(document.getElementById('v').textTracks[0])"), 30)
                return {"ok": True, "cues": browser.js("document.getElementById('v').textTracks[0].cues.length")}

            step("subtitles", subtitles)

        def seek():
            duration = state()["d"]
            to = round(duration * 0.8, 1)
            browser.js(f"document.getElementById('v').currentTime = {to}")
            s = wait("playing after the seek", lambda s: s["t"] > to + 1 and not s["paused"], 45)
            return {"ok": True, "to": to, "at": round(s["t"], 1)}

        step("seek", seek)

        if args.player == "mse":
            def end():
                # Audio only chosen in the lecture's last second, and back: each opens a new MediaSource there, with
                # nothing left to fetch but the last segment; both must end the lecture, not fail the video element.
                duration = state()["d"]
                browser.js(f"document.getElementById('v').currentTime = {duration - 0.5}")
                wait("the seek to the last second", lambda s: s["t"] >= duration - 1 and not s["paused"] or s["ended"], 30)
                browser.js("document.getElementById('a').click()")
                audio = wait("the end, audio only", lambda s: s["ended"] and "audio" in s["shown"], 30)
                browser.js("document.getElementById('a').click()")
                video = wait("the end, with the picture", lambda s: s["ended"] and s["h"] > 0, 30)
                return {"ok": True, "audio_only": audio["shown"], "video": video["shown"], "at": round(video["t"], 1)}

            step("end", end)

        def revisit():
            # The first visit's page carried the player and, 10 s into playback, fetched its file for the next one.
            if "lectern_player=" not in browser.js("document.cookie"):
                raise AssertionError(f"no player cookie after playing: {browser.js('document.cookie')!r}")
            warmed = [p for _, _, p in proxy.counters.requests if p.startswith("/assets/player-")]
            before = len(proxy.counters.requests)
            browser.goto(url)
            wait("playback starts on the next visit", lambda s: s["t"] > 1, 60)
            if not browser.js("!!document.querySelector('script[src^=\"/assets/player-\"]')"):
                raise AssertionError("the next visit's page carried the player again instead of loading its file")
            fetched = [p for _, _, p in proxy.counters.requests[before:] if p.startswith("/assets/player-")]
            if fetched:
                raise AssertionError(f"the next visit fetched the player again: {fetched}")
            return {"ok": True, "fetched_on_first_visit": len(warmed), "fetched_on_next_visit": 0}

        step("revisit", revisit)
    except Exception as error:
        errors.append(str(error))
    finally:
        try:
            browser.close()
        finally:
            proxy.stop()
    ok = not errors and all(s.get("ok") for s in steps.values())
    print(json.dumps({"ok": ok, "browser": args.browser, "player": args.player, "steps": steps, "errors": errors}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
