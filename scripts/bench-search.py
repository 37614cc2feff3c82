#!/usr/bin/env python3
"""SQLite FTS5 over the same units and queries as lectern-search-bench (the tool a team would otherwise reach for).

    scripts/bench-search.py DIR        DIR holds units.jsonl and queries.json (lectern-search-bench --export DIR)

The table uses FTS5's trigram tokenizer, the one that finds words inside unspaced Chinese; it needs three
characters a term, so a shorter term is matched with LIKE inside the same query. Every term must be in one unit,
as in Lectern's index; results are grouped per lecture and chapter and the best 20 kept. Prints one JSON object:
build seconds and query latency (p50, p95, max, milliseconds), with the second of two rounds measured.
"""
import json
import sqlite3
import sys
import time

folder = sys.argv[1]
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE units USING fts5(text, lecture UNINDEXED, chapter UNINDEXED, field UNINDEXED, time UNINDEXED, tokenize='trigram')")
start = time.perf_counter()
with open(f"{folder}/units.jsonl", encoding="utf-8") as rows:
    db.executemany(
        "INSERT INTO units(text, lecture, chapter, field, time) VALUES (?, ?, ?, ?, ?)",
        ((r["text"], r["lecture"], r["chapter"], r["field"], r["time"]) for r in map(json.loads, rows)),
    )
db.commit()
build = time.perf_counter() - start
queries = json.load(open(f"{folder}/queries.json", encoding="utf-8"))
weights = "CASE field WHEN 'title' THEN 4 WHEN 'chapter' THEN 3 WHEN 'slide' THEN 2 ELSE 1 END"


def search(query):
    terms = query.split() if any(c.isascii() for c in query) else [query]
    long = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    where, params = [], []
    if long:
        where.append("units MATCH ?")
        params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long))
    for t in short:
        where.append("text LIKE ?")
        params.append(f"%{t}%")
    sql = (
        f"SELECT lecture, chapter, max({weights}) AS score FROM units WHERE {' AND '.join(where)} "
        "GROUP BY lecture, chapter ORDER BY score DESC LIMIT 20"
    )
    return db.execute(sql, params).fetchall()


for _ in range(2):
    latencies, found = [], 0
    for q in queries:
        t = time.perf_counter()
        rows = search(q)
        latencies.append((time.perf_counter() - t) * 1000)
        found += bool(rows)
latencies.sort()
pick = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))]
print(json.dumps({"build_seconds": round(build, 2), "queries": len(queries), "with_results": found,
                  "p50_ms": round(pick(0.5), 3), "p95_ms": round(pick(0.95), 3), "max_ms": round(latencies[-1], 3)}))
