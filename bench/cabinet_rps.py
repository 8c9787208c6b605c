"""Requests per second of the applicant's cabinet against a bare Django view, on one
gunicorn server in one run, printed as a ratio (target: the cabinet at least 0.25 of the
bare view).

A throwaway database is seeded with a demo season: a temporary SQLite file, or, when
DATABASE_URL points at PostgreSQL, a temporary database created next to it and dropped
at the end (the developer's own database is never touched); with REDIS_URL set, the cache
is in Redis, as in production (sessions are in the database either way). Applicants with
submitted applications are logged in, and wrk drives gunicorn on 127.0.0.1 with three
loads of the same connections and duration:
- /cabinet/ for one applicant (the one with the most files and links) coming back, with
  the session and CSRF cookies their browser holds: the page as a returning visitor
  gets it, the target's measure;
- /cabinet/ for --people applicants in turn, a different one each request: mostly first
  visits, rendered;
- /healthz/, which returns "ok" and touches neither the session nor the database.
The loads alternate in short rounds, so that whatever else the machine is doing weighs on
all alike rather than on whichever ran last. Besides requests per second, the CPU time
the gunicorn workers spent per request is printed: it does not depend on that other
load. Figures are printed, nothing is asserted.

    .venv/bin/python bench/cabinet_rps.py [--applications 8500] [--duration 10] [--connections 16]
                                          [--rounds 5] [--people 2000]

Needs wrk (Debian: apt-get install wrk); installs nothing itself.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.25
WORKERS = 2
WRK_THREADS = 2
STARTUP_SECONDS = 30
WARMUP_SECONDS = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=8500, help="size of the demo season (8500)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (10)")
    parser.add_argument("--connections", type=int, default=16, help="open connections (16)")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of the loads (5)")
    parser.add_argument("--people", type=int, default=2000,
                        help="applicants taking turns in the spread load (2000)")
    args = parser.parse_args()
    if args.people < 1:
        parser.error("--people must be at least 1")
    if args.rounds < 1 or args.duration % args.rounds:
        parser.error("--duration must be a multiple of --rounds (wrk counts whole seconds)")
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed. On Debian/Ubuntu: apt-get install wrk (or run `make bench`).",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="topblog-bench-") as tmp, throwaway_database(tmp) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "topblog.settings",
            "DEBUG": "0",
            # The figures, not a request log, are the output.
            "LOG_LEVEL": "WARNING",
            # Its own throwaway database, whatever the developer's environment forbids.
            "DEMO_DATA_ALLOWED": "1",
        }
        os.environ.update(env)
        visitors = seed_and_log_in(args.applications, args.people)
        cookie, others = visitors[0][1], [visitor_cookie for _key, visitor_cookie in visitors[1:]]
        spread = Path(tmp) / "spread.lua"
        spread.write_text(
            SPREAD_LUA.replace("COOKIES", ", ".join(f'"{c}"' for c in others))
            .replace("THREADS", str(WRK_THREADS))
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "topblog.wsgi:application", "--workers", str(WORKERS),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/healthz/", server)
            # wrk counts a redirect to the login page as a success: every load must get the page.
            answers = [fetch(f"{base}/cabinet/", checked) for checked in [cookie, *others[:3]]]
            if refused := [status for status, _issued in answers if status != 200]:
                print(f"/cabinet/ answered {refused[0]} to a logged-in applicant, not 200: "
                      "nothing to measure.", file=sys.stderr)
                return 1
            # From then on a browser sends the CSRF cookie the first page issued it, with the session's.
            issued = answers[0][1]
            header = ["-H", f"Cookie: {'; '.join([cookie, *issued])}"]
            loads = {
                "cabinet": (f"{base}/cabinet/", header),
                "spread": (f"{base}/cabinet/", ["-s", str(spread)]),
                "bare": (f"{base}/healthz/", header),
            }
            # Where in the queue of applicants the spread load goes on, run after run.
            spread_sent = 0

            def load(name: str, seconds: int) -> dict:
                nonlocal spread_sent
                url, options = loads[name]
                after = ["--", str(spread_sent)] if name == "spread" else []
                figures = run_wrk(wrk, url, options, seconds, args.connections, after)
                if name == "spread":
                    spread_sent += figures["requests"]
                return figures

            for name in loads:
                load(name, WARMUP_SECONDS)
            rounds: dict[str, list[dict]] = {name: [] for name in loads}
            for _round in range(args.rounds):
                for name in loads:
                    cpu_before = workers_cpu_seconds(server.pid)
                    figures = load(name, args.duration // args.rounds)
                    cpu_after = workers_cpu_seconds(server.pid)
                    figures["cpu"] = None if None in (cpu_before, cpu_after) else cpu_after - cpu_before
                    rounds[name].append(figures)
            cabinet, spread_figures, bare = (combined(rounds[name]) for name in loads)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            sessions_forget([key for key, _cookie in visitors])
    ratio = cabinet["rps"] / bare["rps"] if bare["rps"] else 0.0
    spread_ratio = spread_figures["rps"] / bare["rps"] if bare["rps"] else 0.0
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    cache = "Redis" if "redis" in settings.CACHES["default"]["BACKEND"] else "local memory"
    print(f"gunicorn {WORKERS} workers, {backend}, {cache} cache, {args.applications} applications; "
          f"wrk {WRK_THREADS} threads, {args.connections} connections, {args.duration} s each "
          f"in {args.rounds} alternating rounds")
    for name, figures in (
        ("/cabinet/ one applicant", cabinet),
        (f"/cabinet/ {len(others)} in turn", spread_figures),
        ("/healthz/ (bare view)", bare),
    ):
        cpu = f"  worker CPU {figures['cpu_ms']:.2f} ms/request" if figures["cpu_ms"] is not None else ""
        print(f"  {name:<28}{figures['rps']:>10.1f} req/s  latency avg {figures['latency_ms']:.2f}ms{cpu}"
              f"{'  non-2xx: ' + str(figures['errors']) if figures['errors'] else ''}")
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"  ratio cabinet/bare {ratio:.2f} (target >= {TARGET_RATIO}: {verdict}); "
          f"with {len(others)} applicants in turn {spread_ratio:.2f}")
    print(f"  the spread load asked {spread_sent} times: each of {min(spread_sent, len(others))} applicants "
          f"{spread_sent / len(others):.1f} times on average, coming back only after the other "
          f"{len(others) - 1}")
    return 0


@contextmanager
def throwaway_database(tmp: str):
    """A SQLite file in ``tmp``, or a fresh PostgreSQL database on DATABASE_URL's server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "psql://", "pgsql://")):
        yield f"sqlite:///{tmp}/cabinet_rps.sqlite3"
        return
    name = f"topblog_bench_{os.getpid()}"

    def execute(sql: str) -> None:
        # Connected to the configured database only to create and drop the throwaway one.
        connection = psycopg2.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        # The server is stopped by now; close this process's own connections first.
        connections.close_all()
        execute(f'DROP DATABASE IF EXISTS "{name}"')


