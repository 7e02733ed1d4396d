"""Complaintdesk side by side with the helpdesk people would otherwise pick (django-helpdesk),
on the same machine in the same run: creation throughput and latency, and the filtered staff
list over 100,000 rows in each. One command:

    .venv/bin/python -m bench.compare_peer \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench100k \\
        --sqlite-url sqlite:////tmp/cd-bench/complaintdesk_small.sqlite3

The ours databases are seeded by bench/seed.py beforehand (the PostgreSQL one with
--complaints 100000); nothing of the peer is committed: the peer (django-helpdesk
PEER_VERSION, pinned, with the same gunicorn and psycopg as ours) is installed into a
throw-away virtual environment outside the repository (--peer-venv, made with the interpreter
this runs on), and a minimal Django project for it is written there at run time (--peer-dir):
the settings mirror ours where they bear on speed (SQLite: WAL, synchronous=FULL, IMMEDIATE
transactions, a connection per request; PostgreSQL: connections kept 60 s with health checks),
mail goes to Django's dummy backend (ours queues the acknowledgement as a task row; neither
sends during the run). The peer's databases are its own: a PostgreSQL database on the same
server (--peer-database, dropped and re-made when it does not hold --tickets tickets) and a
SQLite file in --peer-dir.

Both servers run under gunicorn with the same worker count (measure.Server, one after the
other, never at once) and are driven by the same load generator (bench_intake.load_level) with
the same complaint texts (bench_intake.complaint_payload from bench/phrases.py):

- creation: ours POST /api/v1/complaints with an agent's API token (stored, triaged, routed,
  clocks started, acknowledgement queued: 201); the peer POST /api/tickets/ through its REST
  API with a staff user's token (Django REST framework's TokenAuthentication; 201). The API,
  not the public form, because ours is measured through its API too: the same shape of
  request (JSON in, JSON out, a token, no CSRF round trip), so the figure compares the work
  each does to store a ticket, not two different browser conversations. The peer's API
  answers only staff (IsAdminUser), so its user is a staff member.
- the filtered staff list, first page, signed in as staff: ours the console queue of the
  bench agent's department, open complaints, by first-response due (server-rendered, the
  rows in the page); the peer the rows of its ticket list for its busiest queue, open and
  reopened, by due date (the JSON its list page fetches, datatables_ticket_list; the page
  around it is measured too). The peer's tickets are bulk-loaded with the same texts and the
  same share of open ones as our archive, in 50 queues skewed like our departments, each with
  the follow-up "Ticket Opened" a created ticket has.

Latency is server time from each gunicorn's access log (measure.py). Prints each figure, the
ratios (ours/peer throughput, peer/ours latency) against the goal of 5, and the load average."""

from __future__ import annotations

import argparse
import base64
import importlib.metadata
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import measure
from bench.bench_intake import Sender, api_sender, complaint_payload, measure_levels
from bench.seed import load_manifest

PEER = "django-helpdesk"
PEER_VERSION = "2.6.1"
PEER_PASSWORD = "peer-bench-password"  # noqa: S105 (a throw-away bench database)
QUEUES = 50
GOAL = 5.0
# Outside the repository, thrown away with the machine.
TMP = Path(tempfile.gettempdir())
# The peer's statuses (helpdesk.settings defaults): open, reopened, resolved, closed.
PEER_OPEN, PEER_REOPENED, PEER_RESOLVED, PEER_CLOSED = 1, 2, 3, 4

PEER_SETTINGS = '''"""A minimal project serving django-helpdesk for bench/compare_peer.py."""
import os

SECRET_KEY = "peer-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize",
    "rest_framework", "rest_framework.authtoken", "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peerdesk.urls"
WSGI_APPLICATION = "peerdesk.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
if os.environ["PEER_DATABASE_ENGINE"] == "sqlite":
    # As Complaintdesk runs on SQLite (its settings.py).
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PEER_DATABASE_NAME"],
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }}
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PEER_DATABASE_NAME"],
        "HOST": os.environ.get("PEER_DATABASE_HOST", ""),
        "PORT": os.environ.get("PEER_DATABASE_PORT", ""),
        "USER": os.environ.get("PEER_DATABASE_USER", ""),
        "PASSWORD": os.environ.get("PEER_DATABASE_PASSWORD", ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [
    "rest_framework.authentication.TokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]}
SITE_ID = 1
# Teams need the optional pinax-teams; the knowledge base is not part of the comparison.
HELPDESK_TEAMS_MODE_ENABLED = False
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "UTC"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"level": "WARNING", "handlers": []}}
'''

