#!/usr/bin/env python3
"""Diagnostic (not a test, not a benchmark): where the time of a chunked tus upload goes, chunk by chunk, the way
tuspy sends (each chunk read whole, then one PATCH on a new connection) or on one kept-alive connection.

Usage:
    scripts/upload-phases.py --server http://127.0.0.1:8080 --token lt_... FILE [--chunk-mb 16] [--keep-alive]
        [--rounds N]

For each round it creates an upload of FILE at `lectern serve` (an uploader token), sends it in chunks with
Python's http.client, and prints one line: the rate, and per phase the sum and median over the chunks:
    read      reading the chunk from the file into memory
    connect   opening the TCP connection (0 with --keep-alive after the first)
    send      handing the body to the kernel (sendall returns once the rest fits in the socket buffers)
    answer    from then until the server's answer has been read: the bytes still in flight, the server writing
              the last of them, and its answer
Then it cancels the upload's job and deletes the upload. Needs Python 3.11; loopback or any origin you may write to.
On an unexpected answer or a lost connection it prints one line and exits 1; 64 on a usage error.
"""

import argparse
import base64
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse

PHASES = ("read", "connect", "send", "answer")


def request(base, method, path, headers, body=None):
    """(status, headers) of one request on its own connection."""
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def one_round(base, headers, path, chunk, keep_alive):
    size = os.path.getsize(path)
    metadata = f"title {base64.b64encode(b'upload-phases').decode()},filename {base64.b64encode(b'upload.bin').decode()}"
    status, answer = request(base, "POST", "/api/uploads", {**headers, "Upload-Length": str(size), "Upload-Metadata": metadata})
    if status != 201:
        raise SystemExit(f"upload-phases: creating the upload got {status}")
    location = urllib.parse.urlsplit(answer["location"]).path
    times = {phase: [] for phase in PHASES}
    connection = None
    offset = 0
    started = time.monotonic()
    with open(path, "rb") as f:
        while offset < size:
            t0 = time.monotonic()
            data = f.read(min(chunk, size - offset))
            t1 = time.monotonic()
            if connection is None or not keep_alive:
                connection = http.client.HTTPConnection(base.hostname, base.port, timeout=600)
                connection.connect()
            t2 = time.monotonic()
            connection.putrequest("PATCH", location, skip_accept_encoding=True)
            for name, value in {**headers, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
                                "Content-Length": str(len(data))}.items():
                connection.putheader(name, value)
            connection.endheaders()
            connection.send(data)
            t3 = time.monotonic()
            response = connection.getresponse()
            response.read()
            t4 = time.monotonic()
            if not keep_alive:
                connection.close()
            if response.status != 204:
                raise SystemExit(f"upload-phases: PATCH at {offset} got {response.status}")
            offset = int(response.getheader("Upload-Offset"))
            for phase, seconds in zip(PHASES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                times[phase].append(seconds)
    elapsed = time.monotonic() - started
    if connection is not None:
        connection.close()
    _, answer = request(base, "HEAD", location, headers)
    if job := answer.get("lectern-job"):
        request(base, "POST", f"/api/jobs/{job}/cancel", headers)
    request(base, "DELETE", location, headers)
    return size, elapsed, times


def main(argv):
    parser = argparse.ArgumentParser(description="Where the time of a chunked tus upload to lectern serve goes.")
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--chunk-mb", type=int, default=16)
    parser.add_argument("--keep-alive", action="store_true", help="every chunk on one connection (tuspy opens one per chunk)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    if args.chunk_mb <= 0 or args.rounds <= 0 or not os.path.isfile(args.file):
        parser.print_usage(sys.stderr)
        print("upload-phases: --chunk-mb and --rounds must be positive and FILE a file", file=sys.stderr)
        return 64
    base = urllib.parse.urlsplit(args.server)
    headers = {"Tus-Resumable": "1.0.0", "Authorization": "Bearer " + args.token}
    for _ in range(args.rounds):
        try:
            size, elapsed, times = one_round(base, headers, args.file, args.chunk_mb << 20, args.keep_alive)
        except (OSError, http.client.HTTPException) as error:
            print(f"upload-phases: {args.server}: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        summary = {"chunk_mb": args.chunk_mb, "keep_alive": args.keep_alive, "chunks": len(times["read"]),
                   "mb_per_s": round(size / elapsed / 1e6)}
        for phase in PHASES:
            summary[f"{phase}_s"] = round(sum(times[phase]), 3)
            summary[f"{phase}_median_ms"] = round(statistics.median(times[phase]) * 1000, 1)
        print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
