#!/usr/bin/env python3
"""The benchmark behind `make bench`: drives the real `d365-sim` and `socialsync` binaries.

Seeds the simulator with BENCH_LINKS links over BENCH_INSTANCES organizations, imports the
posts and links into a fresh store (timed), then measures `socialsync reconcile` runs: a
full verification from a cold process (it also starts change tracking), a full one from a
warm store (the verification mark is cleared first, as when the full-pass interval has
elapsed), a steady-state pass with nothing changed, one after at most 100 records changed,
and the pass that confirms those changes (confirmations = 2, so the first pass after a
change only suspects it). Requests are the simulator's own counters, reset before
each scenario; peak RSS is the socialsync process's, from `/usr/bin/time -f %M`.

A second strategy, one GET per activity and one per record, is measured on a sample of
links (`BENCH_PER_LINK_SAMPLE`) by this harness over keep-alive connections with the
daemon's default concurrency (8), and extrapolated to all links: it is labelled so.

Usage: bench.py BIN_DIR [OUTPUT_JSON]. Prints a table and writes the figures as JSON.
"""
import concurrent.futures
import http.client
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

LINKS = int(os.environ.get("BENCH_LINKS", "1000000"))
INSTANCES = int(os.environ.get("BENCH_INSTANCES", "10"))
PER_LINK_SAMPLE = int(os.environ.get("BENCH_PER_LINK_SAMPLE", "2000"))
CHANGED_RECORDS = min(100, LINKS)
# Links whose record is deleted for the "1 % broken" passes (their activities go with them:
# Incident_SocialActivities and Lead_SocialActivities cascade on delete).
BROKEN_LINKS = max(1, LINKS // 100)
# Dataverse's service protection limit per application user (dataverse.md): requests per window.
LIMIT_REQUESTS, LIMIT_WINDOW_SECONDS = 6000, 300
PER_LINK_CONCURRENCY = 8
# The idle daemon is measured over this window, after letting its first pass finish.
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
IDLE_SETTLE_SECONDS = float(os.environ.get("BENCH_IDLE_SETTLE_SECONDS", "20"))


class Simulator:
    """A running d365-sim with its admin API."""

    def __init__(self, binary, work):
        self.out = open(os.path.join(work, "sim.out"), "w+")
        self.links_path = os.path.join(work, "links.jsonl")
        self.posts_path = os.path.join(work, "posts.jsonl")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--generate", str(LINKS), "--instances", str(INSTANCES),
             "--emit-links", self.links_path, "--emit-posts", self.posts_path],
            stdout=self.out, stderr=subprocess.STDOUT)
        self.base = self._await_listening()
        self.seed_seconds = time.monotonic() - started

    def _await_listening(self):
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            self.out.seek(0)
            for line in self.out:
                if line.startswith("listening on "):
                    return line.split(" ", 2)[2].strip()
            if self.process.poll() is not None:
                raise SystemExit(f"bench: d365-sim exited with {self.process.returncode}")
            time.sleep(0.1)
        raise SystemExit("bench: d365-sim did not start listening")

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + "/_admin/" + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def reset_counters(self):
        self.admin("POST", "counters/reset")

    def requests(self):
        """Web API requests since the last reset, over every organization, and token requests."""
        orgs = self.admin("GET", "counters")["orgs"]
        return (sum(org["requests"] for org in orgs.values()), sum(org["token_requests"] for org in orgs.values()))

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Socialsync:
    """The socialsync binary on a fresh store in the work directory."""

    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.store = os.path.join(work, "store.db")
        self.config = os.path.join(work, "config.json")
        with open(self.config, "w") as file:
            json.dump({"store": self.store, "listen": "", "confirmations": 2, "log_format": "logfmt",
                       "log_level": "warning"}, file)

    def run(self, *arguments):
        """Runs one command under /usr/bin/time: (wall seconds, CPU seconds, peak RSS in KiB)."""
        measured = os.path.join(self.work, "time.out")
        command = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", measured, self.binary, "--config", self.config, *arguments]
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if completed.returncode != 0:
            raise SystemExit(f"bench: socialsync {' '.join(arguments)} exited {completed.returncode}: {completed.stderr[-2000:]}")
        with open(measured) as file:
            seconds, user, system, kilobytes = file.read().split()[-4:]
        return float(seconds), round(float(user) + float(system), 2), int(kilobytes)

    def make_full_pass_due(self):
        """Forgets when the last full verification ran, as if the full-pass interval had
        elapsed: the next pass verifies every link again (delta links are kept)."""
        with sqlite3.connect(self.store) as connection:
            connection.execute("DELETE FROM verification_marks")

    def store_bytes(self):
        return sum(os.path.getsize(self.store + suffix) for suffix in ("", "-wal", "-shm") if os.path.exists(self.store + suffix))

    def link_counts(self):
        completed = subprocess.run([self.binary, "--config", self.config, "status", "--json"],
                                   stdout=subprocess.PIPE, check=True, text=True)
        return json.loads(completed.stdout)


