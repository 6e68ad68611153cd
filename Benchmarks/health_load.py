#!/usr/bin/env python3
"""The health endpoint under load while the daemon verifies LOAD_LINKS links (issue 5, "Load").

Seeds `d365-sim` with LOAD_LINKS links on one organization, imports them into a template
store, then for each load and each of LOAD_REPEATS rounds copies the template, starts
`socialsync run` (health endpoint on loopback) and measures its first full verification
pass from the `pass.finished kind=verify verified=N` log line, while one of:

- none: nothing but the daemon;
- paced: a monitoring-like client, LOAD_PACED_RATE requests/s over one keep-alive
  connection, alternating `/metrics` and `/livez` (latency measured per request);
- wrk: two `wrk -t1 -c8 --latency` (Debian package `wrk`), one on `/metrics`, one on
  `/livez`, for the whole pass: as many requests as the endpoint will take;
- wrk-unpaced: the same with `health_requests_per_second` at 100000, i.e. without the
  endpoint's request pacing, to show what the pacing buys.

Prints one row per load: the median pass, its slowdown against `none`, requests per second,
p99 latency and errors. Usage: health_load.py BIN_DIR (release binaries: `make release`).
"""
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

LINKS = int(os.environ.get("LOAD_LINKS", "100000"))
REPEATS = int(os.environ.get("LOAD_REPEATS", "5"))
PACED_RATE = float(os.environ.get("LOAD_PACED_RATE", "50"))
PORT = int(os.environ.get("LOAD_PORT", "19464"))
os.environ["BENCH_LINKS"] = str(LINKS)
os.environ["BENCH_INSTANCES"] = "1"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (reads BENCH_LINKS and BENCH_INSTANCES when imported)

PASS_LINE = re.compile(rf"event=pass\.finished .*kind=verify .*duration_ms=(\d+) verified={LINKS}\b")


class PacedClient(threading.Thread):
    """Requests at a fixed rate over one keep-alive connection; latencies and errors kept."""

    def __init__(self, rate):
        super().__init__(daemon=True)
        self.interval = 1 / rate
        self.latencies = []
        self.errors = 0
        self.stopping = threading.Event()

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        due = time.monotonic()
        paths = ["/metrics", "/livez"]
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                connection.request("GET", paths[len(self.latencies) % 2])
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors += 1
            except OSError:
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            self.latencies.append(time.monotonic() - started)
            due += self.interval
            self.stopping.wait(max(0, due - time.monotonic()))
        connection.close()

    def finish(self, seconds):
        self.stopping.set()
        self.join()
        latencies = sorted(self.latencies)
        p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
        return {"requests_per_second": round(len(latencies) / seconds, 1), "p99_ms": round(p99 * 1000, 2), "errors": self.errors}


class WrkLoad:
    """Two wrk processes saturating `/metrics` and `/livez` until stopped."""

    def __init__(self):
        if not shutil.which("wrk"):
            raise SystemExit("health_load: wrk is missing (apt-get install wrk)")
        self.processes = [
            subprocess.Popen(["wrk", "-t1", "-c8", "-d600s", "--latency", f"http://127.0.0.1:{PORT}{path}"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for path in ("/metrics", "/livez")]

    def finish(self, seconds):
        rates, p99s, errors = [], [], 0
        for process in self.processes:
            process.send_signal(signal.SIGINT)  # wrk prints its statistics when interrupted
            output = process.communicate()[0]
            rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)))
            p99s.append(wrk_milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)))
            socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
            errors += sum(map(int, socket.groups())) if socket else 0
            non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
            errors += int(non_2xx.group(1)) if non_2xx else 0
        return {"requests_per_second": round(sum(rates), 1), "p99_ms": round(max(p99s), 2), "errors": errors}


def wrk_milliseconds(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


LOADS = ("none", "paced", "wrk", "wrk-unpaced")


def measured_pass(binary, template, work, load):
    """The first full pass of `socialsync run` on a copy of the template store, under `load`."""
    rate = 100000 if load == "wrk-unpaced" else 100
    store = os.path.join(work, "run.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    shutil.copy(template, store)
    config = os.path.join(work, "run.json")
    with open(config, "w") as file:
        file.write(f'{{"store":"{store}","listen":"127.0.0.1:{PORT}","poll_interval_seconds":30,'
                   f'"verify_interval_seconds":3600,"log_format":"logfmt","health_requests_per_second":{rate}}}')
    log_path = os.path.join(work, "run.log")
    with open(log_path, "w") as log:
        daemon = subprocess.Popen([binary, "--config", config, "run"], stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_for_endpoint()
        started = time.monotonic()
        generator = {"none": lambda: None, "paced": lambda: PacedClient(PACED_RATE), "wrk": WrkLoad, "wrk-unpaced": WrkLoad}[load]()
        if isinstance(generator, PacedClient):
            generator.start()
        duration_ms = None
        while duration_ms is None:
            if daemon.poll() is not None:
                raise SystemExit(f"health_load: socialsync run exited {daemon.returncode}; see {log_path}")
            with open(log_path) as log:
                match = PASS_LINE.search(log.read())
            duration_ms = int(match.group(1)) if match else None
            time.sleep(0.05)
        figures = generator.finish(time.monotonic() - started) if generator else {}
    finally:
        daemon.terminate()
        daemon.wait()
    return {"pass_seconds": duration_ms / 1000, **figures}


def wait_for_endpoint():
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/livez")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.02)
    raise SystemExit("health_load: the health endpoint did not come up")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binaries = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="socialsync-load.")
    sim = None
    try:
        print(f"health_load: seeding d365-sim with {LINKS} links", flush=True)
        sim = bench.Simulator(os.path.join(binaries, "d365-sim"), work)
        socialsync = bench.Socialsync(os.path.join(binaries, "socialsync"), work)
        bench.connect_instances(sim, socialsync)
        socialsync.run("posts", "import", sim.posts_path)
        socialsync.run("links", "import", sim.links_path)
        rows = {}
        # Interleaved, so a change in the machine's background load touches every kind alike.
        for round_number in range(REPEATS):
            for load in LOADS:
                result = measured_pass(socialsync.binary, socialsync.store, work, load)
                print(f"health_load: round {round_number + 1} {load}: {result}", flush=True)
                rows.setdefault(load, []).append(result)
        baseline = statistics.median(row["pass_seconds"] for row in rows["none"])
        print(f"{'load':<12} {'pass s (median)':>16} {'slowdown':>9} {'req/s':>9} {'p99 ms':>8} {'errors':>7}  passes")
        for load, results in rows.items():
            seconds = statistics.median(row["pass_seconds"] for row in results)
            slowdown = f"{(seconds / baseline - 1) * 100:+.1f} %" if load != "none" else ""
            rate = statistics.median(row.get("requests_per_second", 0) for row in results) if load != "none" else ""
            p99 = max(row.get("p99_ms", 0) for row in results) if load != "none" else ""
            errors = sum(row.get("errors", 0) for row in results) if load != "none" else ""
            passes = ", ".join(f"{row['pass_seconds']:.2f}" for row in results)
            print(f"{load:<12} {seconds:>16.2f} {slowdown:>9} {rate:>9} {p99:>8} {errors:>7}  {passes}")
    finally:
        if sim:
            sim.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
