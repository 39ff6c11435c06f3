"""Slow-client probe of `parallax serve`, for bench/slowloris.sh.

Usage: slowloris.py PORT PID CONNECTIONS
Opens CONNECTIONS connections (in worker processes of up to 9,000 each, under the file limit),
each sending the start of a request and then nothing; measures how long the server keeps
each open after it stalls, the latency of /healthz every 100 ms throughout, and the server's
resident memory (from /proc/PID) before, at the peak, and a minute after the clients have
gone. Prints one JSON object.
"""
import asyncio
import json
import multiprocessing
import resource
import sys
import time

PARTIAL = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def one(port, held):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(PARTIAL)
        await writer.drain()
    except OSError:
        return None
    stalled = time.monotonic()
    try:
        # Nothing more is sent; the server should close the connection.
        await asyncio.wait_for(reader.read(), timeout=held)
    except (asyncio.TimeoutError, OSError):
        pass
    dropped = time.monotonic() - stalled
    writer.close()
    return dropped


async def flood(port, count, held):
    sem = asyncio.Semaphore(500)  # connect at most 500 at a time

    async def paced():
        async with sem:
            task = asyncio.ensure_future(one(port, held))
            await asyncio.sleep(0)
        return await task

    return await asyncio.gather(*(paced() for _ in range(count)))


def worker(port, count, held, out):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    out.put(asyncio.run(flood(port, count, held)))


async def health(port, stop, latencies):
    while not stop.is_set():
        start = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = await asyncio.wait_for(reader.read(), timeout=10)
            writer.close()
            ok = answer.startswith(b"HTTP/1.1 200")
        except (OSError, asyncio.TimeoutError):
            ok = False
        latencies.append((time.monotonic() - start, ok))
        await asyncio.sleep(0.1)


async def main():
    port, pid, total = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    held = 120  # longest a client waits for the server to drop it
    baseline = rss_mib(pid)
    out = multiprocessing.Queue()
    sizes = [min(9000, total - i) for i in range(0, total, 9000)]
    procs = [multiprocessing.Process(target=worker, args=(port, n, held, out)) for n in sizes]
    stop = asyncio.Event()
    latencies = []
    checker = asyncio.ensure_future(health(port, stop, latencies))
    peak = baseline
    for p in procs:
        p.start()
    dropped = []
    while len(dropped) < len(procs):
        peak = max(peak, rss_mib(pid))
        await asyncio.sleep(0.2)
        while not out.empty():
            dropped.append(out.get())
    for p in procs:
        p.join()
    stop.set()
    await checker
    closed_at = time.monotonic()
    await asyncio.sleep(60)
    after = rss_mib(pid)
    times = sorted(t for part in dropped for t in part if t is not None)
    failed = sum(1 for part in dropped for t in part if t is None)
    lat = sorted(l for l, ok in latencies)
    print(json.dumps({
        "connections": total,
        "connect_failed": failed,
        "dropped_max_s": round(times[-1], 2) if times else None,
        "dropped_median_s": round(times[len(times) // 2], 2) if times else None,
        "not_dropped_within_%d_s" % held: sum(1 for t in times if t >= held - 1),
        "healthz_checks": len(lat),
        "healthz_failed": sum(1 for l, ok in latencies if not ok),
        "healthz_p50_ms": round(lat[len(lat) // 2] * 1000, 1) if lat else None,
        "healthz_max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "rss_baseline_mib": round(baseline, 1),
        "rss_peak_mib": round(peak, 1),
        "rss_60s_after_mib": round(after, 1),
    }))


asyncio.run(main())
