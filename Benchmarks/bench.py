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

Then a full pass with 1 % of the links broken (records deleted and activities dissociated)
and the pass that confirms them, the same full pass with the simulator answering every
request `BENCH_LATENCY_MS` late (default 150; 0 skips it), and the idle daemon. The store's
bytes per link beyond the posts come from the file's size after each import and from
SQLite's `dbstat` table. Creations are measured on a store of their own: `BENCH_CREATIONS`
posts routed by a rule to one instance and sent by `socialsync run` at
`creation_requests_per_minute` 1200; the default rate's figures are computed from them.

A second strategy, one GET per activity and one per record, is measured on a sample of
links (`BENCH_PER_LINK_SAMPLE`) by this harness over keep-alive connections with the
daemon's default concurrency (8), and extrapolated to all links: it is labelled so.

`BENCH_MODES=ids,table` runs the cold and warm full passes once per `verification_mode`
(the key is written into the configuration); unset, they run once with the daemon's default.

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
# Each answer of the latency scenario waits this long (0 skips the scenario).
LATENCY_MS = int(os.environ.get("BENCH_LATENCY_MS", "150"))
# Posts routed to one instance for the creation scenario, and the pacing it runs at
# (`creation_requests_per_minute`: measured at the highest the configuration allows,
# computed for the default).
CREATIONS = int(os.environ.get("BENCH_CREATIONS", "600"))
CREATION_RATE, DEFAULT_CREATION_RATE, REQUESTS_PER_CREATION_PACED = 1200, 300, 5
DRAIN_POSTS = 10000
# The verification modes measured: each entry runs the cold and warm full passes with
# `verification_mode` set to it; "" is the daemon's default (no key written, `auto`).
MODES = [mode.strip() for mode in os.environ.get("BENCH_MODES", "ids,table").split(",")]


