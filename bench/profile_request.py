"""Where one request spends its time, on a seeded archive: its SQL queries (count, slowest
first, with PostgreSQL's plan for the slowest) and a pyinstrument profile of the Python.

    .venv/bin/python -m bench.profile_request \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench \\
        --as session --explain "/?department=1&sort=due"

Runs the request in this process through Django's test client (no server), as the seed's
bench agent (`session`: signed in to the console; `agent` or `quality`: their API tokens).
`--file-complaint` profiles POST /api/v1/complaints instead, with a realistic complaint (each
one is stored). Needs pyinstrument (pip install pyinstrument; not a product dependency)."""

from __future__ import annotations

import argparse
import json
import os
import random
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default="/")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--as", dest="who", choices=("session", "agent", "quality"), default="session"
    )
    parser.add_argument("--file-complaint", action="store_true", help="profile filing instead")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the 3 slowest")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")

    from bench.seed import load_manifest

    manifest = load_manifest(args.database_url)
    os.environ.update(
        DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="complaintdesk.settings"
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from bench.bench_intake import complaint_payload
    from complaintdesk.accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1")
    headers = {}
    if args.who == "session":
        client.force_login(User.objects.get(username=manifest["bench_agent"]))
    else:
        token = manifest["tokens"][f"bench.{args.who}"]
        headers["Authorization"] = f"Bearer {token}"
    rnd = random.Random(time.time_ns())

    def request(number: int) -> int:
        if args.file_complaint:
            answer = client.post(
                "/api/v1/complaints",
                json.dumps(complaint_payload(rnd, f"profile-{time.time_ns()}-{number}")),
                content_type="application/json",
                headers=headers,
            )
        else:
            answer = client.get(args.path, headers=headers)
        return answer.status_code

    for number in range(3):
        request(number)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        status = request(3)
        elapsed = (time.perf_counter() - started) * 1000
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total_sql = sum(float(q["time"]) for q in queries) * 1000
    print(f"HTTP {status}, {elapsed:.1f} ms, {len(queries)} queries taking {total_sql:.1f} ms")
    for query in queries[:10]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")

    if args.explain and connection.vendor == "postgresql":
        for query in queries[:3]:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
            print(f"\n  plan of: {query['sql'][:160]}\n{plan}")

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for number in range(args.repeat):
        request(10 + number)
    profiler.stop()
    print(
        profiler.output_text(
            unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
        )
    )


if __name__ == "__main__":
    main()
