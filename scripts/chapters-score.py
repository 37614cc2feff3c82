#!/usr/bin/env python3
"""Score Lectern's slide-change chapters against the labelled test set of scripts/chapters-testset.py.

  scripts/chapters-score.py OUTDIR LIBRARY [--json] [--tolerance 2] [--min-recall X] [--min-precision Y]

For every lecture in OUTDIR/index.json, finds its published package in LIBRARY/lectures/*/manifest.json (the
manifest whose "title" equals the lecture's name; the newest "createdAt" wins if several do) and reads its
"chapters": [{"start", "title", ...}, ...].

Changes: the detected changes are the chapter starts except the first chapter's (the opening chapter at 0). A
detection matches a labelled change within +-tolerance seconds, one to one, greedily by nearest pair first.
precision = matched / detected, recall = matched / labels, per lecture and over the whole set (micro totals).
False positives are also counted by where they fall: during a build (after the slide's first step), inside a clip,
or elsewhere.

Titles: every labelled slide chapter (kind "slide") paired with a detected chapter (the chapter at 0 with the first
detected chapter, the others through their matched change) gets a character error rate: Levenshtein distance
between the normalised titles / length of the label. Normalising: Unicode NFC, whitespace collapsed, stripped; for
Chinese all whitespace is dropped. Case and punctuation count. CER per language (en, fr, zh) is the sum of edits /
the sum of label lengths. Unmatched slides are left out of CER (they already cost recall).

Prints a markdown table and totals, or with --json one JSON object. Exits 1 with a one-line error if a lecture's
package is missing (or has no "chapters" list); with --min-recall / --min-precision, also exits 1 when the total
falls below; otherwise exits 0 (the numbers are a report, not a gate). Python 3.9+, standard library only.
"""
import argparse, glob, json, os, re, sys, unicodedata

LANGS = ("en", "fr", "zh")


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def find_packages(library):
    """title -> (manifest path, manifest), the newest createdAt winning among equal titles."""
    found = {}
    for path in sorted(glob.glob(os.path.join(library, "lectures", "*", "manifest.json"))):
        try:
            with open(path, encoding="utf-8") as f:
                m = json.load(f)
        except (OSError, ValueError):
            continue                           # a damaged package is not ours to judge here
        title = m.get("title")
        if isinstance(title, str) and (title not in found or
                                       str(m.get("createdAt", "")) > str(found[title][1].get("createdAt", ""))):
            found[title] = (path, m)
    return found


def normalise(text, lang):
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()
    return re.sub(r"\s+", "", text) if lang == "zh" else text


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def match(labels, detections, tol):
    """One-to-one greedy matching, nearest pairs first: {label index: detection index}."""
    pairs = sorted((abs(d - l), i, j) for i, l in enumerate(labels) for j, d in enumerate(detections)
                   if abs(d - l) <= tol + 1e-9)
    used_l, used_d, out = set(), set(), {}
    for _, i, j in pairs:
        if i not in used_l and j not in used_d:
            used_l.add(i)
            used_d.add(j)
            out[i] = j
    return out


def ratio(num, den):
    return num / den if den else None