PEER_URLS = """from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok")),
    path("", include("helpdesk.urls")),
]
"""

PEER_WSGI = """import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
application = get_wsgi_application()
"""

# Run with the peer's interpreter: migrate, a staff user with a token, queues, and the tickets
# bulk-loaded from the texts file, each with its "Ticket Opened" follow-up.
PEER_SEED = """import json, os, random, sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from helpdesk.models import FollowUp, Queue, Ticket

plan = json.load(open(sys.argv[1]))
call_command("migrate", verbosity=0, interactive=False)
User = get_user_model()
rnd = random.Random(10002)
now = timezone.now()
with transaction.atomic():
    bench = User.objects.create_superuser("bench", "bench@example.com", plan["password"])
    token = Token.objects.create(user=bench)
    staff = [bench] + [
        User.objects.create_user(f"staff{n}", f"staff{n}@example.com", plan["password"],
                                 is_staff=True)
        for n in range(20)
    ]
    queues = [
        Queue.objects.create(title=f"Queue {n}", slug=f"queue-{n}",
                             allow_public_submission=True, email_address=f"q{n}@example.com")
        for n in range(plan["queues"])
    ]
# Skewed like the departments: a few queues take most tickets.
weights = [1 / (n + 1) for n in range(len(queues))]
texts = [json.loads(line) for line in open(plan["texts"])]
made = 0
batch = 5000
span = plan["years"] * 365 * 86400
while made < plan["tickets"]:
    rows = []
    for n in range(made, min(made + batch, plan["tickets"])):
        title, description, email = texts[n % len(texts)]
        created = now - timedelta(seconds=span * (1 - n / plan["tickets"]) + rnd.random())
        share = rnd.random()
        if share < plan["open_share"] * 0.9:
            status = 1
        elif share < plan["open_share"]:
            status = 2
        else:
            status = 4 if rnd.random() < 0.8 else 3
        rows.append(Ticket(
            title=title[:200], queue=rnd.choices(queues, weights)[0], created=created,
            modified=created, submitter_email=email, description=description,
            status=status, priority=rnd.choice([1, 2, 3, 3, 3, 4, 5]),
            assigned_to=rnd.choice(staff) if rnd.random() < 0.7 else None,
            due_date=created + timedelta(days=14),
        ))
    with transaction.atomic():
        tickets = Ticket.objects.bulk_create(rows)
        FollowUp.objects.bulk_create(
            FollowUp(ticket=t, date=t.created, title="Ticket Opened", comment=t.description,
                     public=True)
            for t in tickets
        )
    made += len(rows)
    print(f"peer tickets: {made:,}/{plan['tickets']:,}", file=sys.stderr, flush=True)
json.dump({"token": token.key, "queues": [q.pk for q in queues],
           "tickets": Ticket.objects.count()}, sys.stdout)
"""


def peer_python(venv: Path) -> Path:
    """The peer's interpreter, installing the pinned peer into `venv` when it is not there."""
    python = venv / "bin" / "python"
    if python.exists():
        found = subprocess.run(  # noqa: S603 (the venv's own interpreter)
            [str(python), "-c", "import importlib.metadata as m, platform; "
             f"print(m.version('{PEER}'), platform.python_version())"],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if found.returncode == 0 and found.stdout.split() == [
            PEER_VERSION,
            platform.python_version(),
        ]:
            return python
    print(f"installing {PEER}=={PEER_VERSION} into {venv}", file=sys.stderr)
    # The interpreter this runs on, so both sides run the same Python.
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)  # noqa: S603
    ours = {name: importlib.metadata.version(name) for name in ("gunicorn", "psycopg")}
    subprocess.run(  # noqa: S603 (pip of the throw-away venv, pinned names)
        [str(python), "-m", "pip", "install", "--quiet", f"{PEER}=={PEER_VERSION}",
         f"gunicorn=={ours['gunicorn']}", f"psycopg[binary]=={ours['psycopg']}"],
        check=True,
    )  # fmt: skip
    return python


