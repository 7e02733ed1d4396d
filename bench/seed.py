"""Fill a database with a realistic archive of complaints to measure the product against.

    .venv/bin/python -m bench.seed --complaints 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench

Creates the database (refusing to touch an existing one unless --replace), runs the product's
migrations (`complaintdesk migrate`), then writes the company (organisation.py), its customers
and complaints with their audit trails and messages (population.py, rows.py) straight into the
product's tables (bulk.py): COPY on PostgreSQL, from worker processes that build the rows while
the database takes them in; the ORM on SQLite. One transaction: a failed seed leaves nothing.

Two accounts are made for the benchmarks, with API tokens: bench.agent, an agent of the busiest
department, and bench.quality, a quality manager who sees everything. Their credentials, the
reference of a complaint with 50 events and messages and the expected search results are
written to the manifest (var/bench/<database>.json), which bench_reads.py and bench_intake.py
read."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

DEFAULT_AGENT_PASSWORD = "bench-agent-password"  # noqa: S105 (a throw-away bench database)
CHUNK = 20_000
CUSTOMER_CHUNK = 100_000
# The tables each complaint's story writes (rows.story_rows), in the order they are loaded.
STORY_TABLES = ("complaints", "events", "messages", "clocks", "breaches", "assessments")


class Progress:
    """A progress line on stderr: redrawn in place on a terminal, every 10% in a log."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(f"[{self.elapsed()}] {text}\n")
        self.stream.flush()

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def bar(self, label: str, done: int, total: int, rate: float, last: list[int]) -> None:
        """Draw `label`'s bar; `last` keeps the tenth drawn last between calls."""
        width = 30
        filled = int(width * done / max(1, total))
        line = (
            f"[{self.elapsed()}] {label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:,}/{total:,} {rate:,.0f}/s"
        )
        tenth = 10 * done // max(1, total)
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if done >= total:
                self.stream.write("\n")
        elif tenth > last[0] or done >= total:
            self.stream.write(line + "\n")
        last[0] = tenth
        self.stream.flush()


@dataclass
class SeedResult:
    complaints: int
    customers: int
    events: int
    messages: int
    clocks: int
    breaches: int
    assessments: int
    open_complaints: int
    seconds: float
    bench_department_id: int
    bench_department_code: str
    bench_agent: str
    bench_quality: str
    password: str
    tokens: dict[str, str]
    long_story: str
    long_story_items: int
    # {language: {"term": …, "everywhere": n, "agent_scope": n, "agent_queue": n}}
    search: dict[str, dict[str, Any]]


# Set before the worker processes fork, so they inherit the plan instead of receiving it.
_ARCHIVE: Any = None
_TABLES: dict[str, Any] = {}


def _rows_to_files(task: tuple[str, int, int, str]) -> tuple[list[tuple[str, Path]], Any]:
    """Worker: one chunk's rows, written as COPY files."""
    from bench.bulk import CopyFile
    from bench.rows import customer_rows, story_rows

    kind, start, stop, directory = task
    folder = Path(directory)
    if kind == "customers":
        sink = CopyFile(folder / f"customers-{start}.copy", _TABLES["customers"])
        for row in customer_rows(_ARCHIVE, start, stop):
            sink(row)
        sink.close()
        return [("customers", sink.path)], None
    sinks = {key: CopyFile(folder / f"{key}-{start}.copy", _TABLES[key]) for key in STORY_TABLES}
    tally = story_rows(_ARCHIVE, start, stop, **sinks)
    for sink in sinks.values():
        sink.close()
    return [(key, sink.path) for key, sink in sinks.items()], tally


