"""How fast agents read on a seeded archive: the queue, a complaint with 50 events and
messages, and free-text search in each language, through the console and the API.

    .venv/bin/python -m bench.bench_reads \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench --runs 3

Starts the product under gunicorn (2 workers, a free loopback port), signs in as the seed's
bench agent, and sends each request of a scenario one after the other, so no request waits
for another. Reports each scenario's server-side p50 and p95 (see measure.py) as the median
and range over the runs, against the issue's targets, and checks that every answer is 200 and
that searches find exactly the complaints the seed wrote with the term (a count above 1,000
must be shown as "1,000+")."""

from __future__ import annotations

import argparse
import os
import re
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from bench import measure
from bench.phrases import SHORT_SEARCH_TERMS
from bench.seed import load_manifest

OPEN_STATUSES = (
    "received", "acknowledged", "triaged", "investigating", "waiting_on_customer",
    "remedy_proposed", "in_remedy", "resolved", "follow_up", "reopened",
)  # fmt: skip
QUEUE_TARGET_MS = 50
COMPLAINT_TARGET_MS = 50
SEARCH_TARGET_MS = 200
CONSOLE_TOTAL = re.compile(rb'data-total="(\d+)"( data-total-capped)?')
# A text search counts up to this many and says "1,000+" beyond (complaints.search).
SEARCH_TOTAL_CAP = 1_000


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    # "session": the console signed in as the agent; "agent"/"quality": their API tokens.
    who: str
    target_ms: float
    expected_total: int | None = None

    def total_in(self, answer: measure.Answer) -> tuple[int, bool] | None:
        """The total the answer shows, and whether it says there are more."""
        if self.who == "session":
            match = CONSOLE_TOTAL.search(answer.body)
            return (int(match[1]), bool(match[2])) if match else None
        body = answer.json()
        return int(body["total"]), bool(body.get("total_capped"))

    def expected_answer(self) -> tuple[int, bool] | None:
        """What a search must show for the seed's count: the count, or the cap and "more"."""
        if self.expected_total is None:
            return None
        if self.expected_total > SEARCH_TOTAL_CAP:
            return SEARCH_TOTAL_CAP, True
        return self.expected_total, False


def scenarios(manifest: dict[str, Any], *, check_totals: bool = True) -> list[Scenario]:
    """What is measured; searches know how many complaints they must find, unless the
    database no longer holds exactly what the seed wrote (`check_totals`)."""
    department = manifest["bench_department_id"]
    code = manifest["bench_department_code"]
    complaint = f"/complaints/{manifest['long_story']}"
    open_filter = urllib.parse.urlencode([("status", s) for s in OPEN_STATUSES])
    queue, page, search = QUEUE_TARGET_MS, COMPLAINT_TARGET_MS, SEARCH_TARGET_MS
    found = [
        Scenario(
            "queue · console · own department, open, what is due first",
            f"/?department={department}&sort=next_due",
            "session",
            queue,
        ),
        Scenario(
            "queue · console · own department, open, by first response due",
            f"/?department={department}&sort=due",
            "session",
            queue,
        ),
        Scenario("queue · console · default view (open, newest)", "/", "session", queue),
        Scenario(
            "queue · API · own department, open, by first response due",
            f"/api/v1/complaints?department={code}&{open_filter}&sort=first_response_due",
            "agent",
            queue,
        ),
        Scenario("complaint · console page (50 events+messages)", f"{complaint}/", "session", page),
        Scenario("complaint · API detail", f"/api/v1{complaint}", "agent", page),
        Scenario("complaint · API events", f"/api/v1{complaint}/events", "agent", page),
        Scenario("complaint · API messages", f"/api/v1{complaint}/messages", "agent", page),
    ]
    searches = dict(manifest["search"])
    # A seed from before a term was added has no count for it: searched, not checked.
    for name, term in SHORT_SEARCH_TERMS.items():
        searches.setdefault(name, {"term": term, "unknown": True})
    for language, expected in searches.items():
        term = urllib.parse.quote(expected["term"])
        checked = check_totals and not expected.get("unknown")
        totals = (
            expected if checked else dict.fromkeys(("agent_scope", "everywhere", "agent_queue"))
        )
        api = f"/api/v1/complaints?q={term}"
        found += [
            Scenario(
                f"search {language} · API · agent scope", api, "agent", search,
                totals["agent_scope"],
            ),
            Scenario(
                f"search {language} · API · whole archive (quality manager)", api, "quality",
                search, totals["everywhere"],
            ),
            Scenario(
                f"search {language} · console · open complaints in scope", f"/?q={term}",
                "session", search, totals["agent_queue"],
            ),
        ]  # fmt: skip
    return found