def write_project(directory: Path) -> None:
    package = directory / "peerdesk"
    package.mkdir(parents=True, exist_ok=True)
    for name, text in (("__init__.py", ""), ("settings.py", PEER_SETTINGS), ("urls.py", PEER_URLS),
                       ("wsgi.py", PEER_WSGI), ("seed.py", PEER_SEED)):  # fmt: skip
        (package / name).write_text(text)


def peer_environment(database: str, directory: Path, url: str) -> dict[str, str]:
    """What the generated settings read to find the peer's database."""
    if database == "sqlite":
        return {"PEER_DATABASE_ENGINE": "sqlite",
                "PEER_DATABASE_NAME": str(directory / "peer.sqlite3")}  # fmt: skip
    parts = urllib.parse.urlsplit(url)
    return {
        "PEER_DATABASE_ENGINE": "postgresql",
        "PEER_DATABASE_NAME": parts.path.lstrip("/"),
        "PEER_DATABASE_HOST": parts.hostname or "",
        "PEER_DATABASE_PORT": str(parts.port or ""),
        "PEER_DATABASE_USER": urllib.parse.unquote(parts.username or ""),
        "PEER_DATABASE_PASSWORD": urllib.parse.unquote(parts.password or ""),
    }


def postgres(url: str, *, database: str = "") -> Any:
    """An autocommit connection to the server of `url` (to `database` instead, if given)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        dbname=database or parts.path.lstrip("/"),
        host=parts.hostname or None,
        port=parts.port or None,
        user=urllib.parse.unquote(parts.username or "") or None,
        password=urllib.parse.unquote(parts.password or "") or None,
        autocommit=True,
    )


def open_share(database_url: str) -> float:
    """The share of our archive still open, so the peer's list filters as many rows."""
    from bench.bench_reads import OPEN_STATUSES

    with postgres(database_url) as db:
        open_rows, total = db.execute(
            "select count(*) filter (where status = any(%s)), count(*) from complaints_complaint",
            [list(OPEN_STATUSES)],
        ).fetchone()
    return int(open_rows) / max(int(total), 1)


def prepare_peer_database(
    python: Path, directory: Path, database: str, url: str, *, tickets: int, share: float
) -> dict[str, Any]:
    """The peer's database with `tickets` tickets (reused when it already holds them)."""
    environment = peer_environment(database, directory, url)
    state = directory / f"seeded-{database}.json"
    if state.exists():
        seeded = json.loads(state.read_text())
        if seeded.get("tickets") == tickets:
            return dict(seeded)
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(environment["PEER_DATABASE_NAME"] + suffix).unlink(missing_ok=True)
    else:
        from psycopg import sql

        name = sql.Identifier(environment["PEER_DATABASE_NAME"])
        with postgres(url, database="postgres") as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    texts = directory / "texts.jsonl"
    rnd = random.Random(10002)
    with texts.open("w") as out:
        for n in range(min(tickets, 20_000)):
            payload = complaint_payload(rnd, f"peer-seed-{n}")
            row = [payload["subject"], payload["description"], payload["customer"]["email"]]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    plan = directory / "plan.json"
    plan.write_text(json.dumps({"password": PEER_PASSWORD, "queues": QUEUES, "texts": str(texts),
                                "tickets": tickets, "open_share": share, "years": 3}))  # fmt: skip
    started = time.monotonic()
    seeded = json.loads(
        subprocess.run(  # noqa: S603 (the peer's interpreter, our generated script)
            [str(python), "-m", "peerdesk.seed", str(plan)],
            cwd=directory,
            env={**os.environ, **environment},
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        ).stdout
    )
    print(f"peer {database}: {seeded['tickets']:,} tickets in {time.monotonic() - started:.0f} s",
          file=sys.stderr)  # fmt: skip
    state.write_text(json.dumps(seeded))
    return dict(seeded)


def peer_sender(base: str, token: str, queues: list[int]) -> Callable[[int], Sender]:
    """The same complaint as ours gets, as a ticket through the peer's REST API."""

    def new(number: int) -> Sender:
        client = measure.Client(base, token=token, scheme="Token")

        def send(rnd: random.Random, serial: str) -> measure.Answer:
            payload = complaint_payload(rnd, serial)
            ticket = {
                "queue": rnd.choices(queues, [1 / (n + 1) for n in range(len(queues))])[0],
                "title": payload["subject"][:200],
                "description": payload["description"],
                "submitter_email": payload["customer"]["email"],
                "priority": 3,
            }
            return client.post_json("/api/tickets/", ticket)

        return send

    return new


