"""How long routing and the deadlines take: routing, assignment and due-time computation per new
complaint, and one escalation sweep over 100,000 open complaints.

    .venv/bin/python -m bench.bench_sla \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench_sla \\
        --complaints 100000 --runs 3

Creates (drops first) the database named, migrates it and builds an organisation of five
departments in five time zones, each with its working hours and its country's public holidays,
40 people reading various languages, 20 routing rules, service-level policies per priority in
working hours and the default escalation ladder.

1. Per complaint: `route_complaint` (rules, default department, assignment by language, skill
   and load) then `start_clocks` (policy, department calendar with holidays, three clocks and
   their ladder thresholds), each complaint in its own committed transaction, as intake runs
   them. 1,000 fresh complaints per run: 20 to count the queries, the rest timed.
2. The sweep: 100,000 open complaints with running resolution clocks are loaded with
   bulk_create, then `run_escalation_sweep` runs once at a moment when 100 clocks have a step
   due (a minute in the life of a busy desk), and once when 10,000 have (a worker that was down
   for hours): each step claimed, recorded, its alert written and its e-mail queued. The steps
   are undone between runs.

Prints each figure as the median and range over the runs, and the machine it ran on."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

from bench import measure
from bench.seed import prepare_database

LANGUAGES = ("en", "fr", "es", "zh-hans")
DEPARTMENTS = (
    # code, name, zone, hours, holidays of
    ("billing", "Billing", "Europe/Paris", "Mon-Fri 09:00-17:00", "FR"),
    ("delivery", "Delivery", "America/New_York", "Mon-Fri 08:00-18:00", "US"),
    ("support", "Technical support", "Asia/Shanghai", "Mon-Sat 09:00-12:00, 13:00-18:00", "CN"),
    ("stores", "Stores", "Europe/London", "Mon-Sun 10:00-20:00", "GB"),
    ("safety", "Quality and safety", "UTC", "24/7", ""),
)
KEYWORDS = (
    "refund", "invoice", "charged", "parcel", "courier", "late", "broken", "router", "outage",
    "store", "cashier", "burn", "smoke", "remboursement", "colis", "retraso", "快递", "退款",
    "发票", "rude",
)  # fmt: skip
SUBJECTS = (
    "Charged twice for one order", "My parcel never came", "The router keeps rebooting",
    "Rude cashier at the store", "Smoke from the charger", "Remboursement non reçu",
    "El pedido llegó con retraso", "快递员很粗鲁", "Invoice does not match the order",
    "Nothing works since the outage",
)  # fmt: skip
SEED_BATCH = 5_000
# Complaints of each routing run whose queries are counted (and not timed).
COUNTED = 20
STEADY_DUE = 100
BACKLOG_DUE = 10_000


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_organisation(rnd: random.Random) -> dict[str, Any]:
    from complaintdesk.accounts.models import Department, Role, User
    from complaintdesk.complaints.models import Priority
    from complaintdesk.routing.models import RoutingRule, RoutingSettings
    from complaintdesk.sla.models import SlaPolicy

    departments = []
    for code, name, zone, hours, country in DEPARTMENTS:
        department = Department.objects.create(
            code=code, name=name, time_zone=zone, working_hours=hours, holiday_country=country
        )
        departments.append(department)
        head = User.objects.create(username=f"{code}-head", role=Role.SUPERVISOR)
        department.head = head
        department.save()
        supervisor = User.objects.create(username=f"{code}-supervisor", role=Role.SUPERVISOR)
        department.supervisors.add(supervisor)
        for n in range(8):
            person = User.objects.create(
                username=f"{code}-{n}",
                email=f"{code}-{n}@staff.example.com",
                role=Role.AGENT if n % 2 else Role.HANDLER,
                languages_read=rnd.sample(LANGUAGES, 2),
                skills=[rnd.choice(KEYWORDS)],
            )
            department.members.add(person)
    User.objects.create(username="quality", role=Role.QUALITY_MANAGER)
    for position, keyword in enumerate(KEYWORDS):
        RoutingRule.objects.create(
            name=f"Keyword {keyword}",
            position=position,
            keywords=keyword,
            channels=rnd.sample(["web", "email", "api", "phone"], 3),
            department=departments[position % len(departments)],
        )
    RoutingSettings.objects.update_or_create(pk=1, defaults={"default_department": departments[0]})
    for index, priority in enumerate(Priority.values):
        SlaPolicy.objects.create(
            name=f"{priority} in working hours",
            priority=priority,
            first_response=timedelta(hours=2 * (index + 1)),
            plan=timedelta(hours=8 * (index + 1)),
            resolution=timedelta(hours=40 * (index + 1)),
        )
    SlaPolicy.objects.create(name="Unassessed", resolution=timedelta(hours=80))
    return {"departments": departments}


def new_complaints(rnd: random.Random, count: int, tag: str, **fields: Any) -> list[Any]:
    """Complaints as intake stores them, written with bulk_create."""
    import hashlib

    from django.utils import timezone

    from complaintdesk.complaints.models import Complaint, Customer

    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {tag}-{n}", email=f"{tag}-{n}@example.com")
        for n in range(max(1, count // 10))
    )
    now = timezone.now()
    rows = []
    for n in range(count):
        reference = f"BN-{tag}-{n:07d}"
        rows.append(
            Complaint(
                reference=reference,
                customer=customers[n % len(customers)],
                channel=rnd.choice(["web", "email", "api", "phone"]),
                subject=rnd.choice(SUBJECTS),
                description="As the subject says.",
                language=rnd.choice(LANGUAGES),
                priority=rnd.choice(["", "p1", "p2", "p3", "p4"]),
                received_at=fields.get("received_at") or now,
                status=fields.get("status", "acknowledged"),
                tracking_salt="bench",
                tracking_hash=hashlib.sha256(reference.encode()).hexdigest(),
                **{k: v for k, v in fields.items() if k not in {"received_at", "status"}},
            )
        )
    made: list[Any] = []
    for start in range(0, len(rows), SEED_BATCH):
        made += Complaint.objects.bulk_create(rows[start : start + SEED_BATCH])
    return made


def route_and_time(rnd: random.Random, count: int, tag: str) -> dict[str, float]:
    """Milliseconds per complaint to route it, give it to someone and start its clocks."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from complaintdesk.routing.services import route_complaint
    from complaintdesk.sla.services import start_clocks

    complaints = new_complaints(rnd, count, tag)
    times = []
    for complaint in complaints[COUNTED:]:
        started = time.perf_counter()
        with transaction.atomic():
            route_complaint(complaint=complaint)
            start_clocks(complaint)
        times.append((time.perf_counter() - started) * 1000)
    # Queries counted apart, on a few complaints, so logging them does not slow the timing.
    queries = []
    for complaint in complaints[:COUNTED]:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            route_complaint(complaint=complaint)
            start_clocks(complaint)
        queries.append(len(captured))
    figures = measure.distribution(times)
    figures["queries"] = statistics.median(queries)
    return figures