def run_scenario(
    client: measure.Client, scenario: Scenario, *, requests: int, budget: float
) -> tuple[list[str], list[str]]:
    """Send the scenario's request up to `requests` times (fewer if `budget` seconds run out,
    but at least three); return the request ids and any problems seen."""
    ids: list[str] = []
    problems: list[str] = []
    started = time.monotonic()
    while len(ids) < requests and (len(ids) < 3 or time.monotonic() - started < budget):
        answer = client.get(scenario.path)
        ids.append(answer.request_id)
        if answer.status != 200:
            problems.append(f"HTTP {answer.status}")
            continue
        if scenario.expected_total is not None and len(ids) == 1:
            shown, expected = scenario.total_in(answer), scenario.expected_answer()
            if shown != expected:
                problems.append(
                    f"showed {shown} (total, more?), the seed wrote {scenario.expected_total}"
                )
    return ids, problems


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="per scenario and run")
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds per scenario and run, at most"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")

    manifest = load_manifest(args.database_url)
    database = measure.database_facts(args.database_url)
    unchanged = database["complaints"] == manifest["complaints"]
    if not unchanged:
        print(
            f"The database holds {database['complaints']:,} complaints, the seed wrote "
            f"{manifest['complaints']:,} (intake benchmarks add some): search totals are not "
            "checked. Seed afresh to check them."
        )
    chosen = [s for s in scenarios(manifest, check_totals=unchanged) if args.only in s.name]
    per_run: dict[str, list[list[str]]] = {s.name: [] for s in chosen}
    problems: dict[str, list[str]] = {s.name: [] for s in chosen}
    with measure.running(args.database_url, workers=args.workers) as server:
        session = measure.Client(server.base)
        session.sign_in(manifest["bench_agent"], manifest["password"])
        clients = {
            "session": session,
            "agent": measure.Client(server.base, token=manifest["tokens"]["bench.agent"]),
            "quality": measure.Client(server.base, token=manifest["tokens"]["bench.quality"]),
        }
        # Warm up: each worker imports its templates and opens its connection.
        for scenario in chosen:
            for _ in range(2 * args.workers):
                clients[scenario.who].get(scenario.path)
        for run in range(args.runs):
            for scenario in chosen:
                ids, seen = run_scenario(
                    clients[scenario.who], scenario, requests=args.requests, budget=args.budget
                )
                per_run[scenario.name].append(ids)
                problems[scenario.name] += seen
            print(f"run {run + 1}/{args.runs} done")
        time.sleep(0.5)  # let gunicorn write its last log lines
        times = server.server_times_ms()
        rss = server.worker_rss_mib()

    results: list[dict[str, Any]] = []
    for scenario in chosen:
        runs = [
            measure.distribution([times[i] for i in ids if i in times])
            for ids in per_run[scenario.name]
        ]
        p95 = measure.across_runs(runs, "p95")
        results.append(
            {
                "scenario": scenario.name,
                "path": scenario.path,
                "target_p95_ms": scenario.target_ms,
                "runs": runs,
                "p50": measure.across_runs(runs, "p50"),
                "p95": p95,
                "meets_target": p95["median"] <= scenario.target_ms,
                "problems": sorted(set(problems[scenario.name])),
            }
        )

    width = max(len(r["scenario"]) for r in results)
    print(f"\n{'scenario':<{width}}  {'p50 server':<24}  {'p95 server':<24}  target  checks")
    for r in results:
        verdict = "ok" if r["meets_target"] else "MISSED"
        checks = "; ".join(r["problems"]) or "ok"
        print(
            f"{r['scenario']:<{width}}  {measure.shown(r['p50']):<24}  "
            f"{measure.shown(r['p95']):<24}  {verdict:<6}  {checks}"
        )
    print(f"worker RSS after the run: {', '.join(f'{v:.0f} MiB' for v in rss.values())}")
    measure.save(
        args.json,
        {
            "benchmark": "reads",
            "machine": measure.machine(),
            "database": database,
            "search_totals_checked": unchanged,
            "workers": args.workers,
            "runs": args.runs,
            "requests_per_run": args.requests,
            "worker_rss_mib": list(rss.values()),
            "results": results,
        },
    )


if __name__ == "__main__":
    main()