def creation(
    side: str, new_sender: Callable[[int], Sender], server: measure.Server, args: argparse.Namespace
) -> dict[str, Any]:
    return measure_levels(
        side,
        new_sender,
        stored_status=201,
        memory=server.worker_rss_mib,
        server=server,
        concurrency=args.concurrency,
        runs=args.runs,
        seconds=args.seconds,
        max_requests=args.max_requests,
    )


def list_latency(
    server: measure.Server, client: measure.Client, paths: dict[str, str], requests: int
) -> dict[str, dict[str, float]]:
    """Each list `requests` times one after the other: p50/p95 of server time (ms)."""
    found: dict[str, dict[str, float]] = {}
    for name, path in paths.items():
        for _warm in range(3):
            client.get(path)
        ids = []
        for _n in range(requests):
            answer = client.get(path)
            if answer.status != 200:
                raise SystemExit(f"{name}: HTTP {answer.status} for {path}")
            ids.append(answer.request_id)
        time.sleep(0.3)
        times = server.server_times_ms()
        found[name] = measure.distribution([times[i] for i in ids if i in times])
    return found


def peer_list_paths(queue: int) -> dict[str, str]:
    query = {"filtering": {"queue__id__in": [queue], "status__in": [PEER_OPEN, PEER_REOPENED]},
             "filtering_null": {}, "sorting": "due_date", "sortreverse": False,
             "search_string": ""}  # fmt: skip
    encoded = base64.b64encode(json.dumps(query).encode()).decode()
    rows = urllib.parse.urlencode(
        {"draw": 1, "start": 0, "length": 25, "order[0][column]": 6, "order[0][dir]": "asc"}
    )
    page = urllib.parse.urlencode(
        [("queue", queue), ("status", PEER_OPEN), ("status", PEER_REOPENED), ("sort", "due_date")]
    )
    return {
        "filtered list rows (datatables JSON)": f"/datatables_ticket_list/{encoded}?{rows}",
        "filtered list page (HTML around it)": f"/tickets/?{page}",
    }


