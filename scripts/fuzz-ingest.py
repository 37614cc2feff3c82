#!/usr/bin/env python3
"""Fuzz benchmark (not a test): feed `lectern ingest` damaged and crafted recordings and check what it does.

Makes small seed recordings with the ffmpeg CLI (MP4, MOV, MKV, AVI, MPEG-TS, MP3 and a 10 s cut of
media/sample-lecture.mp4), mutates them deterministically, ingests every file into a fresh library, verifies what
got published and classifies the outcome:

  published-ok / published-with-warning-ok   exit 0 and `lectern verify --json` passed (warnings in the JSON or not)
  refused-clean / refused-noisy              non-zero exit, nothing published, no staging left; noisy = stderr > 3 lines,
                                             not counting "ingest NN% ·" progress lines (they depend on timing)
  BAD-verify-fails   published, but verify failed        BAD-crash      killed by a signal (ingest or verify)
  BAD-hang           wall-clock limit hit (group killed)  BAD-leftovers  refused but something published/staging left

  scripts/fuzz-ingest.py [--count 200] [--seed 1] [--jobs 1] [--timeout 120] [--lectern PATH] [--work DIR]
                         [--out bench/fuzz-results.json] [--md bench/fuzz-results.md] [--fail-on-bad]

Exits 0 unless the script itself fails; with --fail-on-bad, exits 1 when any BAD outcome occurred.
Needs Python 3.9+ (stdlib only) and ffmpeg with libx264, aac, mpeg4 and libmp3lame.
"""
import argparse, collections, concurrent.futures, hashlib, json, os, random, shlex, shutil, signal, subprocess
import sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["bitflip", "zero", "cut", "dup", "header", "join"]
OUTCOMES = ["published-ok", "published-with-warning-ok", "refused-clean", "refused-noisy",
            "BAD-verify-fails", "BAD-crash", "BAD-hang", "BAD-leftovers"]
NOISY_LINES = 3  # a refusal should say what is wrong in a few lines, not dump a log

# Seed recipes: container -> (extension, ffmpeg output args). Two seeds per container (A: 8 s 320x240 440 Hz,
# B: 12 s 640x360 660 Hz) so a "join" concatenates two different recordings. Encoders single-threaded and bitexact
# so the same ffmpeg produces the same bytes every run.
VIDEO_H264 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50", "-threads", "1"]
CONTAINERS = {
    "avi": ("avi", ["-c:v", "mpeg4", "-q:v", "5", "-threads", "1", "-c:a", "libmp3lame", "-b:a", "64k"]),
    "mkv": ("mkv", VIDEO_H264 + ["-c:a", "aac", "-b:a", "64k"]),
    "mov": ("mov", VIDEO_H264 + ["-c:a", "aac", "-b:a", "64k"]),  # moov at the end, as cameras write it
    "mp3": ("mp3", ["-vn", "-c:a", "libmp3lame", "-b:a", "64k"]),
    "mp4": ("mp4", VIDEO_H264 + ["-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"]),
    "ts": ("ts", VIDEO_H264 + ["-c:a", "aac", "-b:a", "64k", "-f", "mpegts"]),
}
SEED_SHAPES = {"A": (8, "320x240", 440), "B": (12, "640x360", 660)}
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


def ffmpeg(args):
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"] + args, check=True)


def make_seeds(seed_dir):
    """Returns {container: [(seed name, path), ...]}, sorted."""
    os.makedirs(seed_dir, exist_ok=True)
    seeds = collections.defaultdict(list)
    for container, (ext, out_args) in sorted(CONTAINERS.items()):
        for shape, (secs, size, freq) in sorted(SEED_SHAPES.items()):
            path = os.path.join(seed_dir, f"seed-{container}-{shape}.{ext}")
            ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={secs}",
                    "-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=44100:duration={secs}"]
                   + out_args + BITEXACT + ["-shortest", path])
            seeds[container].append((f"{container}-{shape}", path))
    sample = os.path.join(ROOT, "media", "sample-lecture.mp4")  # a real lecture-like file: 720p, speech, slides
    path = os.path.join(seed_dir, "seed-mp4-sample.mp4")
    ffmpeg(["-i", sample, "-t", "10", "-c", "copy", "-movflags", "+faststart"] + BITEXACT + [path])
    seeds["mp4"].append(("mp4-sample", path))
    return {c: sorted(s) for c, s in sorted(seeds.items())}