def connect_instances(sim, socialsync):
    token_url = f"{sim.base}/tenant/oauth2/v2.0/token"
    for number in range(1, INSTANCES + 1):
        org = f"org{number}"
        secret = os.path.join(socialsync.work, f"{org}.secret")
        with open(secret, "w") as file:
            file.write(f"secret-{org}\n")
        os.chmod(secret, 0o600)
        socialsync.run("instances", "add", "--id", org, "--name", org, "--url", f"{sim.base}/{org}", "--tenant-id", "tenant",
                       "--client-id", f"client-{org}", "--client-secret-file", secret, "--token-url", token_url)
        socialsync.run("instances", "refresh", org)


def scenario(name, sim, socialsync, links, *arguments):
    """One measured socialsync command with the simulator's counters reset before it."""
    sim.reset_counters()
    seconds, cpu_seconds, peak_kib = socialsync.run(*arguments)
    requests, token_requests = sim.requests()
    return {
        "scenario": name, "links": links, "requests": requests, "token_requests": token_requests,
        "requests_per_1000_links": round(requests * 1000 / links, 3) if links else None,
        "wall_seconds": seconds, "socialsync_cpu_seconds": cpu_seconds,
        "links_per_second": round(links / seconds) if seconds > 0 else None,
        "peak_rss_mib": round(peak_kib / 1024, 1), "store_mib": round(socialsync.store_bytes() / 2**20, 1),
    }


