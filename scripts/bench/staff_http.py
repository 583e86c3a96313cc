"""Shared by the staff-route benchmarks (bench-people.sh, bench-dialogs.sh): one keep-alive HTTP
connection with a staff bearer token, and a report of p50/p99/max over N sequential requests."""
import http.client
import json
import time


class StaffClient:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.token = token

    def get(self, path):
        """One GET: (milliseconds, parsed JSON body); fails loudly on anything but 200."""
        t0 = time.perf_counter()
        self.conn.request("GET", path, headers={"Authorization": "Bearer " + self.token})
        r = self.conn.getresponse()
        body = r.read()
        assert r.status == 200, (path, r.status, body[:300])
        return (time.perf_counter() - t0) * 1000, json.loads(body)


def percentiles(times):
    """p50, p99 and max of a list of milliseconds."""
    times = sorted(times)
    pct = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    return pct(0.5), pct(0.99), times[-1]


def line(name, times, width=48, suffix=""):
    p50, p99, top = percentiles(times)
    return f"  {name:{width}s} p50={p50:7.2f} ms  p99={p99:7.2f} ms  max={top:7.2f} ms{suffix}"


def report(client, n, name, make, rows_key, width=48):
    """Ten warm-up requests, then n timed ones; `make` builds each request's path."""
    for _ in range(10):
        client.get(make())
    times, rows = [], 0
    for _ in range(n):
        ms, body = client.get(make())
        times.append(ms)
        rows += len(body.get(rows_key, []))
    print(line(name, times, width, f"  rows/req={rows / n:.0f}"))
