#!/usr/bin/env python3
"""Load and faults for `pond serve`: anyone can rerun it (needs wrk from Debian).

    bench/serve_load.py [--pond build/apps/cli/pond] [--seconds 30] [--connections 50] [--publishers 20]

1. Starts `pond serve` on a fresh data directory and a free port, and publishes a few dozen pictures.
2. wrk, `--connections` connections for `--seconds` each: browse (recent, most branched, by tag,
   search, a picture, a lineage), then render (published pictures as PNG at 128 and 256 pixels).
3. `--publishers` clients publish at once (each its own account and breeding session).
4. The same clients publish again while wrk browses, and the server is killed with `kill -9` under
   that load, then restarted: every publish that was acknowledged (201) must be there, and SQLite's
   integrity check must say ok.

Prints one table (requests per second, p50 and p99 latency, errors) and exits non-zero if a request
failed, a publish was lost or the database is damaged.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


class Client:
    """One browser: its cookies and CSRF token, over one keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}
        self.csrf = self.request("GET", "/api/me")[1]["csrf"]

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers["Content-Type"] = "application/json"
            headers["X-CSRF-Token"] = self.cookies.get("pond_csrf", "")
        data = json.dumps(body) if body is not None else None
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a fresh connection next time
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        is_json = response.getheader("Content-Type", "").startswith("application/json")
        return response.status, json.loads(payload) if is_json else payload

    def post(self, path, body=None):
        return self.request("POST", path, body if body is not None else {})

    def register(self, name):
        status, answer = self.post("/api/register", {"name": name, "password": "load-test-password"})
        assert status == 201, (status, answer)

    def start_breeding(self):
        status, breed = self.post("/api/breeds", {})
        assert status == 201, (status, breed)
        status, breed = self.post(f"/api/breeds/{breed['id']}/evolve", {"chosen": [1, 2]})
        assert status == 200, (status, breed)
        return breed