def seed(
    *,
    complaints: int,
    years: float = 3,
    random_seed: int = 10002,
    jobs: int = 1,
    fresh: bool = False,
    assessed_days: float = 90,
    agent_password: str = DEFAULT_AGENT_PASSWORD,
    progress: Progress | None = None,
) -> SeedResult:
    """Write the archive into the configured database, in one transaction. `fresh`: the
    database was just created, so its tables may be truncated and loaded frozen (PostgreSQL
    then never rewrites the pages to mark them visible). `jobs`: worker processes building
    rows for COPY; 0 builds them in this process. `assessed_days`: complaints received in that
    many days before now (and every open one) get their triage assessment rows."""
    import numpy as np
    from django.conf import settings
    from django.db import connection, models, transaction

    from bench import organisation
    from bench.bulk import (
        RowList,
        Table,
        copy_from_file,
        indexes_set_aside,
        insert_rows,
        next_id,
        reset_sequences,
    )
    from bench.handling import (
        ASSESSMENT_COLUMNS,
        BREACH_COLUMNS,
        CLOCK_COLUMNS,
        ServiceLevels,
        create_service_levels,
    )
    from bench.history import reference_for
    from bench.population import plan_complaints
    from bench.rows import (
        COMPLAINT_COLUMNS,
        CUSTOMER_COLUMNS,
        EVENT_COLUMNS,
        MESSAGE_COLUMNS,
        Archive,
        SearchTally,
        customer_rows,
        story_rows,
    )
    from complaintdesk.accounts.models import Department, User
    from complaintdesk.audit.models import Event
    from complaintdesk.complaints.models import Category, Complaint, Customer, Message
    from complaintdesk.sla.models import Breach, Clock
    from complaintdesk.triage.models import FieldAssessment

    global _ARCHIVE
    progress = progress or Progress()
    started = time.monotonic()
    postgres = connection.vendor == "postgresql"
    tables = {
        "customers": Table(Customer, CUSTOMER_COLUMNS),
        "complaints": Table(Complaint, COMPLAINT_COLUMNS),
        "events": Table(Event, EVENT_COLUMNS),
        "messages": Table(Message, MESSAGE_COLUMNS),
        "clocks": Table(Clock, CLOCK_COLUMNS),
        "breaches": Table(Breach, BREACH_COLUMNS),
        "assessments": Table(FieldAssessment, ASSESSMENT_COLUMNS),
    }
    rng = np.random.default_rng(random_seed)
    now = int(time.time())

    with transaction.atomic():
        if fresh and postgres:
            with connection.cursor() as cursor:
                names = ", ".join(connection.ops.quote_name(t.name) for t in tables.values())
                cursor.execute(f"TRUNCATE {names} CASCADE")
        org = organisation.create_organisation(rng, agent_password=agent_password)
        progress.say(
            f"organisation: {len(org.department_ids)} departments, "
            f"{Category.objects.count()} categories, {User.objects.count()} staff"
        )
        policies = create_service_levels(org)
        customers, plan = plan_complaints(rng, complaints, org, now=now, years=years)
        archive = Archive(
            org=org,
            customers=customers,
            complaints=plan,
            now=now,
            seed=random_seed,
            first_customer_id=next_id(Customer),
            first_complaint_id=next_id(Complaint),
            first_event_id=next_id(Event),
            first_message_id=next_id(Message),
            first_response_hours=settings.FIRST_RESPONSE_HOURS,
            resolution_days=settings.RESOLUTION_DAYS,
            levels=ServiceLevels(
                policy_ids=policies,
                default_first_response=settings.FIRST_RESPONSE_HOURS * 3600,
                default_resolution=settings.RESOLUTION_DAYS * 86_400,
                first_clock_id=next_id(Clock),
                first_breach_id=next_id(Breach),
                first_assessment_id=next_id(FieldAssessment),
                assessed_since=now - int(assessed_days * 86_400),
            ),
        )
        events, messages = int(plan.events.sum()), int(plan.messages.sum())
        progress.say(
            f"planned: {customers.count:,} customers, {complaints:,} complaints, "
            f"{events:,} events, {messages:,} messages"
        )

        tally = SearchTally()
        if postgres:
            _ARCHIVE = archive
            _TABLES.update(tables)
            tasks = [
                ("customers", start, min(start + CUSTOMER_CHUNK, customers.count))
                for start in range(0, customers.count, CUSTOMER_CHUNK)
            ]
            tasks += [
                ("stories", start, min(start + CHUNK, complaints))
                for start in range(0, complaints, CHUNK)
            ]
            with (
                tempfile.TemporaryDirectory(prefix="complaintdesk-seed-") as directory,
                indexes_set_aside(list(tables.values()), progress.say),
            ):
                work = [(kind, start, stop, directory) for kind, start, stop in tasks]
                last = {"customers": [-1], "complaints": [-1]}
                # Each phase's rate counts from the end of the one before.
                phase_started = {"customers": time.monotonic(), "complaints": 0.0}
                if jobs > 0:
                    # Forked after the plan is built, so the workers share it; they never
                    # touch this process's database connection.
                    pool = multiprocessing.get_context("fork").Pool(jobs)
                    results: Iterable[tuple[list[tuple[str, Path]], Any]] = pool.imap(
                        _rows_to_files, work
                    )
                else:
                    pool = None
                    results = map(_rows_to_files, work)
                try:
                    for (kind, _start, stop, _d), (files, chunk_tally) in zip(
                        work, results, strict=True
                    ):
                        for key, path in files:
                            copy_from_file(tables[key], path, freeze=fresh)
                            path.unlink()
                        label, total = ("customers", customers.count)
                        if kind == "stories":
                            label, total = ("complaints", complaints)
                            tally.add(chunk_tally)
                        elif stop == total:
                            phase_started["complaints"] = time.monotonic()
                        rate = stop / max(1e-3, time.monotonic() - phase_started[label])
                        progress.bar(label, stop, total, rate, last[label])
                finally:
                    if pool is not None:
                        pool.terminate()
                        pool.join()
                progress.say("rebuilding indexes and constraints")
        else:
            insert_rows(tables["customers"], customer_rows(archive, 0, customers.count))
            drawn = [-1]
            for start in range(0, complaints, CHUNK):
                stop = min(start + CHUNK, complaints)
                sinks = {key: RowList() for key in STORY_TABLES}
                tally.add(story_rows(archive, start, stop, **sinks))
                for key, sink in sinks.items():
                    insert_rows(tables[key], sink.rows)
                progress.bar("complaints", stop, complaints, 0, drawn)
        written: list[type[models.Model]] = [Customer, Complaint, Event, Message, Clock, Breach]
        reset_sequences([*written, FieldAssessment, Department, Category, User])
        tokens = organisation.issue_bench_tokens(org)

    if postgres:
        progress.say("analysing tables")
        # VACUUM also marks the pages all-visible, for index-only scans; it cannot run inside
        # a caller's transaction (a test's), where ANALYZE alone has to do.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in tables.values():
                cursor.execute(f"{command} {connection.ops.quote_name(table.name)}")

    from bench.phrases import BANKS, SHORT_SEARCH_TERMS

    long_story = (
        int(plan.long_stories[0])
        if len(plan.long_stories)
        else int(np.argmax(plan.events + plan.messages))
    )
    open_count = Complaint.objects.exclude(status__in=["closed", "withdrawn"]).count()
    return SeedResult(
        complaints=complaints,
        customers=customers.count,
        events=events,
        messages=messages,
        clocks=Clock.objects.count(),
        breaches=Breach.objects.count(),
        assessments=FieldAssessment.objects.count(),
        open_complaints=open_count,
        seconds=round(time.monotonic() - started, 1),
        bench_department_id=org.department_ids[org.bench_department],
        bench_department_code=org.department_codes[org.bench_department],
        bench_agent=organisation.BENCH_AGENT,
        bench_quality=organisation.BENCH_QUALITY,
        password=agent_password,
        tokens=tokens,
        long_story=reference_for(archive.first_complaint_id + long_story),
        long_story_items=int(plan.events[long_story] + plan.messages[long_story]),
        search={
            bank.language: {
                "term": bank.search_term,
                "everywhere": tally.everywhere.get(bank.search_term.lower(), 0),
                "agent_scope": tally.agent_scope.get(bank.search_term.lower(), 0),
                "agent_queue": tally.agent_queue.get(bank.search_term.lower(), 0),
            }
            for bank in BANKS
        }
        | {
            name: {
                "term": term,
                "everywhere": tally.everywhere.get(term.lower(), 0),
                "agent_scope": tally.agent_scope.get(term.lower(), 0),
                "agent_queue": tally.agent_queue.get(term.lower(), 0),
            }
            for name, term in SHORT_SEARCH_TERMS.items()
        },
    )