def seed_and_log_in(applications: int, people: int) -> list[tuple[str, str]]:
    """Migrate, seed the demo season and log in applicants whose applications are
    submitted: first the one with the most files and links, then ``people`` more. Returns
    each one's session key and Cookie header value: the session, and for the others also a
    CSRF cookie of the form the portal issues, as a browser that has been there before has."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db.models import Count
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from applications.models import Application, ApplicationStatus
    from topblog.demo.services import demo_season_seed

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    demo_season_seed(applications=applications, seed=1)
    # A submitted application with the most files and links: the cabinet at its heaviest.
    application = (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED)
        .annotate(files_n=Count("files", distinct=True), links_n=Count("content_links", distinct=True))
        .order_by("-files_n", "-links_n", "pk").select_related("applicant").first()
    )
    if application is None:
        raise SystemExit("The demo season has no submitted application to log in with.")
    others = (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED).exclude(pk=application.pk)
        .select_related("applicant").order_by("?")[:people]
    )

    def session_of(user) -> str:
        # What login() stores, without its signals: thousands of logins in seconds.
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "topblog.accounts.backends.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    key = session_of(application.applicant)
    visitors = [(key, f"{settings.SESSION_COOKIE_NAME}={key}")]
    for other in others:
        key = session_of(other.applicant)
        secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        visitors.append((key, f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={secret}"))
    connections.close_all()
    print(f"migrated and seeded {applications} applications, logged in {len(visitors)} applicants "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    return visitors


def sessions_forget(keys: list[str]) -> None:
    """Delete the benchmark's sessions: with Redis they would outlive the throwaway
    database in the developer's cache."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(key).delete()
    connections.close_all()


# wrk's script for the spread load: each request is the next applicant's in one queue,
# shared by the threads (each takes every THREADS-th) and carried from run to run by the
# position the run starts at, passed after "--".
SPREAD_LUA = """
local cookies = {COOKIES}
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  turn = tonumber(args[1] or "0") + id
end
function request()
  local cookie = cookies[turn % #cookies + 1]
  turn = turn + THREADS
  return wrk.format("GET", nil, {["Cookie"] = cookie})
end
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode} before answering.")
        if fetch(url)[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {STARTUP_SECONDS} s.")


def fetch(url: str, cookie: str = "") -> tuple[int | None, list[str]]:
    """The status of one GET, redirects not followed (a redirect to the login page is
    exactly what must not pass for the cabinet), and the cookies it set as name=value."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        issued = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            issued.load(header)
        return response.status, [f"{name}={morsel.value}" for name, morsel in issued.items()]
    except OSError:
        return None, []
    finally:
        connection.close()


def run_wrk(wrk: str, url: str, options: list[str], seconds: int, connections: int, after: list[str]) -> dict:
    """One wrk run: ``options`` go before the address, the script's arguments ``after`` it."""
    command = [wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    result = subprocess.run(
        [*command, *options, url, *after],
        capture_output=True, text=True, timeout=seconds + 30, check=True,
    )
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", result.stdout)
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s|m)\b", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    return {
        "requests": int(done.group(1)) if done else 0,
        "seconds": in_ms(*done.group(2, 3)) / 1000 if done else float(seconds),
        "latency_ms": in_ms(*latency.group(1, 2)) if latency else float("nan"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def in_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def combined(rounds: list[dict]) -> dict:
    """One page's rounds added up: requests over the time they took, latency weighted
    by requests, worker CPU per request."""
    requests = sum(r["requests"] for r in rounds)
    seconds = sum(r["seconds"] for r in rounds)
    cpu = None if any(r["cpu"] is None for r in rounds) else sum(r["cpu"] for r in rounds)
    return {
        "rps": requests / seconds if seconds else 0.0,
        "latency_ms": (
            sum(r["latency_ms"] * r["requests"] for r in rounds) / requests if requests else float("nan")
        ),
        "errors": sum(r["errors"] for r in rounds),
        "cpu_ms": cpu * 1000 / requests if cpu is not None and requests else None,
    }


def workers_cpu_seconds(master_pid: int) -> float | None:
    """User and system CPU time of gunicorn's workers (children of the master) so far;
    None where /proc is not there to tell."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0, False
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The command name in parentheses may hold spaces: split after it.
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            if int(fields[1]) == master_pid:
                found = True
                total += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return total / ticks if found else None


if __name__ == "__main__":
    sys.exit(main())