class Server:
    """A `pond serve` process on a free port."""

    def __init__(self, pond, data):
        self.process = subprocess.Popen(
            [pond, "serve", "--data", data, "--port", "0", "--registrations", "100000", "--breeding", "100000"],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.process.stdout.readline()
        match = re.search(r":(\d+)/", line)
        if not match:
            raise SystemExit(f"pond serve did not start: {line!r}")
        self.port = int(match.group(1))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def kill(self):
        self.process.kill()  # SIGKILL: no chance to tidy up
        self.process.wait(timeout=30)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def seed_pictures(port, count):
    """Publishes `count` pictures with tags, some branched from others; returns their ids."""
    client = Client(port)
    client.register("seeder")
    breed = client.start_breeding()
    ids = []
    for i in range(count):
        if i % 5 == 4:  # every fifth branches from the picture before it
            status, branch = client.post("/api/breeds", {"from": ids[-1]})
            assert status == 201, (status, branch)
            status, page = client.post(f"/api/breeds/{branch['id']}/evolve", {"chosen": [0]})
            assert status == 200, (status, page)
            source = page
        else:
            source = breed
        status, picture = client.post("/api/pictures", {
            "breed": source["id"], "page": source["page"]["id"], "child": i % 15,
            "title": f"seed picture {i}", "tags": ["seed", f"group{i % 4}"]})
        assert status == 201, (status, picture)
        ids.append(picture["id"])
    return ids


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def run_wrk(port, paths, seconds, connections, threads=2):
    """wrk over `paths` in turn; returns requests/s, p50 and p99 (ms), and failed requests."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name,
             f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)

    def ms(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return {"requests": requests, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": ms("50%"), "p99": ms("99%"), "errors": errors}


def prepared_clients(port, count):
    """`count` clients, each with its own account and breeding session (made in parallel)."""
    clients = [None] * count

    def prepare(k):
        client = Client(port)
        client.register(f"publisher{k}-{os.getpid()}-{time.monotonic_ns()}")
        clients[k] = (client, client.start_breeding())

    threads = [threading.Thread(target=prepare, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(c is None for c in clients):
        raise SystemExit("serve_load: could not prepare the publishing clients")
    return clients


def publish(clients, per_client=None, stop=None):
    """The clients publishing at once, each `per_client` times or until `stop` is set. Returns the
    threads and the results: acknowledged ids with titles, latencies, failures (answers other than
    201) and requests cut off unanswered."""
    results = {"acked": {}, "latencies": [], "failed": 0, "unanswered": 0}
    lock = threading.Lock()

    def work(k, client, breed):
        n = 0
        while (per_client is None or n < per_client) and not (stop and stop.is_set()):
            title = f"load {k}.{n}.{time.monotonic_ns()}"
            started = time.perf_counter()
            try:
                status, answer = client.post("/api/pictures", {
                    "breed": breed["id"], "page": breed["page"]["id"], "child": n % 15,
                    "title": title, "tags": ["load"]})
            except (http.client.HTTPException, OSError):
                with lock:
                    results["unanswered"] += 1
                return  # the server is gone
            with lock:
                results["latencies"].append((time.perf_counter() - started) * 1000)
                if status == 201:
                    results["acked"][answer["id"]] = title
                else:
                    results["failed"] += 1
            n += 1

    threads = [threading.Thread(target=work, args=(k, c, b)) for k, (c, b) in enumerate(clients)]
    for t in threads:
        t.start()
    return threads, results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pond", default=os.path.join(os.path.dirname(__file__), "..", "build", "apps", "cli", "pond"))
    parser.add_argument("--seconds", type=int, default=30, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--publishers", type=int, default=20)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("serve_load: wrk is missing (apt-get install wrk)")

    data = tempfile.mkdtemp(prefix="pond-serve-load-")
    rows, problems = [], []
    server = Server(args.pond, data)
    try:
        ids = seed_pictures(server.port, 40)
        browse = ["/api/pictures", "/api/pictures?sort=branched", "/api/pictures?tag=group1",
                  "/api/pictures?q=picture%201", "/api/tags"] + [f"/api/pictures/{i}" for i in ids[:10]] + \
                 [f"/api/pictures/{i}/lineage" for i in ids[:10]]
        render = [f"/api/pictures/{i}.png?size={s}" for i in ids for s in (128, 256)]
        for name, paths in (("browse", browse), ("render", render)):
            result = run_wrk(server.port, paths, args.seconds, args.connections)
            rows.append((f"{name}: wrk, {args.connections} connections, {args.seconds} s", result))

        clients = prepared_clients(server.port, args.publishers)
        threads, published = publish(clients, per_client=10)
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        n = len(published["latencies"])
        rows.append((f"publish: {args.publishers} clients at once, 10 each", {
            "requests": n, "rps": n / elapsed, "p50": percentile(published["latencies"], 50),
            "p99": percentile(published["latencies"], 99), "errors": published["failed"] + published["unanswered"]}))
        acked = dict(published["acked"])

        # kill -9 under load: publishers and wrk running, the server killed mid-flight.
        stop = threading.Event()
        threads, under_load = publish(prepared_clients(server.port, args.publishers), stop=stop)
        wrk = subprocess.Popen(["wrk", "-t2", f"-c{args.connections}", "-d10s", f"http://127.0.0.1:{server.port}/api/pictures"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        server.kill()
        stop.set()
        for t in threads:
            t.join()
        wrk.wait()
        acked.update(under_load["acked"])

        server = Server(args.pond, data)
        client = Client(server.port)
        lost = []
        for i, title in acked.items():
            status, picture = client.request("GET", f"/api/pictures/{i}")
            if status != 200 or picture["title"] != title:
                lost.append(i)
        with sqlite3.connect(f"file:{os.path.join(data, 'pond.sqlite')}?mode=ro", uri=True) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"kill -9 under load: {len(under_load['acked'])} publishes acknowledged before the kill, "
              f"{under_load['unanswered']} cut off unanswered; after the restart {len(acked) - len(lost)} of "
              f"{len(acked)} acknowledged publishes are there; integrity_check: {integrity}")
        if lost:
            problems.append(f"{len(lost)} acknowledged publishes lost: {lost[:10]}")
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        if under_load["failed"]:
            problems.append(f"{under_load['failed']} publishes refused under load before the kill")
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)

    print(f"\n| load | requests | requests/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
        if r["errors"]:
            problems.append(f"{name}: {r['errors']} failed requests")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"rows": [{"load": n, **r} for n, r in rows], "problems": problems}, out, indent=2)
    for p in problems:
        print(f"serve_load: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