class Simulator:
    """A running d365-sim with its admin API."""

    def __init__(self, binary, work):
        self.out = open(os.path.join(work, "sim.out"), "w+")
        self.connection = None
        self.connection_used = 0.0
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
        # Seeding grows with the links: about 10 s per million here, so 10 million need more than 600 s.
        deadline = time.monotonic() + 600 + LINKS / 10000
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
        """One admin request on a kept-alive connection: breaking 1 % of 10 million links is
        100,000 of them, and a connection each would spend most of the time connecting."""
        data = None if body is None else json.dumps(body).encode()
        # The simulator closes a connection idle for 30 s (its read timeout): one idle for
        # longer than a safe part of that is replaced before use, never retried after.
        if self.connection is None or time.monotonic() - self.connection_used > 20:
            if self.connection is not None:
                self.connection.close()
            address = urllib.parse.urlsplit(self.base)
            self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=600)
        self.connection_used = time.monotonic()
        self.connection.request(method, "/_admin/" + path, body=data, headers={"Content-Type": "application/json"})
        response = self.connection.getresponse()
        payload = response.read()
        if response.status >= 400:
            raise SystemExit(f"bench: d365-sim answered {response.status} to {method} /_admin/{path}: {payload[:500]!r}")
        return json.loads(payload)

    def reset_counters(self):
        self.admin("POST", "counters/reset")

    def set_latency(self, milliseconds):
        self.admin("PUT", "latency", {"ms": milliseconds})

    def counters(self, org):
        return self.admin("GET", "counters")["orgs"][org]

    def peak_rss_mib(self):
        return peak_rss_mib(self.process.pid)

    def requests(self):
        """Web API requests since the last reset, over every organization, and token requests."""
        orgs = self.admin("GET", "counters")["orgs"]
        return (sum(org["requests"] for org in orgs.values()), sum(org["token_requests"] for org in orgs.values()))

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Socialsync:
    """The socialsync binary on a fresh store in the work directory."""

    def __init__(self, binary, work, **settings):
        self.binary = binary
        self.work = work
        os.makedirs(work, exist_ok=True)
        self.store = os.path.join(work, "store.db")
        self.config = os.path.join(work, "config.json")
        self.settings = {"store": self.store, "listen": "", "confirmations": 2, "log_format": "logfmt", "log_level": "warning", **settings}
        self.configure()

    def configure(self, **extra):
        """Writes the configuration: the settings given at creation plus `extra` (None leaves a key out)."""
        settings = {key: value for key, value in {**self.settings, **extra}.items() if value is not None}
        with open(self.config, "w") as file:
            json.dump(settings, file)

    def accepts_config(self):
        """Whether `socialsync check-config` accepts the configuration as written."""
        return subprocess.run([self.binary, "--config", self.config, "check-config"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0

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

    def forget_change_tracking(self):
        """Drops every delta link and verification mark, as on a store's first pass: the next
        pass is a cold one that starts change tracking again."""
        with sqlite3.connect(self.store) as connection:
            connection.execute("DELETE FROM delta_links")
            connection.execute("DELETE FROM verification_marks")

    def outbox_items(self):
        with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def bytes_by_table(self):
        """Bytes of every table and index (SQLite's dbstat), by name."""
        with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True) as connection:
            return dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"))

    def store_bytes(self):
        return sum(os.path.getsize(self.store + suffix) for suffix in ("", "-wal", "-shm") if os.path.exists(self.store + suffix))

    def link_counts(self):
        completed = subprocess.run([self.binary, "--config", self.config, "status", "--json"],
                                   stdout=subprocess.PIPE, check=True, text=True)
        return json.loads(completed.stdout)


def connect_instances(sim, socialsync, instances=INSTANCES):
    token_url = f"{sim.base}/tenant/oauth2/v2.0/token"
    for number in range(1, instances + 1):
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
    """Deletes the records of half of BROKEN_LINKS links other than the changed ones and
    dissociates the activities of the other half. Every deleted one is then absent from the
    batched reads and must be confirmed missing by the instance itself before its link
    breaks (N1): the cost those confirmations add is what the "1 % broken" passes measure."""
    broken = pick_links(sim, BROKEN_LINKS, avoiding=changed)
    for index, link in enumerate(broken):
        if index % 2 == 0:
            sim.admin("DELETE", f"orgs/{link['instance']}/rows/{record_set(link)}/{link['record_id']}")
        else:
            sim.admin("POST", f"orgs/{link['instance']}/rows/socialactivities/{link['activity_id']}/dissociate")
    return broken


def store_figures(socialsync, posts_only_bytes):
    """Bytes per link beyond the posts: from the file (its size less the posts-only store's)
    and from dbstat (the links, the journal and their indexes). Taken after the links import,
    and again after the passes, which add each link's record details (R16) and journal rows."""
    by_name = socialsync.bytes_by_table()
    posts = {"posts", "sqlite_autoindex_posts_1"}
    link_tables = sum(size for name, size in by_name.items() if name in ("links", "journal") or name.startswith(("links_", "journal_")))
    return {"file_bytes": socialsync.store_bytes(), "posts_only_file_bytes": posts_only_bytes,
            "bytes_per_link_beyond_posts": round((socialsync.store_bytes() - posts_only_bytes) / LINKS, 1),
            "links_journal_indexes_bytes_per_link": round(link_tables / LINKS, 1),
            "posts_bytes_per_post": round(sum(by_name.get(name, 0) for name in posts) / LINKS, 1),
            "bytes_by_name": {name: size for name, size in by_name.items() if size > 4096}}


def creations(sim, binaries, work):
    """CREATIONS posts routed by a rule to org1 and sent by `socialsync run` at CREATION_RATE
    requests per minute, polling every second (each poll ends with a flush of the outbox).
    The pacer starts with a minute's worth (CREATION_RATE / 5 creations), sent as fast as
    the instance answers (the burst: what one instance takes unpaced), and then admits one
    creation per 5 requests' worth of time: the paced rate is what the whole run sent beyond
    the first minute's worth, over its length. The default rate's figures are computed from
    the measured ones (the pacer is linear in its rate)."""
    socialsync = Socialsync(os.path.join(binaries, "socialsync"), os.path.join(work, "creations"),
                            creation_requests_per_minute=CREATION_RATE, poll_interval_seconds=1)
    connect_instances(sim, socialsync, instances=1)
    socialsync.run("rules", "add", "--id", "bench", "--instance", "org1", "--record-type", "incident")
    posts = os.path.join(socialsync.work, "routed-posts.jsonl")
    with open(posts, "w") as file:
        for index in range(1, CREATIONS + 1):
            file.write(json.dumps({"id": f"routed-{index}", "url": f"https://social.example/routed/{index}", "author": f"author-{index % 97}",
                                   "text": f"routed post {index}", "tags": ["bench"], "source": "twitter",
                                   "published_at": "2024-01-01T00:00:00Z"}) + "\n")
    socialsync.run("posts", "import", posts)
    burst = min(CREATIONS, CREATION_RATE // REQUESTS_PER_CREATION_PACED)
    sim.reset_counters()
    started = time.monotonic()
    process = subprocess.Popen([socialsync.binary, "--config", socialsync.config, "run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    burst_done = drained = None
    deadline = started + 120 + 2 * CREATIONS * REQUESTS_PER_CREATION_PACED * 60 / CREATION_RATE
    try:
        while drained is None and time.monotonic() < deadline:
            remaining = socialsync.outbox_items()
            now = time.monotonic() - started
            if burst_done is None and remaining <= CREATIONS - burst:
                burst_done = now
            if remaining == 0:
                drained = now
            time.sleep(0.2)
        daemon_peak = peak_rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait()
    if drained is None:
        raise SystemExit(f"bench: {socialsync.outbox_items()} of {CREATIONS} creations still waiting after {deadline - started:.0f} s")
    counters = sim.counters("org1")
    paced = round((CREATIONS - burst) / drained, 3) if CREATIONS > burst else None
    default_paced = round(paced * DEFAULT_CREATION_RATE / CREATION_RATE, 3) if paced else None
    default_burst = DEFAULT_CREATION_RATE // REQUESTS_PER_CREATION_PACED
    return {
        "scenario": f"creations, {CREATIONS} routed posts, {CREATION_RATE} requests/min", "creations": CREATIONS,
        "active_after": socialsync.link_counts()["links"]["active"], "requests": counters["requests"],
        "creates": counters["creates"], "by_method": counters["by_method"],
        # Every request of org1 while the daemon ran: the creations' lookups and creates, the
        # metadata reads of the tables they write (once) and the daemon's polls (2 a second).
        "requests_per_creation": round(counters["requests"] / CREATIONS, 2),
        "creates_per_creation": round(sum(counters["creates"].values()) / CREATIONS, 2),
        "burst_creations": burst, "burst_seconds": round(burst_done, 2), "drain_seconds": round(drained, 2),
        "measured_creations_per_second_unpaced": round(burst / burst_done, 2) if burst_done else None,
        "measured_creations_per_second_paced": paced, "exit_status": process.returncode, "peak_rss_mib": daemon_peak,
        "computed_default": {
            "creation_requests_per_minute": DEFAULT_CREATION_RATE, "creations_per_second_paced": default_paced,
            "burst_creations": default_burst,
            f"drain_seconds_{DRAIN_POSTS}_posts": round((DRAIN_POSTS - default_burst) / default_paced) if default_paced else None,
        },
    }


def peak_rss_mib(pid):
    """A running process's peak resident set (VmHWM)."""
    with open(f"/proc/{pid}/status") as file:
        return round(next(int(line.split()[1]) for line in file if line.startswith("VmHWM")) / 1024, 1)


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
        peak = peak_rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait()
    return {"scenario": f"idle daemon, {IDLE_SECONDS:g} s", "links": LINKS, "requests": requests,
            "requests_per_1000_links": round(requests * 1000 / LINKS, 3), "wall_seconds": IDLE_SECONDS,
            "socialsync_cpu_seconds": round(used, 2), "cpu_percent": round(used * 100 / IDLE_SECONDS, 2),
            "links_per_second": None, "peak_rss_mib": peak, "store_mib": round(socialsync.store_bytes() / 2**20, 1),
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
        posts_only_bytes = socialsync.store_bytes()
        results.append(scenario("import links", sim, socialsync, LINKS, "links", "import", sim.links_path))
        store = store_figures(socialsync, posts_only_bytes)
        print("bench: measuring passes", flush=True)
        skipped_modes = []
        for number, mode in enumerate(MODES):
            socialsync.configure(verification_mode=mode or None)
            if mode and not socialsync.accepts_config():
                skipped_modes.append(mode)
                print(f"bench: socialsync check-config refuses verification_mode {mode!r}: its passes are skipped", flush=True)
                continue
            label = f" (verification_mode {mode})" if mode else ""
            if number:
                socialsync.forget_change_tracking()
            results.append(scenario(f"full pass, cold process{label}", sim, socialsync, LINKS, "reconcile"))
            socialsync.make_full_pass_due()
            results.append(scenario(f"full pass, warm (second run){label}", sim, socialsync, LINKS, "reconcile"))
        socialsync.configure()
        results.append(scenario("steady state, nothing changed", sim, socialsync, LINKS, "reconcile"))
        changed = change_records(sim)
        results.append(scenario(f"steady state, {len(changed)} changed", sim, socialsync, LINKS, "reconcile"))
        results.append(scenario(f"steady state, confirming pass", sim, socialsync, LINKS, "reconcile"))
        print(f"bench: breaking {BROKEN_LINKS} links (1 %)", flush=True)
        broken = break_links(sim, changed)
        socialsync.make_full_pass_due()
        results.append(scenario(f"full pass, {len(broken)} links (1 %) broken", sim, socialsync, LINKS, "reconcile"))
        socialsync.make_full_pass_due()
        results.append(scenario("full pass, 1 % broken, confirming pass", sim, socialsync, LINKS, "reconcile"))
        if LATENCY_MS > 0:
            print(f"bench: full pass with {LATENCY_MS} ms per request", flush=True)
            sim.set_latency(LATENCY_MS)
            socialsync.make_full_pass_due()
            results.append(scenario(f"full pass, {LATENCY_MS} ms latency", sim, socialsync, LINKS, "reconcile"))
            sim.set_latency(0)
        store_after_passes = store_figures(socialsync, posts_only_bytes)
        if IDLE_SECONDS > 0:
            print(f"bench: idle daemon for {IDLE_SETTLE_SECONDS:g} + {IDLE_SECONDS:g} s", flush=True)
            results.append(idle_daemon(sim, socialsync))
        counts = socialsync.link_counts()
        if CREATIONS > 0:
            print(f"bench: {CREATIONS} routed creations at {CREATION_RATE} requests/min", flush=True)
            creation = creations(sim, binaries, work)
        else:
            creation = None
        print("bench: per-link strategy on a sample", flush=True)
        per_link = per_link_strategy(sim)
        simulator_peak_rss_mib = sim.peak_rss_mib()
        print_table(results + [per_link])
        print(f"store: {store['bytes_per_link_beyond_posts']} bytes per link beyond the posts (file), "
              f"{store['links_journal_indexes_bytes_per_link']} in links, journal and their indexes (dbstat), "
              f"{store['posts_bytes_per_post']} per post; after the passes {store_after_passes['bytes_per_link_beyond_posts']} "
              f"(record details {round(store_after_passes['bytes_by_name'].get('record_details', 0) / LINKS, 1)})")
        if creation:
            default = creation["computed_default"]
            print(f"creations (measured at {CREATION_RATE} requests/min, one instance): {creation['creations']} in "
                  f"{creation['drain_seconds']} s, the first {creation['burst_creations']} unpaced in {creation['burst_seconds']} s "
                  f"({creation['measured_creations_per_second_unpaced']} per second), paced "
                  f"{creation['measured_creations_per_second_paced']} per second; {creation['requests_per_creation']} requests "
                  f"({creation['creates_per_creation']} creates) per creation")
            print(f"creations (computed for the default {DEFAULT_CREATION_RATE} requests/min): {default['creations_per_second_paced']} "
                  f"per second per instance; {DRAIN_POSTS} routed posts drain in {default[f'drain_seconds_{DRAIN_POSTS}_posts']} s")
        print(f"d365-sim peak RSS: {simulator_peak_rss_mib} MiB")
        for row in results:
            if "cpu_percent" in row:
                print(f"{row['scenario']}: {row['cpu_percent']} % CPU, {row['requests']} requests")
        print(f"per-link strategy: {per_link['service_protection_hours']} h per pass under the service protection limit "
              f"({LIMIT_REQUESTS} requests / {LIMIT_WINDOW_SECONDS} s per application user, one user per instance)")
        report = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "links": LINKS, "instances": INSTANCES,
                  "machine": machine_info, "seed_seconds": round(sim.seed_seconds, 1), "changed_records": len(changed), "broken_links": len(broken),
                  "status_after": counts, "store": store, "store_after_passes": store_after_passes, "modes": [mode for mode in MODES if mode not in skipped_modes],
                  "skipped_modes": skipped_modes, "latency_ms": LATENCY_MS, "creations": creation,
                  "simulator_peak_rss_mib": simulator_peak_rss_mib, "scenarios": results, "per_link": per_link}
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