def pick_links(sim, count, avoiding=()):
    """`count` link lines spread evenly over the file and every instance, none of whose posts
    is in `avoiding` (a line of such a post gives way to the next line)."""
    step = max(1, LINKS // count)
    # Link k of the file belongs to instance k mod INSTANCES: offsetting by the pick's own
    # number spreads the picks over every instance whatever the step.
    wanted = {min(LINKS - 1, pick * step + pick % INSTANCES) for pick in range(count)}
    taken = {link["post_id"] for link in avoiding}
    picked, owed = [], 0
    with open(sim.links_path) as file:
        for number, line in enumerate(file):
            if number in wanted or owed:
                link = json.loads(line)
                if link["post_id"] in taken:
                    owed += number in wanted
                    continue
                owed -= number not in wanted
                picked.append(link)
    return picked


def record_set(link):
    return "leads" if link["record_entity"] == "lead" else "incidents"


def change_records(sim):
    """Deletes the record of half of CHANGED_RECORDS links and dissociates the activity of the
    other half, spread evenly over every instance. Returns the changed link lines."""
    changed = pick_links(sim, CHANGED_RECORDS)
    for index, link in enumerate(changed):
        org = link["instance"]
        if index % 2 == 0:
            sim.admin("DELETE", f"orgs/{org}/rows/{record_set(link)}/{link['record_id']}")
        else:
            sim.admin("POST", f"orgs/{org}/rows/socialactivities/{link['activity_id']}/dissociate")
    return changed


def break_links(sim, changed):
    """Deletes the records of BROKEN_LINKS links other than the changed ones. Every one of
    them is then absent from the batched reads and must be confirmed missing by the
    instance itself before its link breaks (N1): the cost those confirmations add is what
    the "1 % broken" passes measure."""
    broken = pick_links(sim, BROKEN_LINKS, avoiding=changed)
    for link in broken:
        sim.admin("DELETE", f"orgs/{link['instance']}/rows/{record_set(link)}/{link['record_id']}")
    return broken


def per_link_strategy(sim):
    """One GET per activity and one per record for a sample of links, 8 at a time on
    keep-alive connections, then extrapolated to every link."""
    sample = []
    step = max(1, LINKS // max(1, PER_LINK_SAMPLE))
    with open(sim.links_path) as file:
        for number, line in enumerate(file):
            if number % step == 0 and len(sample) < PER_LINK_SAMPLE:
                sample.append(json.loads(line))
    tokens = {}
    for org in {link["instance"] for link in sample}:
        form = urllib.parse.urlencode({"client_id": f"client-{org}", "client_secret": f"secret-{org}",
                                       "scope": f"{sim.base}/{org}/.default", "grant_type": "client_credentials"}).encode()
        with urllib.request.urlopen(f"{sim.base}/tenant/oauth2/v2.0/token", data=form) as response:
            tokens[org] = json.load(response)["access_token"]
    paths = []
    for link in sample:
        api = f"/{link['instance']}/api/data/v9.2/"
        record_set, key = ("leads", "leadid") if link["record_entity"] == "lead" else ("incidents", "incidentid")
        paths.append((link["instance"], f"{api}socialactivities({link['activity_id']})?$select=activityid,_regardingobjectid_value"))
        paths.append((link["instance"], f"{api}{record_set}({link['record_id']})?$select={key}"))
    host = urllib.parse.urlsplit(sim.base)
    local = threading.local()
    statuses = {}
    lock = threading.Lock()

    def get(item):
        org, path = item
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(host.hostname, host.port)
        local.connection.request("GET", path, headers={
            "Authorization": f"Bearer {tokens[org]}", "Accept": "application/json",
            "OData-MaxVersion": "4.0", "OData-Version": "4.0"})
        response = local.connection.getresponse()
        response.read()
        with lock:
            statuses[response.status] = statuses.get(response.status, 0) + 1

    sim.reset_counters()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(PER_LINK_CONCURRENCY) as pool:
        list(pool.map(get, paths))
    seconds = time.monotonic() - started
    requests, _ = sim.requests()
    per_link_seconds = seconds / len(sample)
    total_requests = requests * LINKS // len(sample)
    per_user = total_requests / INSTANCES
    return {
        "scenario": "per-link strategy (sample, extrapolated)", "sampled_links": len(sample), "sample_requests": requests,
        "sample_statuses": {str(status): count for status, count in sorted(statuses.items())},
        "sample_wall_seconds": round(seconds, 3), "links": LINKS, "requests": total_requests,
        "requests_per_1000_links": round(requests * 1000 / len(sample), 3),
        "wall_seconds": round(per_link_seconds * LINKS, 1), "links_per_second": round(1 / per_link_seconds) if seconds > 0 else None,
        "service_protection_hours": round(per_user / LIMIT_REQUESTS * LIMIT_WINDOW_SECONDS / 3600, 2),
    }


def idle_daemon(sim, socialsync):
    """`socialsync run` with the default intervals: after IDLE_SETTLE_SECONDS (its first
    pass), the CPU it uses and the requests it sends over IDLE_SECONDS."""
    process = subprocess.Popen([socialsync.binary, "--config", socialsync.config, "run"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(IDLE_SETTLE_SECONDS)
        sim.reset_counters()
        started_ticks = cpu_ticks(process.pid)
        time.sleep(IDLE_SECONDS)
        used = (cpu_ticks(process.pid) - started_ticks) / os.sysconf("SC_CLK_TCK")
        requests, _ = sim.requests()
        peak_kib = next(int(line.split()[1]) for line in open(f"/proc/{process.pid}/status") if line.startswith("VmHWM"))
    finally:
        process.terminate()
        process.wait()
    return {"scenario": f"idle daemon, {IDLE_SECONDS:g} s", "links": LINKS, "requests": requests,
            "requests_per_1000_links": round(requests * 1000 / LINKS, 3), "wall_seconds": IDLE_SECONDS,
            "socialsync_cpu_seconds": round(used, 2), "cpu_percent": round(used * 100 / IDLE_SECONDS, 2),
            "links_per_second": None, "peak_rss_mib": round(peak_kib / 1024, 1), "store_mib": round(socialsync.store_bytes() / 2**20, 1),
            "exit_status": process.returncode}


def cpu_ticks(pid):
    """User and system time of a process, in clock ticks (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    memory_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    # Other work on the machine shares its cores with the simulator and socialsync.
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": round(memory_kib / 2**20, 1), "kernel": platform.release(),
            "load_average_1min": round(os.getloadavg()[0], 2)}


def print_table(results):
    columns = [("scenario", 42), ("links", 9), ("requests", 9), ("req/1000", 9), ("seconds", 8), ("CPU s", 7), ("links/s", 9),
               ("RSS MiB", 8), ("store MiB", 9)]
    print(" ".join(f"{name:>{width}}" if index else f"{name:<{width}}" for index, (name, width) in enumerate(columns)))
    for row in results:
        values = [row["scenario"], row["links"], row["requests"], row["requests_per_1000_links"], row["wall_seconds"],
                  row.get("socialsync_cpu_seconds", "-"), row["links_per_second"], row.get("peak_rss_mib", "-"), row.get("store_mib", "-")]
        values = ["-" if value is None else value for value in values]
        print(" ".join(f"{str(value):>{width}}" if index else f"{str(value):<{width}}" for index, (value, (_, width)) in enumerate(zip(values, columns))))


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binaries = os.path.abspath(sys.argv[1])
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "latest.json")
    if not os.access("/usr/bin/time", os.X_OK):
        raise SystemExit("bench: /usr/bin/time is missing (Debian package `time`)")
    machine_info = machine()
    work = tempfile.mkdtemp(prefix="socialsync-bench.")
    sim = None
    try:
        print(f"bench: seeding d365-sim with {LINKS} links over {INSTANCES} instances", flush=True)
        sim = Simulator(os.path.join(binaries, "d365-sim"), work)
        socialsync = Socialsync(os.path.join(binaries, "socialsync"), work)
        connect_instances(sim, socialsync)
        results = []
        seconds, cpu_seconds, peak_kib = socialsync.run("posts", "import", sim.posts_path)
        results.append({"scenario": "import posts", "links": LINKS, "requests": 0, "requests_per_1000_links": 0.0,
                        "wall_seconds": seconds, "socialsync_cpu_seconds": cpu_seconds,
                        "links_per_second": round(LINKS / seconds) if seconds > 0 else None, "peak_rss_mib": round(peak_kib / 1024, 1),
                        "store_mib": round(socialsync.store_bytes() / 2**20, 1)})
        results.append(scenario("import links", sim, socialsync, LINKS, "links", "import", sim.links_path))
        print("bench: measuring passes", flush=True)
        results.append(scenario("full pass, cold process", sim, socialsync, LINKS, "reconcile"))
        socialsync.make_full_pass_due()
        results.append(scenario("full pass, warm (second run)", sim, socialsync, LINKS, "reconcile"))
        results.append(scenario("steady state, nothing changed", sim, socialsync, LINKS, "reconcile"))
        changed = change_records(sim)
        results.append(scenario(f"steady state, {len(changed)} changed", sim, socialsync, LINKS, "reconcile"))
        results.append(scenario(f"steady state, confirming pass", sim, socialsync, LINKS, "reconcile"))
        print(f"bench: deleting the records of {BROKEN_LINKS} links (1 %)", flush=True)
        broken = break_links(sim, changed)
        socialsync.make_full_pass_due()
        results.append(scenario(f"full pass, {len(broken)} links (1 %) broken", sim, socialsync, LINKS, "reconcile"))
        socialsync.make_full_pass_due()
        results.append(scenario("full pass, 1 % broken, confirming pass", sim, socialsync, LINKS, "reconcile"))
        if IDLE_SECONDS > 0:
            print(f"bench: idle daemon for {IDLE_SETTLE_SECONDS:g} + {IDLE_SECONDS:g} s", flush=True)
            results.append(idle_daemon(sim, socialsync))
        counts = socialsync.link_counts()
        print("bench: per-link strategy on a sample", flush=True)
        per_link = per_link_strategy(sim)
        print_table(results + [per_link])
        for row in results:
            if "cpu_percent" in row:
                print(f"{row['scenario']}: {row['cpu_percent']} % CPU, {row['requests']} requests")
        print(f"per-link strategy: {per_link['service_protection_hours']} h per pass under the service protection limit "
              f"({LIMIT_REQUESTS} requests / {LIMIT_WINDOW_SECONDS} s per application user, one user per instance)")
        report = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "links": LINKS, "instances": INSTANCES,
                  "machine": machine_info, "seed_seconds": round(sim.seed_seconds, 1), "changed_records": len(changed), "broken_links": len(broken),
                  "status_after": counts, "scenarios": results, "per_link": per_link}
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        with open(output, "w") as file:
            json.dump(report, file, indent=2)
            file.write("\n")
        print(f"bench: figures written to {output}")
    finally:
        if sim:
            sim.stop()
        if os.environ.get("BENCH_KEEP_WORK"):
            print(f"bench: work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
