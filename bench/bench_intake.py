"""How fast complaints come in: through the API (POST /api/v1/complaints), the SMTP listener
(`complaintdesk smtpd`) and the public web form, at several concurrencies, with the
acknowledgement (message and queued e-mail) written in the same transaction, as in production.

    .venv/bin/python -m bench.bench_intake \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench \\
        --channels api smtp web --concurrency 1 8 32 --runs 3 --seconds 20

api: the product under gunicorn (2 workers, a free loopback port), client threads posting JSON
with the seeded bench agent's token. smtp: `complaintdesk smtpd` on a free loopback port, each
client thread one SMTP connection (as a relaying mail server keeps one open) sending new
complaints with smtplib; a message counts once the listener answered 250, which it does only
after the commit. web: gunicorn again, each client thread a browser without JavaScript that
loads /complain/ (CSRF cookie and token, form key) and posts the form, multipart, a fifth with a
small photo, in the language its Accept-Language asks for; a complaint counts on the 302 to the
confirmation. All web clients come from 127.0.0.1, so the per-address limit
(WEBFORM_SUBMISSIONS_PER_HOUR, default 10) is raised for the bench's server: it is still counted
on every submission but never answers.

Each level has that many client threads file complaints as fast as they are answered, for a
fixed time per level and run. Reports sustained throughput (complaints stored per second),
latency percentiles (server time from gunicorn's log for api and web; for smtp the client's
time from MAIL FROM to the 250 after DATA, there being no access log), and the most memory
each server process used under load (VmRSS, sampled five times a second). The background
worker is not started, so the queued acknowledgement e-mails wait in the task table rather
than competing for the CPUs."""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import smtplib
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from bench import measure
from bench.phrases import BANKS, LANGUAGE_SHARES, THEMES
from bench.seed import load_manifest

CHANNELS = ("api", "web", "email", "phone")
# Some customers complain again: found by e-mail and joined to their history.
RETURNING_SHARE = 0.3


def complaint_payload(rnd: random.Random, serial: str) -> dict[str, Any]:
    """A complaint as an integration would send it, in one of the four languages."""
    bank = rnd.choices(BANKS, weights=LANGUAGE_SHARES)[0]
    theme = bank.themes[rnd.choice(THEMES)]
    amount = round(rnd.uniform(10, 400), 2)
    slots = {
        "item": rnd.choice(bank.items),
        "order": str(rnd.randrange(10_000_000, 99_999_999)),
        "amount": f"{amount:.2f} {bank.currency}",
        "date": bank.date(rnd.randrange(1, 29), rnd.randrange(1, 13)),
    }
    joiner = "" if bank.family_name_first else " "
    description = joiner.join(
        [rnd.choice(bank.openings), rnd.choice(theme.problems).format(**slots),
         rnd.choice(bank.asks)]
    )  # fmt: skip
    name, local = bank.name(rnd.randrange(16), rnd.randrange(16))
    who = rnd.randrange(200) if rnd.random() < RETURNING_SHARE else serial
    payload: dict[str, Any] = {
        "customer": {"name": name, "email": f"{local}.intake-{who}@example.com"},
        "subject": rnd.choice(theme.subjects).format(**slots),
        "description": description,
        "language": bank.language,
        "channel": rnd.choice(CHANNELS),
        "product_reference": f"ORD-{slots['order']}",
    }
    if rnd.random() < 0.3:
        payload["claimed_amount"] = f"{amount:.2f}"
        payload["claimed_currency"] = bank.currency
        payload["remedy_sought"] = ["refund"]
    return payload


# A sender files one complaint and returns the answer; one sender per client thread.
Sender = Callable[[random.Random, str], measure.Answer]
INTAKE_ADDRESS = "complaints@localhost"
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(4000)
PHOTO_SHARE = 0.2


def api_sender(base: str, token: str) -> Callable[[int], Sender]:
    def new(number: int) -> Sender:
        client = measure.Client(base, token=token)
        return lambda rnd, serial: client.post_json(
            "/api/v1/complaints", complaint_payload(rnd, serial)
        )

    return new


