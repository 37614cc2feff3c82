#!/usr/bin/env python3
"""Test client for Lectern's tus 1.0 upload endpoint (/api/uploads), used by the Swift test suite and by
scripts/bench-upload.sh. It uploads FILE with tuspy (the tus reference client for Python), and can first break the
upload on purpose to check the server's resumption and checksum handling.

Usage:
    scripts/tus-upload.py --server http://127.0.0.1:8080 --token lt_... FILE
        [--meta key=value ...]          Upload-Metadata (filename, title, series, language, kind, subtitles, audio)
        [--chunk-size BYTES]            bytes per PATCH (default 1 MiB)
        [--checksum sha256|sha1|none]   Upload-Checksum on every PATCH (default sha256)
        [--cut-after BYTES]             first send ONE raw PATCH declaring a whole chunk but only BYTES of it, then
                                        drop the connection; HEAD the offset (once it settles), then resume with tuspy
        [--bad-checksum]                send the first chunk with a wrong Upload-Checksum, record status and offset,
                                        and stop there (the upload is left unfinished)
        [--resume-url URL]              continue this upload instead of creating one
        [--wait [--wait-timeout S]]     poll GET /api/jobs/<job> every 0.5 s until published, failed or cancelled
        [--settle S]                    after a cut, HEAD until the offset has not changed for S seconds (default 0.5;
                                        0: take the first HEAD's answer)

Needs Python 3.11 and tuspy (pip install tuspy). The token is an uploader token (lectern token create --role uploader
--library LIB).

Output: exactly one JSON object on stdout:
    {"url", "job", "offset_after_cut", "bad_checksum_status", "offset_after_bad_checksum", "bytes_sent", "size",
     "seconds"}
    plus "job_state", "job_error", "lecture" (and "job_timeout" when it ran out of time) with --wait.
`seconds` is the upload's own time, from before the creation request to the final HEAD (without Python's start and
imports, about 0.3-0.5 s). `job` is the Lectern-Job header of a final HEAD (null while the upload is unfinished or not a recording); `bytes_sent`
counts the request bodies this client sent (raw PATCH bytes and tuspy's chunks). On an HTTP error it prints
{"error": "...", "status": CODE} and exits 2; when no HTTP answer came (connection refused, reset, timeout) it prints
{"error": "...", "status": null} and exits 3. Usage errors exit 64. Logs go to stderr.
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import socket
import sys
import time
import urllib.parse

import tusclient.uploader.uploader as tus_uploader_module
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError
from tusclient.request import TusRequest
from tusclient.uploader import Uploader

ALGORITHMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}
FINAL_STATES = {"published", "failed", "cancelled"}


def log(message):
    print(f"tus-upload: {message}", file=sys.stderr, flush=True)


class HTTPError(Exception):
    """The server answered with an unexpected status."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class Counter:
    """Request body bytes sent, raw and through tuspy."""

    bytes_sent = 0


class CountingTusRequest(TusRequest):
    """tuspy's PATCH request, counting the chunk it sends (also when the request fails: the bytes left anyway)."""

    def perform(self):
        try:
            return super().perform()
        finally:
            Counter.bytes_sent += self._content_length


# tuspy's uploader makes its PATCH requests through this module-level name.
tus_uploader_module.TusRequest = CountingTusRequest