def seed_open_complaints(rnd: random.Random, count: int) -> None:
    """`count` open complaints received over the last three weeks, each with a running
    resolution clock in its department's working hours, scheduled as start_clocks would."""
    from django.utils import timezone

    from complaintdesk.accounts.models import Department
    from complaintdesk.sla.models import Clock
    from complaintdesk.sla.services import Timekeeper, schedule

    departments = list(Department.objects.prefetch_related("members"))
    members = {d.pk: list(d.members.all()) for d in departments}
    now = timezone.now()
    keeper = Timekeeper(now)
    made = 0
    while made < count:
        size = min(SEED_BATCH, count - made)
        department = departments[(made // SEED_BATCH) % len(departments)]
        complaints = new_complaints(
            rnd, size, f"open{made}", status="investigating", department=department
        )
        clocks = []
        for complaint in complaints:
            complaint.received_at = now - timedelta(minutes=rnd.randrange(0, 21 * 24 * 60))
            complaint.owner = rnd.choice(members[department.pk])
            clock = Clock(
                complaint=complaint,
                kind="resolution",
                business_hours=True,
                allowed=timedelta(hours=80),
                started_at=complaint.received_at,
                basis="bench",
            )
            schedule(clock, keeper.clockwork(complaint, True), keeper.rungs(complaint))
            clocks.append(clock)
        from complaintdesk.complaints.models import Complaint

        Complaint.objects.bulk_update(complaints, ["received_at", "owner"], batch_size=SEED_BATCH)
        Clock.objects.bulk_create(clocks, batch_size=SEED_BATCH)
        made += size
        print(f"  seeded {made:,} open complaints", file=sys.stderr)


def undo_steps() -> None:
    """Put every clock back before its first step. The audit trail refuses deletes through
    the ORM; this bench database is thrown away, so its rows are removed with SQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in (
            "DELETE FROM sla_escalation",
            "DELETE FROM sla_breach",
            "DELETE FROM sla_staffalert",
            "DELETE FROM audit_event WHERE action LIKE 'sla.%%'",
            "DELETE FROM django_tasks_database_dbtaskresult",
            "UPDATE sla_clock SET next_rung = 0, breached_at = NULL, next_step_at = warning_at "
            "WHERE stopped_at IS NULL",
        ):
            cursor.execute(statement)


def sweep_when_due(due: int) -> dict[str, float]:
    """Seconds for one sweep at the moment `due` clocks have a step to take."""
    from complaintdesk.sla.escalation import run_escalation_sweep
    from complaintdesk.sla.models import Clock

    moment = (
        Clock.objects.filter(next_step_at__isnull=False)
        .order_by("next_step_at")
        .values_list("next_step_at", flat=True)[due - 1]
    )
    started = time.perf_counter()
    report = run_escalation_sweep(now=moment)
    seconds = time.perf_counter() - started
    steps = report.warnings + report.escalations
    return {"seconds": round(seconds, 2), "steps": steps, "breaches": report.breaches}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://…; dropped and made")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--routed", type=int, default=1_000, help="complaints routed per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default="", help="also write the results to this file")
    args = parser.parse_args(argv)

    prepare_database(args.database_url, replace=True)
    setup_django(args.database_url)
    rnd = random.Random(20261123)  # a repeatable bench
    build_organisation(rnd)

    routing_runs = []
    for run in range(args.runs):
        routing_runs.append(route_and_time(rnd, args.routed, f"r{run}"))
        print(f"routing run {run + 1}: {routing_runs[-1]}", file=sys.stderr)

    seed_started = time.perf_counter()
    seed_open_complaints(rnd, args.complaints)
    seed_seconds = time.perf_counter() - seed_started

    sweeps: dict[str, list[dict[str, float]]] = {"steady": [], "backlog": []}
    for run in range(args.runs):
        for name, due in (("steady", STEADY_DUE), ("backlog", BACKLOG_DUE)):
            undo_steps()
            sweeps[name].append(sweep_when_due(due))
            print(f"sweep {name} run {run + 1}: {sweeps[name][-1]}", file=sys.stderr)

    result = {
        "machine": measure.machine(),
        "command": " ".join(["python -m bench.bench_sla", *(argv or sys.argv[1:])]),
        "open_complaints": args.complaints,
        "seed_seconds": round(seed_seconds, 1),
        "routing_ms_p50": measure.across_runs(routing_runs, "p50"),
        "routing_ms_p95": measure.across_runs(routing_runs, "p95"),
        "routing_queries": measure.across_runs(routing_runs, "queries"),
        "sweep_steady_s": measure.across_runs(sweeps["steady"], "seconds"),
        "sweep_backlog_s": measure.across_runs(sweeps["backlog"], "seconds"),
        "sweep_backlog_steps": measure.across_runs(sweeps["backlog"], "steps"),
        "sweep_steady_steps": measure.across_runs(sweeps["steady"], "steps"),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        measure.save(args.json, result)


if __name__ == "__main__":
    main()
