#!/usr/bin/env python3
"""Uploads a recording from /upload in headless Debian Chromium (Playwright) through the weak-link lab's link emulator,
drops the link mid-upload, and checks that the page resumes and follows the job until the lecture is published.

Usage: scripts/upload-check.py BASE_URL TOKEN FILE [--profile uplink] [--cut-at 0.4] [--cut-seconds 4]
Prints one JSON object: {"published", "watch", "size", "bytes_up", "cut_at_offset", "status_log"}; exits 1 when the
lecture was not published.
"""
import argparse
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab"))
from linkemu import PROFILES, ProxyThread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from chromium import open_page  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("file")
    parser.add_argument("--profile", default="uplink", choices=sorted(PROFILES))
    parser.add_argument("--cut-at", type=float, default=0.4, help="share of the file uploaded when the link drops")
    parser.add_argument("--cut-seconds", type=float, default=4)
    parser.add_argument("--timeout", type=float, default=240)
    args = parser.parse_args()
    target = urllib.parse.urlparse(args.base)
    proxy = ProxyThread(PROFILES[args.profile], target.hostname, target.port)
    port = proxy.start()
    size = os.path.getsize(args.file)
    statuses, errors = [], []
    result = {"published": False, "size": size}
    try:
        with sync_playwright() as playwright:
            browser, page = open_page(playwright, errors)
            page.goto(f"http://127.0.0.1:{port}/upload")
            page.fill("#token", args.token)
            page.fill("#title", "Uploaded from the page")
            page.set_input_files("#file", args.file)
            page.click("#go")
            deadline = time.monotonic() + args.timeout
            cut_done = False
            while time.monotonic() < deadline:
                status = page.inner_text("#status")
                if not statuses or statuses[-1] != status:
                    statuses.append(status)
                value = page.evaluate("Number(document.getElementById('bar').value)")
                if not cut_done and page.evaluate("!document.getElementById('bar').hidden") and value >= args.cut_at and "Recording" in status:
                    result["cut_at_offset"] = round(value * size)
                    proxy.cut(args.cut_seconds)
                    cut_done = True
                if page.query_selector("#watch"):
                    result["published"] = True
                    result["watch"] = page.get_attribute("#watch", "href")
                    break
                if status.startswith("Refused") or status.startswith("Job failed"):
                    break
                time.sleep(0.2)
            result["job"] = page.evaluate("document.body.dataset.job || null")
            browser.close()
    finally:
        result["bytes_up"] = proxy.counters.up
        result["resumed"] = any("connection lost" in s for s in statuses)
        result["status_log"] = statuses[-12:]
        result["console_errors"] = errors
        proxy.stop()
    print(json.dumps(result))
    sys.exit(0 if result["published"] else 1)


if __name__ == "__main__":
    main()