class Server:
    """The few raw requests made beside tuspy (HEAD, GET of a job, the broken PATCHes)."""

    def __init__(self, base, token, timeout=60):
        self.base = base.rstrip("/")
        self.uploads = self.base + "/api/uploads"
        self.token = token
        self.timeout = timeout

    def headers(self, extra=None):
        headers = {"Tus-Resumable": "1.0.0", "Authorization": "Bearer " + self.token}
        headers.update(extra or {})
        return headers

    def connection(self, url):
        parts = urllib.parse.urlsplit(url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        path = parts.path + ("?" + parts.query if parts.query else "")
        return cls(parts.hostname, parts.port, timeout=self.timeout), path

    def request(self, method, url, extra_headers=None, body=None):
        """(status, lower-case headers, body) of one request on a fresh connection."""
        conn, path = self.connection(url)
        try:
            conn.request(method, path, body=body, headers=self.headers(extra_headers))
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def head(self, url):
        """The upload's offset and headers (HTTPError unless 200)."""
        status, headers, body = self.request("HEAD", url)
        if status != 200 or "upload-offset" not in headers:
            raise HTTPError(f"HEAD {url}: {status} {body.decode(errors='replace')[:500]}".strip(), status)
        return int(headers["upload-offset"]), headers

    def settled_offset(self, url, settle, limit=15.0):
        """HEAD until the offset has stayed the same for `settle` seconds (the server may still be finishing the
        broken PATCH); the first answer when settle is 0."""
        offset, _ = self.head(url)
        seen = [offset]
        if settle <= 0:
            return offset
        start = time.monotonic()
        stable_since = start
        while time.monotonic() - stable_since < settle and time.monotonic() - start < limit:
            time.sleep(0.05)
            now, _ = self.head(url)
            if now != offset:
                offset, stable_since = now, time.monotonic()
                seen.append(now)
        log(f"offsets seen after the cut: {seen}")
        return offset

    def job(self, job_id):
        status, _, body = self.request("GET", f"{self.base}/api/jobs/{urllib.parse.quote(job_id)}")
        if status != 200:
            raise HTTPError(f"GET /api/jobs/{job_id}: {status} {body.decode(errors='replace')[:500]}".strip(), status)
        return json.loads(body)


def checksum_header(algorithm, data):
    return f"{algorithm} {base64.b64encode(ALGORITHMS[algorithm](data).digest()).decode('ascii')}"


def read_range(path, offset, length):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(length)


def cut_patch(server, url, offset, chunk, sent, algorithm):
    """One PATCH declaring `len(chunk)` bytes that sends only `sent` of them, then the connection dies."""
    conn, path = server.connection(url)
    headers = server.headers({
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(len(chunk)),
    })
    if algorithm != "none":
        headers["Upload-Checksum"] = checksum_header(algorithm, chunk)
    conn.putrequest("PATCH", path, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    conn.send(chunk[:sent])
    Counter.bytes_sent += sent
    sock = conn.sock
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
    conn.sock = None
    log(f"PATCH at {offset}: declared {len(chunk)} bytes, sent {sent}, connection closed")


def bad_checksum_patch(server, url, offset, chunk, algorithm):
    """The chunk with the checksum of other bytes; the status code."""
    other = bytes(b ^ 0xFF for b in chunk[:64]) + chunk[64:] if chunk else b"not these bytes"
    status, headers, body = server.request("PATCH", url, {
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Upload-Checksum": checksum_header(algorithm, other),
    }, chunk)
    Counter.bytes_sent += len(chunk)
    log(f"PATCH with a wrong {algorithm} checksum: {status} {body.decode(errors='replace')[:200]}")
    return status


def make_uploader(client, args, metadata, url=None):
    """tuspy's uploader for FILE (resuming `url` when given: tuspy HEADs it for the offset)."""
    algorithm = args.checksum if args.checksum != "none" else "sha256"
    # tuspy reads the pair in its constructor; it defaults to sha1.
    Uploader.CHECKSUM_ALGORITHM_PAIR = (algorithm, ALGORITHMS[algorithm])
    kwargs = dict(file_path=args.file, chunk_size=args.chunk_size, metadata=metadata,
                  upload_checksum=args.checksum != "none", retries=0)
    if url is not None:
        kwargs["url"] = url
    return client.uploader(**kwargs)


def wait_for_job(server, job_id, timeout):
    deadline = time.monotonic() + timeout
    state = None
    while True:
        view = server.job(job_id)
        if view.get("state") != state:
            state = view.get("state")
            log(f"job {job_id}: {state} (attempt {view.get('attempt')}, progress {view.get('progress')})")
        if state in FINAL_STATES:
            return view, False
        if time.monotonic() >= deadline:
            return view, True
        time.sleep(0.5)


class ArgumentParser(argparse.ArgumentParser):
    """Usage errors exit 64 (EX_USAGE), so that 2 always means an HTTP error."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(64)


def parse_args(argv):
    parser = ArgumentParser(description="tus 1.0 test client for lectern serve (/api/uploads).")
    parser.add_argument("--server", required=True, help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="an uploader token")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--chunk-size", type=int, default=1 << 20)
    parser.add_argument("--checksum", choices=["sha256", "sha1", "none"], default="sha256")
    parser.add_argument("--cut-after", type=int, metavar="BYTES")
    parser.add_argument("--resume-url", metavar="URL")
    parser.add_argument("--bad-checksum", action="store_true")
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--wait-timeout", type=float, default=300.0)
    parser.add_argument("--settle", type=float, default=0.5)
    args = parser.parse_args(argv)
    if args.chunk_size <= 0:
        parser.error("--chunk-size must be positive")
    if args.cut_after is not None and args.cut_after < 0:
        parser.error("--cut-after must not be negative")
    if args.cut_after is not None and args.bad_checksum:
        parser.error("--cut-after and --bad-checksum do not go together")
    if not os.path.isfile(args.file):
        parser.error(f"{args.file}: no such file")
    metadata = {}
    for item in args.meta:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(f"--meta {item!r}: expected key=value")
        metadata[key] = value
    return args, metadata


def run(args, metadata):
    opened = time.monotonic()  # after Python's start and imports: the upload's own time starts here
    server = Server(args.server, args.token)
    client = TusClient(server.uploads, headers={"Authorization": "Bearer " + args.token})
    size = os.path.getsize(args.file)
    result = {"url": None, "job": None, "offset_after_cut": None, "bad_checksum_status": None,
              "offset_after_bad_checksum": None, "bytes_sent": 0, "size": size}

    if args.resume_url:
        url = urllib.parse.urljoin(server.uploads, args.resume_url)
    else:
        url = make_uploader(client, args, metadata).create_url()
        log(f"created {url} ({size} bytes)")
    result["url"] = url

    if args.cut_after is not None or args.bad_checksum:
        offset = server.head(url)[0] if args.resume_url else 0
        chunk = read_range(args.file, offset, min(args.chunk_size, size - offset))
        if args.bad_checksum:
            algorithm = args.checksum if args.checksum != "none" else "sha256"
            result["bad_checksum_status"] = bad_checksum_patch(server, url, offset, chunk, algorithm)
            result["offset_after_bad_checksum"] = server.head(url)[0]
        elif not chunk:
            log("the upload is already complete: nothing to cut")
            result["offset_after_cut"] = offset
        else:
            sent = min(args.cut_after, len(chunk))
            if sent < args.cut_after:
                log(f"--cut-after {args.cut_after} is more than the chunk ({len(chunk)} bytes): sending all of it")
            cut_patch(server, url, offset, chunk, sent, args.checksum)
            result["offset_after_cut"] = server.settled_offset(url, args.settle)
            log(f"server offset after the cut: {result['offset_after_cut']}")

    if not args.bad_checksum:
        uploader = make_uploader(client, args, metadata, url=url)
        log(f"tuspy resumes at {uploader.offset}" if uploader.offset else "tuspy uploads from 0")
        first, started = uploader.offset, time.monotonic()
        uploader.upload()
        elapsed = time.monotonic() - started
        log(f"tuspy sent bytes {first}-{size} in {elapsed:.2f} s")

    offset, headers = server.head(url)
    result["seconds"] = round(time.monotonic() - opened, 3)
    result["job"] = headers.get("lectern-job")
    result["bytes_sent"] = Counter.bytes_sent
    if not args.bad_checksum and offset != size:
        log(f"warning: the server reports offset {offset} of {size} after the upload")

    if args.wait:
        result.update({"job_state": None, "job_error": None, "lecture": None})
        if result["job"]:
            view, timed_out = wait_for_job(server, result["job"], args.wait_timeout)
            result.update({"job_state": view.get("state"), "job_error": view.get("error"), "lecture": view.get("lecture")})
            if timed_out:
                result["job_timeout"] = True
    return result


def main(argv):
    args, metadata = parse_args(argv)
    try:
        result = run(args, metadata)
    except HTTPError as error:
        print(json.dumps({"error": str(error), "status": error.status}))
        return 2
    except TusCommunicationError as error:
        body = error.response_content
        if isinstance(body, bytes):
            body = body.decode(errors="replace")
        message = " ".join(part for part in (str(error), (body or "").strip()[:500]) if part)
        print(json.dumps({"error": message, "status": error.status_code}))
        return 2 if error.status_code is not None else 3
    except (OSError, http.client.HTTPException) as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "status": None}))
        return 3
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