def compare(args: argparse.Namespace) -> dict[str, Any]:
    venv, directory = Path(args.peer_venv), Path(args.peer_dir)
    python = peer_python(venv)
    write_project(directory)
    peer_versions = subprocess.run(  # noqa: S603
        [str(python), "-c", "import django, platform; "
         "print(django.get_version(), platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    share = open_share(args.database_url)
    manifest = load_manifest(args.database_url)
    databases = [("postgresql", args.database_url, args.peer_database)]
    if args.sqlite_url:
        databases.append(("sqlite", args.sqlite_url, ""))
    report: dict[str, Any] = {
        "benchmark": "compare_peer",
        "machine": measure.machine(),
        "peer": {
            "name": PEER,
            "version": PEER_VERSION,
            "django": peer_versions[0],
            "python": peer_versions[1],
        },
        "workers": args.workers,
        "open_share": round(share, 4),
        "databases": {},
    }
    for database, ours_url, peer_url in databases:
        seeded = prepare_peer_database(
            python, directory, database, peer_url,
            tickets=args.tickets if database == "postgresql" else args.sqlite_tickets,
            share=share,
        )  # fmt: skip
        peer_options = {
            "python": str(python),
            "application": "peerdesk.wsgi:application",
            "directory": str(directory),
            "environment": peer_environment(database, directory, peer_url),
        }
        result: dict[str, Any] = {"ours": {}, "peer": {}}
        with measure.running(ours_url, workers=args.workers) as server:
            token = load_manifest(ours_url)["tokens"]["bench.agent"]
            result["ours"]["creation"] = creation(
                f"ours {database}", api_sender(server.base, token), server, args
            )
            if database == "postgresql":
                client = measure.Client(server.base)
                client.sign_in(manifest["bench_agent"], manifest["password"])
                department = manifest["bench_department_id"]
                result["ours"]["list"] = list_latency(
                    server, client,
                    {"filtered list (console queue, rows in the page)":
                     f"/?department={department}&sort=due"},
                    args.list_requests,
                )  # fmt: skip
        with measure.running(peer_url or "peer", workers=args.workers, **peer_options) as server:
            result["peer"]["creation"] = creation(
                f"peer {database}", peer_sender(server.base, seeded["token"], seeded["queues"]),
                server, args,
            )  # fmt: skip
            if database == "postgresql":
                client = measure.Client(server.base)
                client.sign_in("bench", PEER_PASSWORD)
                result["peer"]["list"] = list_latency(
                    server, client, peer_list_paths(seeded["queues"][0]), args.list_requests
                )
        result["peer_tickets"] = seeded["tickets"]
        report["databases"][database] = result
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}×" if denominator else "n/a"


def show(report: dict[str, Any]) -> None:
    peer = report["peer"]
    print(
        f"\nComplaintdesk vs {peer['name']} {peer['version']} (Django {peer['django']}, "
        f"Python {peer['python']}), gunicorn {report['workers']} workers each, "
        f"{report['machine']['nproc']} CPUs; load at start {report['machine']['load_average']}, "
        f"at end {report['load_average_at_end']}; goal {GOAL:.0f}×"
    )
    for database, result in report["databases"].items():
        print(f"\n{database}: creation (ours with triage and acknowledgement)")
        print(
            "concurrency  ours /s     peer /s     ratio   ours p50/p95/p99 ms   peer p50/p95/p99 ms"
        )
        ours_levels = result["ours"]["creation"]["results"]
        peer_levels = result["peer"]["creation"]["results"]
        for ours, theirs in zip(ours_levels, peer_levels, strict=True):
            a, b = ours["throughput"]["median"], theirs["throughput"]["median"]
            ours_ms = "/".join(f"{ours['server'][k]['median']:.0f}" for k in ("p50", "p95", "p99"))
            peer_ms = "/".join(
                f"{theirs['server'][k]['median']:.0f}" for k in ("p50", "p95", "p99")
            )
            print(f"{ours['concurrency']:>11}  {a:<10.1f}  {b:<10.1f}  {ratio(a, b):<6}  "
                  f"{ours_ms:<20}  {peer_ms}")  # fmt: skip
        rss = (result["ours"]["creation"]["results"][-1]["worker_peak_rss_mib"],
               result["peer"]["creation"]["results"][-1]["worker_peak_rss_mib"])  # fmt: skip
        print(f"peak RSS per worker: ours {rss[0]} MiB, peer {rss[1]} MiB")
        if "list" in result["ours"]:
            print(f"\n{database}: filtered staff list, first page "
                  f"({result['peer_tickets']:,} peer tickets)")  # fmt: skip
            ours_list = next(iter(result["ours"]["list"].values()))
            for name, figure in {**result["ours"]["list"], **result["peer"]["list"]}.items():
                side = "ours" if name in result["ours"]["list"] else "peer"
                print(f"  {side} {name}: p50 {figure['p50']:.1f} ms, p95 {figure['p95']:.1f} ms")
            peer_rows = result["peer"]["list"]["filtered list rows (datatables JSON)"]
            print(f"  latency ratio peer/ours: p50 {ratio(peer_rows['p50'], ours_list['p50'])}, "
                  f"p95 {ratio(peer_rows['p95'], ours_list['p95'])}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="ours on PostgreSQL, seeded (bench.seed --complaints 100000)",
    )
    parser.add_argument("--sqlite-url", default="", help="ours on SQLite, seeded (optional)")
    parser.add_argument(
        "--peer-database",
        default="postgres://postgres@127.0.0.1:5432/peer_helpdesk",
        help="the peer's own PostgreSQL database (dropped and re-made)",
    )
    parser.add_argument("--peer-venv", default=str(TMP / "peer-venv"))
    parser.add_argument("--peer-dir", default=str(TMP / "peer-project"))
    parser.add_argument("--tickets", type=int, default=100_000, help="peer tickets, PostgreSQL")
    parser.add_argument("--sqlite-tickets", type=int, default=3_000, help="peer tickets, SQLite")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20, help="per level and run")
    parser.add_argument("--max-requests", type=int, default=5_000)
    parser.add_argument("--list-requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both sides")
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")
    if str(Path(args.peer_venv).resolve()).startswith(str(Path.cwd().resolve())):
        parser.error("--peer-venv must lie outside the repository")
    report = compare(args)
    show(report)
    measure.save(args.json, report)


if __name__ == "__main__":
    main()