def mail_of(payload: dict[str, Any]) -> bytes:
    """The complaint as a customer's mail program would send it (UTF-8, quoted-printable)."""
    customer = payload["customer"]
    mail = EmailMessage()
    mail["From"] = f"{customer['name']} <{customer['email']}>"
    mail["To"] = INTAKE_ADDRESS
    mail["Subject"] = payload["subject"]
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain="customer.example.com")
    mail.set_content(f"{payload['description']}\n\n{payload['product_reference']}\n")
    return bytes(mail)


def smtp_sender(port: int) -> Callable[[int], Sender]:
    def new(number: int) -> Sender:
        connection = smtplib.SMTP(measure.LOOPBACK, port, timeout=measure.REQUEST_TIMEOUT)
        connection.ehlo("relay.bench.example")

        def send(rnd: random.Random, serial: str) -> measure.Answer:
            payload = complaint_payload(rnd, serial)
            raw = mail_of(payload)
            started = time.perf_counter()
            try:
                connection.mail(payload["customer"]["email"])
                connection.rcpt(INTAKE_ADDRESS)
                code, reply = connection.data(raw)
            except smtplib.SMTPResponseException as refusal:  # counted as a failure
                connection.rset()
                error = refusal.smtp_error
                code, reply = (
                    refusal.smtp_code,
                    error if isinstance(error, bytes) else error.encode(),
                )
            elapsed = (time.perf_counter() - started) * 1000
            return measure.Answer("", code, reply, elapsed)

        return send

    return new


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # the 302 is the answer
        return None


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    boundary = f"----bench{random.getrandbits(64):016x}"
    parts = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden(form: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', form)
    if match is None:
        raise RuntimeError(f"the web form has no {name}")
    return match[1]


def web_sender(base: str) -> Callable[[int], Sender]:
    def new(number: int) -> Sender:
        client = measure.Client(base)
        client.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(client.cookies), _NoRedirects
        )

        def send(rnd: random.Random, serial: str) -> measure.Answer:
            payload = complaint_payload(rnd, serial)
            language = {"Accept-Language": payload["language"]}
            form = client.request("GET", "/complain/", headers=language).body.decode()
            fields = [
                ("csrfmiddlewaretoken", hidden(form, "csrfmiddlewaretoken")),
                ("form_key", hidden(form, "form_key")),
                ("name", payload["customer"]["name"]),
                ("email", payload["customer"]["email"]),
                ("description", payload["description"]),
                ("product_reference", payload["product_reference"]),
                ("occurred_on", "2026-01-15"),
                ("consent", "on"),
            ]
            if "claimed_amount" in payload:
                fields += [
                    ("remedy_sought", "refund"),
                    ("claimed_amount", payload["claimed_amount"]),
                    ("claimed_currency", payload["claimed_currency"]),
                ]
            files = [("attachments", "photo.jpg", PHOTO)] if rnd.random() < PHOTO_SHARE else []
            body, content_type = multipart(fields, files)
            return client.request(
                "POST",
                "/complain/",
                body=body,
                headers={**language, "Content-Type": content_type},
            )

        return send

    return new


