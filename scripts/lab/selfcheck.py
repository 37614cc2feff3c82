"""Checks the link emulator itself with curl, an independent client: the RTT a small request costs on a reused
connection, and the rate a large download achieves, both against the profile (within 10 %)."""
import subprocess

from linkemu import PROFILES, ProxyThread


def curl_times(urls):
    """One curl process, one connection reused for every URL: [(starttransfer, total, size)]."""
    args = ["curl", "-s", "--fail"]
    for url in urls:
        args += ["-o", "/dev/null", url]
    args += ["-w", "%{time_pretransfer} %{time_starttransfer} %{time_total} %{size_download} %{num_connects}\\n"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [tuple(float(x) for x in line.split()) for line in out.strip().splitlines()]


def run(profile_name, host, port, small_path, big_path):
    """Returns a dict with the measured RTT (ms) and rate (kbps), the profile's, and whether each is within 10 %."""
    profile = PROFILES[profile_name]
    proxy = ProxyThread(profile, host, port)
    listen = proxy.start()
    try:
        base = f"http://127.0.0.1:{listen}"
        # Request 1 pays the handshake; requests 2 and 3 (same connection) cost one RTT plus a few hundred bytes.
        small = curl_times([base + small_path] * 3)
        rtts = [(start - pre) for pre, start, total, size, _ in small[1:]]
        header_bytes = 400  # request (~100 B) + response headers (~300 B) serialized at the link rate
        rtt_ms = min(rtts) * 1000 - header_bytes * 8 / (profile.kbps * 1000) * 1000
        handshake_ms = (small[0][1] - small[0][0]) * 1000 - rtt_ms
        big = curl_times([base + big_path])[0]
        pre, start, total, size, _ = big
        kbps = size * 8 / (total - start) / 1000
    finally:
        proxy.stop()
    return {
        "profile": profile_name,
        "rtt_ms": round(rtt_ms, 1),
        "handshake_ms": round(handshake_ms, 1),
        "profile_rtt_ms": profile.rtt_ms,
        "rate_kbps": round(kbps, 1),
        "profile_kbps": profile.kbps,
        "bytes": int(size),
        "rtt_ok": abs(rtt_ms - profile.rtt_ms) <= 0.1 * profile.rtt_ms,
        "rate_ok": abs(kbps - profile.kbps) <= 0.1 * profile.kbps,
    }


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1], "127.0.0.1", int(sys.argv[2]), sys.argv[3], sys.argv[4]))
