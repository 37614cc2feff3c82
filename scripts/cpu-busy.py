#!/usr/bin/env python3
"""How many cores a command keeps busy, second by second (not a test).

    scripts/cpu-busy.py .build/release/lectern ingest talk.mp4 --title T --library /tmp/lib

Runs the command, reads its CPU time (user + system, all threads) from /proc every second and prints the cores used
in each second, then the wall time and the peak thread count. The README's "cores stay ~1.95 busy" comes from this.
"""
import os
import subprocess
import sys
import time

if len(sys.argv) < 2:
    sys.exit(__doc__)
ticks_per_second = os.sysconf("SC_CLK_TCK")
started = time.time()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
samples, threads, last_cpu, last_time = [], 0, 0.0, started
while child.poll() is None:
    time.sleep(1)
    try:
        fields = open(f"/proc/{child.pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        break
    cpu = (int(fields[11]) + int(fields[12])) / ticks_per_second
    threads = max(threads, int(fields[17]))
    now = time.time()
    samples.append((now - started, (cpu - last_cpu) / (now - last_time)))
    last_cpu, last_time = cpu, now
child.wait()
print(" ".join(f"{t:.0f}s:{busy:.2f}" for t, busy in samples))
print(f"wall {time.time() - started:.1f} s, exit {child.returncode}, peak threads {threads}")