def score_lecture(lab, chapters, tol):
    lang = lab["language"]
    chapters = sorted(chapters, key=lambda c: float(c.get("start", 0)))
    det = [float(c.get("start", 0)) for c in chapters[1:]]
    changes = [float(t) for t in lab["changes"]]
    m = match(changes, det, tol)
    r = dict(name=lab["name"], language=lang, cases=lab.get("cases", []), labels=len(changes), detected=len(det),
             matched=len(m), precision=ratio(len(m), len(det)), recall=ratio(len(m), len(changes)))
    # Where the false positives fall.
    fp = dict(build=0, clip=0, other=0)
    matched_d = set(m.values())
    spans = lab["chapters"] + [dict(start=lab["duration"])]
    for j, t in enumerate(det):
        if j in matched_d:
            continue
        kind = "other"
        for ch, nxt in zip(spans, spans[1:]):
            if ch["start"] + tol < t < nxt["start"] - tol:
                if ch.get("kind") == "clip":
                    kind = "clip"
                elif ch.get("steps") and t > ch["steps"][0] - tol:
                    kind = "build"
        fp[kind] += 1
    r["false_positives"] = fp
    r["missed"] = [changes[i] for i in range(len(changes)) if i not in m]
    r["spurious"] = [det[j] for j in range(len(det)) if j not in matched_d]
    # Titles: label chapter k (k >= 1) begins at changes[k - 1].
    pairs = [(lab["chapters"][0], chapters[0] if chapters else None)]
    pairs += [(lab["chapters"][i + 1], chapters[j + 1]) for i, j in m.items()]
    edits = length = 0
    titles = []
    for want, got in pairs:
        if got is None or want.get("kind") != "slide":
            continue
        a, b = normalise(want["title"], lang), normalise(got.get("title", ""), lang)
        e = levenshtein(a, b)
        edits += e
        length += len(a)
        titles.append(dict(start=want["start"], label=a, detected=b, edits=e))
    titles.sort(key=lambda t: t["start"])
    r.update(title_edits=edits, title_chars=length, cer=ratio(edits, length), titles=titles)
    return r


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", help="the test set (with index.json)")
    ap.add_argument("library", help="the Lectern library the test set was published into")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of markdown")
    ap.add_argument("--tolerance", type=float, default=2.0, help="seconds either side of a label (default 2)")
    ap.add_argument("--min-recall", type=float, help="exit 1 when the total recall is below this")
    ap.add_argument("--min-precision", type=float, help="exit 1 when the total precision is below this")
    a = ap.parse_args()

    index = load_json(os.path.join(a.outdir, "index.json"))
    packages = find_packages(a.library)
    rows = []
    for entry in index["lectures"]:
        lab = load_json(os.path.join(a.outdir, entry.get("labels", f"{entry['name']}/labels.json")))
        if lab["name"] not in packages:
            fail(f"no package titled {lab['name']!r} in {os.path.join(a.library, 'lectures')}")
        path, manifest = packages[lab["name"]]
        chapters = manifest.get("chapters")
        if not isinstance(chapters, list):
            fail(f"{path}: no \"chapters\" list")
        r = score_lecture(lab, chapters, a.tolerance)
        r["package"] = os.path.basename(os.path.dirname(path))
        rows.append(r)

    tot = {k: sum(r[k] for r in rows) for k in ("labels", "detected", "matched")}
    tot["precision"], tot["recall"] = ratio(tot["matched"], tot["detected"]), ratio(tot["matched"], tot["labels"])
    p, rc = tot["precision"], tot["recall"]
    tot["f1"] = None if p is None or rc is None else (2 * p * rc / (p + rc) if p + rc else 0.0)
    tot["false_positives"] = {k: sum(r["false_positives"][k] for r in rows) for k in ("build", "clip", "other")}
    cer = {}
    for lang in LANGS:
        e = sum(r["title_edits"] for r in rows if r["language"] == lang)
        n = sum(r["title_chars"] for r in rows if r["language"] == lang)
        if n:
            cer[lang] = dict(edits=e, chars=n, cer=e / n,
                             titles=sum(len(r["titles"]) for r in rows if r["language"] == lang))
    e, n = sum(r["title_edits"] for r in rows), sum(r["title_chars"] for r in rows)
    tot["cer"] = ratio(e, n)

    failures = []
    if a.min_recall is not None and (rc or 0.0) < a.min_recall:
        failures.append(f"recall {fmt(rc)} < {a.min_recall}")
    if a.min_precision is not None and (p or 0.0) < a.min_precision:
        failures.append(f"precision {fmt(p)} < {a.min_precision}")

    if a.json:
        print(json.dumps(dict(tolerance=a.tolerance, lectures=rows, totals=tot, cer=cer, failures=failures),
                         ensure_ascii=False, indent=2))
    else:
        print(f"Slide-change chapters, tolerance ±{a.tolerance:g} s\n")
        print("| lecture | language | cases | labels | detected | matched | precision | recall | CER |")
        print("|---|---|---|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['name']} | {r['language']} | {', '.join(r['cases'])} | {r['labels']} | {r['detected']} "
                  f"| {r['matched']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['cer'])} |")
        print(f"| **total** | | | {tot['labels']} | {tot['detected']} | {tot['matched']} | **{fmt(p)}** "
              f"| **{fmt(rc)}** | {fmt(tot['cer'])} |")
        fp = tot["false_positives"]
        print(f"\nF1 {fmt(tot['f1'])}; false positives: {fp['build']} during builds, {fp['clip']} inside clips, "
              f"{fp['other']} elsewhere.")
        print("Title CER by language: " + ("; ".join(
            f"{lang} {c['cer']:.3f} ({c['edits']} edits / {c['chars']} chars, {c['titles']} titles)"
            for lang, c in cer.items()) or "no titles compared") + ".")
    if failures:
        print("error: below threshold: " + "; ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