def manifest_path(database_url: str) -> Path:
    """Where the seed leaves what the benchmarks need to know about a database."""
    import dj_database_url

    name = Path(str(dj_database_url.parse(database_url)["NAME"])).stem
    data = Path(os.environ.get("COMPLAINTDESK_DATA", "./var")).resolve()
    return data / "bench" / f"{name}.json"


def load_manifest(database_url: str) -> dict[str, Any]:
    path = manifest_path(database_url)
    if not path.exists():
        raise SystemExit(f"no seed manifest at {path}: run bench/seed.py on that database first")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def prepare_database(url: str, *, replace: bool) -> None:
    """Create the database named by the URL, dropping it first with --replace."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        if path.exists():
            if not replace:
                raise SystemExit(f"{path} exists; pass --replace to start it afresh")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = config["NAME"]
    with psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not replace:
            raise SystemExit(f"database {name} exists; pass --replace to drop and recreate it")
        if exists:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, required=True, help="how many complaints")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://… or sqlite:///…; created by the seed (default: $DATABASE_URL)",
    )
    parser.add_argument("--years", type=float, default=3, help="period covered (default 3)")
    parser.add_argument("--seed", type=int, default=10002, help="random seed")
    parser.add_argument(
        "--jobs",
        type=int,
        default=max(1, (os.cpu_count() or 2) - 1),
        help="processes building rows for COPY (default: one less than the CPUs, at least 1)",
    )
    parser.add_argument(
        "--assessed-days",
        type=float,
        default=90,
        help="complaints received in this many last days (and all open ones) get their triage "
        "assessment rows (default 90)",
    )
    parser.add_argument("--replace", action="store_true", help="drop the database if it exists")
    parser.add_argument("--agent-password", default=DEFAULT_AGENT_PASSWORD)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")
    if args.complaints < 1:
        parser.error("--complaints must be at least 1")

    progress = Progress()
    prepare_database(args.database_url, replace=args.replace)
    environment = {**os.environ, "DATABASE_URL": args.database_url}
    progress.say("running the product's migrations (complaintdesk migrate)")
    subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "migrate", "--no-input", "-v", "0"],
        env=environment,
        check=True,
    )
    os.environ.update(
        DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="complaintdesk.settings"
    )
    import django

    django.setup()
    result = seed(
        complaints=args.complaints,
        years=args.years,
        random_seed=args.seed,
        jobs=args.jobs,
        fresh=True,
        assessed_days=args.assessed_days,
        agent_password=args.agent_password,
        progress=progress,
    )
    path = manifest_path(args.database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(asdict(result), indent=2, ensure_ascii=False))
    progress.say(
        f"done in {result.seconds:.0f} s: {result.complaints:,} complaints "
        f"({result.open_complaints:,} open), {result.customers:,} customers, "
        f"{result.events:,} events, {result.messages:,} messages, {result.clocks:,} clocks "
        f"({result.breaches:,} breached), {result.assessments:,} field assessments"
    )
    print(f"manifest: {path}")
    print(
        f"sign in as {result.bench_agent} / {result.password} "
        f"(department {result.bench_department_code}); "
        f"complaint with {result.long_story_items} events and messages: {result.long_story}"
    )


if __name__ == "__main__":
    main()