def log_uniform(rng, lo, hi):
    """An int between lo and hi, spread evenly over orders of magnitude (small damage as often as large)."""
    return int(round(lo * (hi / lo) ** rng.random()))


def mutate(kind, data, other, container, rng):
    """Applies one mutation kind to data (bytes); returns (new bytes, details dict for the results)."""
    buf, n = bytearray(data), len(data)
    if kind == "bitflip":
        # Single-bit errors anywhere: flaky storage or transfer. Hits headers, indexes and compressed payload alike,
        # so this mostly tests that the decoder's concealment output still becomes a valid package.
        flips = log_uniform(rng, 3, 300)
        for pos in sorted(rng.randrange(n * 8) for _ in range(flips)):
            buf[pos // 8] ^= 1 << (pos % 8)
        return bytes(buf), {"bits": flips}
    if kind == "zero":
        # A zeroed range: a lost disk sector/flash page or a hole left by an interrupted copy (sparse file).
        length = min(log_uniform(rng, 16, 65536), n - 1)
        start = rng.randrange(n - length)
        buf[start:start + length] = bytes(length)
        return bytes(buf), {"offset": start, "length": length}
    if kind == "cut":
        # Truncation: upload or recording stopped early. A quarter of the cuts land in the first 5 %, where the
        # container header itself is incomplete; the rest leave a playable prefix with a half-written tail.
        at = rng.randrange(1, max(2, n // 20)) if rng.random() < 0.25 else rng.randrange(n // 20, n)
        return data[:at], {"keep": at, "of": n}
    if kind == "dup":
        # A byte range copied to another place, either inserted (shifts every later offset: stale sample tables,
        # AVI index, MKV cues) or overwriting (stale data where a packet should be). Like a buggy resumed download.
        length = min(log_uniform(rng, 64, 65536), n // 2)
        src, dst, insert = rng.randrange(n - length), rng.randrange(n - length), rng.random() < 0.5
        chunk = data[src:src + length]
        buf[dst:dst if insert else dst + length] = chunk
        return bytes(buf), {"src": src, "dst": dst, "length": length, "mode": "insert" if insert else "overwrite"}
    if kind == "header":
        # Random bytes over the structure the demuxer needs first: the first 1-4 KB (file header, MKV EBML/tracks,
        # first TS PAT/PMT, ID3/first MP3 frames), or for MP4/MOV 1-4 KB inside the moov box (track/sample tables).
        length = rng.randint(1024, 4096)
        moov = data.find(b"moov") - 4 if container in ("mp4", "mov") else -5
        if moov >= 0 and rng.random() < 0.5:
            size = int.from_bytes(data[moov:moov + 4], "big")
            size = size if 8 <= size <= n - moov else n - moov
            length = min(length, size)
            start = moov + rng.randrange(size - length + 1)
            where = "moov"
        else:
            start, where = 0, "start"
        buf[start:start + length] = bytes(rng.getrandbits(8) for _ in range(min(length, n - start)))
        return bytes(buf), {"where": where, "offset": start, "length": length}
    if kind == "join":
        # Two recordings of the same container byte-concatenated (`cat a b > c`): a second header mid-file, timestamps
        # starting over (TS, MP3 play on; MP4/MKV usually ignore the tail). The duration must still come out right.
        return data + other[1], {"second": other[0]}
    raise ValueError(kind)


def plan(seeds, count, seed):
    """Deterministic list of (index, container, kind, seed name, seed path). Containers take turns, each container
    cycles through the kinds, then through its seeds, so files are spread evenly over containers and kinds."""
    containers, per = sorted(seeds), collections.Counter()
    out = []
    for i in range(count):
        c = containers[i % len(containers)]
        j = per[c]; per[c] += 1
        name, path = seeds[c][(j // len(KINDS)) % len(seeds[c])]
        out.append((i, c, KINDS[j % len(KINDS)], name, path))
    return out


def make_case(case, seeds, fuzz_dir, seed):
    i, container, kind, seed_name, seed_path = case
    rng = random.Random(f"{seed}:{i}")  # one stream per file: a file does not change when --count does
    data = open(seed_path, "rb").read()
    other = None
    if kind == "join":
        others = [s for s in seeds[container] if s[0] != seed_name] or seeds[container]
        o_name, o_path = others[rng.randrange(len(others))]
        other = (o_name, open(o_path, "rb").read())
    out, details = mutate(kind, data, other, container, rng)
    path = os.path.join(fuzz_dir, f"{i:04d}-{container}-{kind}.{CONTAINERS[container][0]}")
    with open(path, "wb") as f:
        f.write(out)
    return {"index": i, "file": path, "container": container, "kind": kind, "seed": seed_name,
            "mutation": details, "bytes": len(out), "sha256": hashlib.sha256(out).hexdigest()}


def run(cmd, timeout, out_path, err_path):
    """Runs cmd in its own process group with stdout/stderr to files. Returns (exit code, negative for a signal,
    None on timeout; wall seconds; peak RSS in KB from wait4)."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try: os.killpg(p.pid, signal.SIGKILL)  # the whole group: helper threads/processes too
            except ProcessLookupError: pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)  # wait4 gives this child's own rusage (ru_maxrss in KB on Linux)
        timer.cancel()
        p.returncode = code = os.waitstatus_to_exitcode(status)
        try: os.killpg(p.pid, signal.SIGKILL)  # reap anything the ingest left running in its group
        except ProcessLookupError: pass
    return (None if timed_out.is_set() else code), round(time.monotonic() - start, 2), usage.ru_maxrss


def entries(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def check_case(rec, lectern, timeout, work):
    """Ingests one file into a fresh library, verifies or checks for leftovers, and classifies the outcome."""
    i, tag = rec["index"], os.path.splitext(os.path.basename(rec["file"]))[0]
    lib, base = os.path.join(work, "libs", tag), os.path.join(work, "logs", tag)
    shutil.rmtree(lib, ignore_errors=True)
    code, rec["seconds"], rec["peak_rss_kb"] = run(
        [lectern, "ingest", rec["file"], "--title", f"Fuzz {i}", "--library", lib, "--json"],
        timeout, base + ".ingest.out", base + ".ingest.err")
    rec["exit"] = code
    err_lines = open(base + ".ingest.err", errors="replace").read().splitlines()
    rec["stderr_lines"] = len(err_lines)
    rec["stderr_progress_lines"] = sum(1 for l in err_lines if l.startswith("ingest ") and "%" in l)
    rec["stderr_tail"] = err_lines[-3:]
    rec["published"], rec["staging"] = entries(os.path.join(lib, "lectures")), entries(os.path.join(lib, ".staging"))
    reason = None
    if code is None:
        outcome, reason = "BAD-hang", f"no exit after {timeout} s, process group killed"
    elif code < 0 or code >= 128:
        outcome, reason = "BAD-crash", f"ingest exit {code}" + (f" (signal {signal.Signals(-code).name})" if code < 0 else "")
    elif code == 0:
        try:
            result = json.load(open(base + ".ingest.out"))
        except ValueError:
            result = {}
        rec["warnings"] = result.get("warnings") or []
        outcome = "published-with-warning-ok" if rec["warnings"] else "published-ok"
        package = result.get("package")
        if not package or not os.path.isdir(package):
            outcome, reason = "BAD-verify-fails", f"exit 0 but no package directory in the --json output ({package!r})"
        else:
            vcode, _, _ = run([lectern, "verify", package, "--json"], timeout, base + ".verify.out", base + ".verify.err")
            try:
                report = json.load(open(base + ".verify.out"))
            except ValueError:
                report = {}
            failed = [c for c in report.get("checks", []) if not c.get("passed")]
            rec["verify_exit"] = vcode
            rec["verify_failed"] = [{k: c.get(k) for k in ("rule", "subject", "detail")} for c in failed]
            if vcode is None or vcode < 0 or vcode >= 128:
                outcome, reason = "BAD-crash", f"verify exit {vcode} (killed or timed out)"
            elif vcode != 0 or failed:
                outcome = "BAD-verify-fails"
                reason = "verify failed: " + (", ".join(sorted({c["rule"] for c in failed})) or f"exit {vcode}")
        if rec["staging"] and not reason:  # a success must not leave staging debris either
            outcome, reason = "BAD-leftovers", f"published, but staging holds {rec['staging']}"
    elif rec["published"] or rec["staging"]:
        outcome, reason = "BAD-leftovers", f"refused (exit {code}) but lectures={rec['published']} staging={rec['staging']}"
    else:
        noise = rec["stderr_lines"] - rec["stderr_progress_lines"]  # progress lines come and go with the timing
        outcome = "refused-noisy" if noise > NOISY_LINES else "refused-clean"
    rec["outcome"], rec["reason"] = outcome, reason
    if not outcome.startswith("BAD"):
        shutil.rmtree(lib, ignore_errors=True)  # keep only the libraries worth looking at
    return rec


def tables(results):
    """Markdown tables: container x outcome and kind x outcome, with totals."""
    out = []
    for key in ("container", "kind"):
        counts = collections.Counter((r[key], r["outcome"]) for r in results)
        rows = sorted({r[key] for r in results})
        out.append("| " + key + " | " + " | ".join(OUTCOMES) + " | total |")
        out.append("|---" * (len(OUTCOMES) + 2) + "|")
        for row in rows + ["total"]:
            cells = [sum(v for (k, o), v in counts.items() if (row in ("total", k)) and o == oc) for oc in OUTCOMES]
            out.append(f"| {row} | " + " | ".join(str(c) for c in cells) + f" | {sum(cells)} |")
        out.append("")
    return "\n".join(out)


def bad_lines(results, controls):
    seed_bad = {c["seed"]: c["reason"] for c in controls if c["outcome"].startswith("BAD")}
    out = []
    for r in results:
        if r["outcome"].startswith("BAD"):
            same = " (the unmutated seed fails too)" if r["seed"] in seed_bad else ""
            out.append(f"- `{os.path.basename(r['file'])}` ({r['container']}, {r['kind']}, seed {r['seed']}, "
                       f"mutation {json.dumps(r['mutation'])}): **{r['outcome']}**: {r['reason']}{same}")
            for c in r.get("verify_failed", []):
                out.append(f"  - {c['rule']} on {c['subject']}: {c['detail']}")
    return out or ["(none)"]


def noisy_lines(results):
    return [f"- `{os.path.basename(r['file'])}`: {r['stderr_lines']} stderr lines "
            f"({r['stderr_progress_lines']} progress), last: {r['stderr_tail'][-1] if r['stderr_tail'] else ''}"
            for r in results if r["outcome"] == "refused-noisy"] or ["(none)"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_bin = next((p for p in (os.path.join(ROOT, ".build", c, "lectern") for c in ("release", "debug"))
                        if os.path.exists(p)), os.path.join(ROOT, ".build", "debug", "lectern"))
    ap.add_argument("--lectern", default=default_bin, help="lectern binary (default: .build/release, else debug)")
    ap.add_argument("--count", type=int, default=200, help="number of mutated files (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jobs", type=int, default=1, help="parallel ingests (default 1)")
    ap.add_argument("--timeout", type=float, default=120, help="wall-clock limit per lectern run, s (default 120)")
    ap.add_argument("--work", help="work folder to keep (default: a temp folder, removed at the end)")
    ap.add_argument("--out", default="bench/fuzz-results.json", help="JSON results")
    ap.add_argument("--md", default="bench/fuzz-results.md", help="Markdown summary")
    ap.add_argument("--fail-on-bad", action="store_true", help="exit 1 if any BAD outcome occurred")
    args = ap.parse_args()
    lectern = os.path.abspath(args.lectern)
    if not os.access(lectern, os.X_OK):
        sys.exit(f"fuzz-ingest: no lectern binary at {lectern} (use --lectern PATH)")
    command = " ".join(shlex.quote(a) for a in [sys.argv[0]] + sys.argv[1:])
    work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="lectern-fuzz.")
    for sub in ("fuzz", "libs", "logs"):  # fresh mutated files, libraries and logs every run
        shutil.rmtree(os.path.join(work, sub), ignore_errors=True)
        os.makedirs(os.path.join(work, sub))
    started = time.monotonic()
    try:
        print(f"fuzz-ingest: seeds into {work}/seeds", file=sys.stderr)
        seeds = make_seeds(os.path.join(work, "seeds"))
        cases = [make_case(c, seeds, os.path.join(work, "fuzz"), args.seed) for c in plan(seeds, args.count, args.seed)]
        print(f"fuzz-ingest: {len(cases)} files, {args.jobs} jobs, lectern {lectern}", file=sys.stderr)
        # Controls: every unmutated seed goes through the same ingest + verify, so a failure the seed already has is
        # not blamed on the mutation. They are reported apart and are not part of --count.
        controls = [{"index": f"seed {n}", "file": p, "container": c, "kind": "none", "seed": n, "mutation": {}}
                    for c in seeds for n, p in seeds[c]]
        done, total = 0, len(controls) + len(cases)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(check_case, c, lectern, args.timeout, work) for c in controls + cases]
            for fut in concurrent.futures.as_completed(futures):
                r = fut.result(); done += 1  # check_case fills in the dicts of controls and cases in place
                print(f"[{done}/{total}] {os.path.basename(r['file'])}: {r['outcome']} "
                      f"(exit {r['exit']}, {r['seconds']} s){' - ' + r['reason'] if r['reason'] else ''}",
                      file=sys.stderr, flush=True)
        results = sorted(cases, key=lambda r: r["index"])
        control_lines = [f"- {c['seed']}: {c['outcome']}" + (f": {c['reason']}" if c["reason"] else "") +
                         "".join(f"; {v['rule']} on {v['subject']}: {v['detail']}" for v in c.get("verify_failed", []))
                         for c in controls]
        wall = round(time.monotonic() - started, 1)
        bad = [r for r in controls + results if r["outcome"].startswith("BAD")]
        seed_info = {name: {"file": os.path.basename(p), "bytes": os.path.getsize(p),
                            "sha256": hashlib.sha256(open(p, "rb").read()).hexdigest()}
                     for c in seeds for name, p in seeds[c]}
        summary = tables(results)
        print("\n" + summary + "controls (unmutated seeds):\n" + "\n".join(control_lines) +
              "\n\nBAD files:\n" + "\n".join(bad_lines(results, controls)) +
              "\n\nrefused-noisy:\n" + "\n".join(noisy_lines(results)) + f"\n\ntotal wall time: {wall} s")
        for path in (args.out, args.md):
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump({"command": command, "lectern": lectern, "seed": args.seed, "count": args.count,
                       "jobs": args.jobs, "timeout": args.timeout, "wall_seconds": wall, "work": work,
                       "seeds": seed_info, "controls": controls,
                       "summary": dict(sorted(collections.Counter(r["outcome"] for r in results).items())),
                       "results": results}, f, indent=1)
        with open(args.md, "w") as f:
            f.write(f"# lectern ingest fuzz results\n\nCommand: `{command}`\n\nlectern: `{lectern}`; {len(results)} files, "
                    f"seed {args.seed}, {args.jobs} jobs, timeout {args.timeout} s; wall time {wall} s.\n\n{summary}\n"
                    "## Controls (unmutated seeds)\n\n" + "\n".join(control_lines) +
                    "\n\n## BAD files\n\n" + "\n".join(bad_lines(results, controls)) +
                    "\n\n## refused-noisy\n\n" + "\n".join(noisy_lines(results)) + "\n")
        print(f"fuzz-ingest: wrote {args.out} and {args.md}", file=sys.stderr)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if args.fail_on_bad and bad else 0)


if __name__ == "__main__":
    main()
