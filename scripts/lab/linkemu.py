#!/usr/bin/env python3
"""Weak-link emulator: a shaping TCP proxy on loopback (no root, no netem).

Every connection a player opens to the proxy is forwarded to one target server through a simulated access link:
- one serializer per direction shared by all connections (a real access link is one pipe: six parallel Chromium
  connections share 256 kbps, they do not get 256 kbps each); data is serialized at the profile's rate, in small
  chunks so concurrent connections interleave fairly;
- a propagation delay of RTT/2 each way, applied to every chunk after serialization, order preserved, so a request
  and its response cost one full RTT on top of their transmission time; a new connection pays one more RTT for its
  TCP handshake (added to its first request);
- an optional time-varying rate (the `fluctuating` profile);
- backpressure: the proxy reads from a socket only as fast as the link drains, so the sender sees a slow reader
  (its kernel buffers fill) rather than an infinitely fast one.
It counts bytes per direction and logs each HTTP request line seen from the client (method, path, time), which is
how the lab knows which renditions a player fetched.

Standalone: scripts/lab/linkemu.py --profile weak --listen 9000 --target 127.0.0.1:8080
"""
import argparse
import asyncio
import re
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    name: str
    kbps: float  # link rate, each direction (the high rate for a fluctuating link)
    rtt_ms: float
    low_kbps: float = 0  # > 0: the rate alternates kbps (first) and low_kbps every period_s
    period_s: float = 0
    note: str = ""

    def rate_bps(self, elapsed):
        if self.low_kbps and self.period_s:
            return (self.kbps if int(elapsed // self.period_s) % 2 == 0 else self.low_kbps) * 1000
        return self.kbps * 1000

    def describe(self):
        rate = f"{self.kbps:g} kbps" if not self.low_kbps else f"{self.kbps:g} <-> {self.low_kbps:g} kbps every {self.period_s:g} s"
        return f"{rate}, RTT {self.rtt_ms:g} ms"


PROFILES = {
    "2g": Profile("2g", 100, 600),
    "3g": Profile("3g", 400, 300),
    "weak": Profile("weak", 256, 300),
    "fluctuating": Profile("fluctuating", 600, 300, low_kbps=150, period_s=20, note="starts at 600 kbps"),
    "campus-lan": Profile("campus-lan", 50_000, 5),
    "uplink": Profile("uplink", 2000, 100, note="a content team's campus uplink"),
}

REQUEST_LINE = re.compile(rb"(GET|HEAD|POST|PATCH|PUT|DELETE|OPTIONS) (\S+) HTTP/1\.[01]\r\n")


class Link:
    """One direction of the access link: a FIFO serializer shared by every connection."""

    def __init__(self, profile, start):
        self.profile = profile
        self.start = start
        self.free_at = 0.0  # when the link finishes sending what it has accepted so far (loop time)
        self.bytes = 0

    def chunk_size(self):
        # About 20 ms of transmission at the current rate: fair interleaving without per-byte overhead.
        rate = self.profile.rate_bps(time.monotonic() - self.start)
        return int(min(65536, max(512, rate / 8 * 0.02)))

    async def send(self, size):
        """Waits until `size` bytes have been serialized onto the link; returns the loop time they finished."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        begin = max(now, self.free_at)
        rate = self.profile.rate_bps(time.monotonic() - self.start + (begin - now))
        self.free_at = begin + size * 8 / rate
        self.bytes += size
        # Return a little before the link is free, so the caller reads its next chunk while this one is still on the
        # wire: a busy link never idles between chunks (that would eat into the rate) and is never more than one
        # chunk ahead of what it has sent (backpressure).
        await asyncio.sleep(max(0.0, self.free_at - now - 0.02))
        return self.free_at


@dataclass
class Counters:
    up: int = 0
    down: int = 0
    connections: int = 0
    requests: list = field(default_factory=list)  # (seconds since proxy start, method, path)


class ShapingProxy:
    def __init__(self, profile, target_host, target_port, listen_port=0):
        self.profile = profile
        self.target = (target_host, target_port)
        self.listen_port = listen_port
        self.started = time.monotonic()
        self.up = Link(profile, self.started)
        self.down = Link(profile, self.started)
        self.counters = Counters()
        self.server = None
        self.writers = set()
        self.down_until = 0.0

    async def start(self):
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.listen_port)
        self.listen_port = self.server.sockets[0].getsockname()[1]
        return self.listen_port

    def reset(self):
        """A fresh link and counters (between runs sharing one proxy)."""
        self.started = time.monotonic()
        self.up = Link(self.profile, self.started)
        self.down = Link(self.profile, self.started)
        self.counters = Counters()

    async def close(self):
        if self.server:
            self.server.close()

    def use(self, profile):
        """The link changes (a learner walks away from the Wi-Fi): from now on both directions follow `profile`."""
        self.profile = profile
        self.up.profile = profile
        self.down.profile = profile

    async def cut(self, seconds):
        """The link drops: every open connection is reset, and new ones are refused for `seconds`."""
        self.down_until = time.monotonic() + seconds
        for writer in list(self.writers):
            writer.transport.abort()

    async def _accept(self, client_reader, client_writer):
        try:
            await self._connect(client_reader, client_writer)
        except asyncio.CancelledError:
            client_writer.close()  # proxy shutting down

    async def _connect(self, client_reader, client_writer):
        if time.monotonic() < self.down_until:
            client_writer.transport.abort()
            return
        self.counters.connections += 1
        try:
            upstream = socket.create_connection(self.target)
        except OSError:
            client_writer.close()
            return
        # A small receive buffer towards the server, so the server's writes block roughly as on a real slow link.
        upstream.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
        upstream.setblocking(False)
        server_reader, server_writer = await asyncio.open_connection(sock=upstream)
        rtt = self.profile.rtt_ms / 1000
        self.writers.update((client_writer, server_writer))
        try:
            await asyncio.gather(
                self._pump(client_reader, server_writer, self.up, rtt / 2, handshake=rtt, log=True),
                self._pump(server_reader, client_writer, self.down, rtt / 2),
                return_exceptions=True,
            )
        finally:
            self.writers.difference_update((client_writer, server_writer))

    async def _pump(self, reader, writer, link, one_way, handshake=0.0, log=False):
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()
        pending = b""

        async def deliver():
            try:
                while True:
                    at, data = await queue.get()
                    if data is None:
                        break
                    delay = at - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    writer.write(data)
                    await writer.drain()
                if writer.can_write_eof():
                    writer.write_eof()
            except (ConnectionError, OSError):
                pass

        deliverer = asyncio.create_task(deliver())
        extra = handshake
        try:
            while True:
                data = await reader.read(link.chunk_size())
                if not data:
                    break
                if log:
                    pending = (pending + data)[-4096:]
                    for match in REQUEST_LINE.finditer(pending):
                        self.counters.requests.append(
                            (round(time.monotonic() - self.started, 3), match.group(1).decode(), match.group(2).decode("latin-1"))
                        )
                    last = list(REQUEST_LINE.finditer(pending))
                    if last:
                        pending = pending[last[-1].end():]
                if link is self.up:
                    self.counters.up += len(data)
                else:
                    self.counters.down += len(data)
                done = await link.send(len(data))
                queue.put_nowait((done + one_way + extra, data))
                extra = 0.0
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait((0, None))
            await deliverer
            try:
                writer.close()
            except (ConnectionError, OSError):
                pass


class ProxyThread:
    """A ShapingProxy on its own event loop in a background thread, for synchronous callers (the lab runner)."""

    def __init__(self, profile, target_host, target_port, listen_port=0):
        self.loop = asyncio.new_event_loop()
        self.proxy = ShapingProxy(profile, target_host, target_port, listen_port)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self):
        # The loop's own thread first: a caller may already run an event loop in this one (Playwright's sync API does).
        self.thread.start()
        return asyncio.run_coroutine_threadsafe(self.proxy.start(), self.loop).result(timeout=10)

    @property
    def counters(self):
        return self.proxy.counters

    def cut(self, seconds):
        """Drops the link for `seconds` (see ShapingProxy.cut)."""
        asyncio.run_coroutine_threadsafe(self.proxy.cut(seconds), self.loop).result(timeout=10)

    def use(self, profile):
        """Changes the link's profile mid-run (see ShapingProxy.use)."""
        self.loop.call_soon_threadsafe(self.proxy.use, profile)

    def stop(self):
        async def shutdown():
            await self.proxy.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


async def serve_forever(profile, listen, target):
    host, port = target.rsplit(":", 1)
    proxy = ShapingProxy(PROFILES[profile], host, int(port), listen)
    port = await proxy.start()
    print(f"linkemu: {profile} ({PROFILES[profile].describe()}) on 127.0.0.1:{port} -> {target}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        c = proxy.counters
        print(f"linkemu: {c.connections} connections, {c.up} bytes up, {c.down} bytes down")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="weak")
    parser.add_argument("--listen", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--target", required=True, help="HOST:PORT of the server behind the link")
    args = parser.parse_args()
    try:
        asyncio.run(serve_forever(args.profile, args.listen, args.target))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