def load_level(
    new_sender: Callable[[int], Sender],
    *,
    stored_status: int,
    memory: Callable[[], dict[int, float]],
    concurrency: int,
    seconds: float,
    max_requests: int,
    tag: str,
) -> dict[str, Any]:
    """`concurrency` threads filing complaints for `seconds` (or `max_requests` in all)."""
    answers: list[measure.Answer] = []
    lock = threading.Lock()
    peak: dict[int, float] = {}
    sampling = threading.Event()
    senders = [new_sender(n) for n in range(concurrency)]
    deadline = time.monotonic() + seconds

    def file_complaints(number: int) -> None:
        send = senders[number]
        rnd = random.Random(f"{tag}-{number}")
        sent = 0
        while time.monotonic() < deadline:
            with lock:
                if len(answers) >= max_requests:
                    return
            answer = send(rnd, f"{tag}-{number}-{sent}")
            sent += 1
            with lock:
                answers.append(answer)

    def sample_memory() -> None:
        while not sampling.is_set():
            for pid, mib in memory().items():
                peak[pid] = max(peak.get(pid, 0.0), mib)
            sampling.wait(0.2)

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    threads = [
        threading.Thread(target=file_complaints, args=(n,), daemon=True) for n in range(concurrency)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    sampling.set()
    sampler.join()
    stored = [a for a in answers if a.status == stored_status]
    failures: dict[str, int] = {}
    for answer in answers:
        if answer.status != stored_status:
            key = f"status {answer.status}"
            failures[key] = failures.get(key, 0) + 1
    return {
        "ids": [a.request_id for a in stored],
        "client": measure.distribution([a.client_ms for a in stored]),
        "throughput": round(len(stored) / elapsed, 1),
        "stored": len(stored),
        "seconds": round(elapsed, 1),
        "failures": failures,
        "worker_peak_rss_mib": sorted(round(v) for v in peak.values()),
    }


@contextmanager
def smtp_listener(
    database_url: str, *, workers: int
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`complaintdesk smtpd` on a free loopback port, for the block."""
    port = measure.free_port()
    command = Path(sys.executable).with_name("complaintdesk")
    environment = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false",
                   "LOG_LEVEL": "WARNING", "INTAKE_MAIL_ADDRESS": INTAKE_ADDRESS}  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        [str(command), "smtpd", "--host", measure.LOOPBACK, "--port", str(port),
         "--workers", str(workers)],
        env=environment,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + measure.STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError("complaintdesk smtpd stopped at start-up")
            try:
                smtplib.SMTP(measure.LOOPBACK, port, timeout=5).quit()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("complaintdesk smtpd did not answer within 60 s") from None
                time.sleep(0.2)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def channel_under_test(
    channel: str, args: argparse.Namespace
) -> Iterator[tuple[Callable[[int], Sender], int, Callable[[], dict[int, float]], Any]]:
    """What files complaints on this channel: the sender, the answer that means stored, the
    server processes' memory, and the gunicorn server (None for smtp)."""
    if channel == "smtp":
        with smtp_listener(args.database_url, workers=args.smtp_workers) as (port, process):
            pid = process.pid
            yield smtp_sender(port), 250, lambda: {pid: measure.rss_kib(pid) / 1024}, None
        return
    if channel == "web":
        # Every bench client is 127.0.0.1: the per-address limit is raised for this server.
        os.environ["WEBFORM_SUBMISSIONS_PER_HOUR"] = "10000000"
    try:
        with measure.running(args.database_url, workers=args.workers) as server:
            if channel == "api":
                token = load_manifest(args.database_url)["tokens"]["bench.agent"]
                yield api_sender(server.base, token), 201, server.worker_rss_mib, server
            else:
                yield web_sender(server.base), 302, server.worker_rss_mib, server
    finally:
        os.environ.pop("WEBFORM_SUBMISSIONS_PER_HOUR", None)


def measure_channel(channel: str, args: argparse.Namespace) -> dict[str, Any]:
    with channel_under_test(channel, args) as (new_sender, stored_status, memory, server):
        return measure_levels(
            channel,
            new_sender,
            stored_status=stored_status,
            memory=memory,
            server=server,
            concurrency=args.concurrency,
            runs=args.runs,
            seconds=args.seconds,
            max_requests=args.max_requests,
        )


def measure_levels(
    name: str,
    new_sender: Callable[[int], Sender],
    *,
    stored_status: int,
    memory: Callable[[], dict[int, float]],
    server: measure.Server | None,
    concurrency: list[int],
    runs: int,
    seconds: float,
    max_requests: int,
) -> dict[str, Any]:
    """Each concurrency level `runs` times against a running server (or listener): throughput,
    latency (server time from its access log where it has one) and peak memory per process.
    compare_peer.py drives the peer's server with it too."""
    levels: dict[int, list[dict[str, Any]]] = {c: [] for c in concurrency}
    # Tags become part of the customers' e-mail addresses.
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower())
    # Warm up: every worker loads its code and opens its connection.
    warm = load_level(new_sender, stored_status=stored_status, memory=memory,
                      concurrency=2, seconds=3, max_requests=50,
                      tag=f"warm-{slug}-{time.time_ns()}")  # fmt: skip
    idle_rss = sorted(round(v) for v in memory().values())
    if warm["stored"] == 0:
        raise SystemExit(f"{name}: filing failed while warming up: {warm['failures']}")
    for run in range(runs):
        for level_concurrency in concurrency:
            level = load_level(
                new_sender,
                stored_status=stored_status,
                memory=memory,
                concurrency=level_concurrency,
                seconds=seconds,
                max_requests=max_requests,
                tag=f"{slug}-{time.time_ns()}-{run}-{level_concurrency}",
            )
            level["load_average"] = [round(x, 2) for x in os.getloadavg()]
            levels[level_concurrency].append(level)
            print(
                f"{name}, run {run + 1}, concurrency {level_concurrency}: "
                f"{level['throughput']}/s, {level['stored']} stored, "
                f"failures {level['failures'] or 'none'}, load {level['load_average']}"
            )
    time.sleep(0.5)
    times = server.server_times_ms() if server is not None else {}

    results = []
    for level_concurrency, measured in levels.items():
        ids = [run.pop("ids") for run in measured]
        # Server time where gunicorn logged it; the client's time for smtp.
        latency = "server" if server is not None else "client"
        for run_result, stored_ids in zip(measured, ids, strict=True):
            if server is not None:
                run_result["server"] = measure.distribution(
                    [times[i] for i in stored_ids if i in times]
                )
        summary = {
            "concurrency": level_concurrency,
            "throughput": measure.across_runs(measured, "throughput"),
            "latency": latency,
            "server": {k: measure.across_runs([r[latency] for r in measured], k)
                       for k in ("p50", "p95", "p99")},
            "client": {k: measure.across_runs([r["client"] for r in measured], k)
                       for k in ("p50", "p95", "p99")},
            "worker_peak_rss_mib": max(max(r["worker_peak_rss_mib"] or [0]) for r in measured),
            "runs": measured,
        }  # fmt: skip
        results.append(summary)
    return {"channel": name, "idle_rss_mib": idle_rss, "results": results}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--channels", nargs="+", choices=("api", "smtp", "web"), default=["api", "smtp", "web"]
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20, help="per level and run")
    parser.add_argument(
        "--max-requests", type=int, default=5_000, help="per level and run, at most"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (api, web)")
    parser.add_argument("--smtp-workers", type=int, default=4, help="smtpd --workers (its default)")
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")

    started_load = [round(x, 2) for x in os.getloadavg()]
    channels = [measure_channel(channel, args) for channel in args.channels]

    for channel in channels:
        latency = channel["results"][0]["latency"]
        print(f"\n{channel['channel']}: idle RSS {channel['idle_rss_mib']} MiB")
        print(f"concurrency  throughput /s           {latency} p50 / p95 / p99 (ms)   peak RSS")
        for r in channel["results"]:
            figures = " / ".join(f"{r['server'][k]['median']:.0f}" for k in ("p50", "p95", "p99"))
            print(
                f"{r['concurrency']:>11}  {measure.shown(r['throughput'], '/s'):<22}  "
                f"{figures:<28}  {r['worker_peak_rss_mib']} MiB"
            )
    measure.save(
        args.json,
        {
            "benchmark": "intake",
            "machine": {**measure.machine(), "load_average_at_start": started_load},
            "database": measure.database_facts(args.database_url),
            "workers": args.workers,
            "smtp_workers": args.smtp_workers,
            "seconds_per_level": args.seconds,
            "channels": channels,
        },
    )


if __name__ == "__main__":
    main()
