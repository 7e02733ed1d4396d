"""`complaintdesk assess`: read JSON lines {"id", "text"} on standard input and write one
line per complaint on standard output: {"id", "label", "confidence"} with --model, else the
whole assessment."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.triage.classifier import store
from complaintdesk.triage.services import assess_many

BATCH = 1000


class Command(BaseCommand):
    help = "Assess complaints given as JSON lines on standard input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", type=Path, help="a model directory from `train --out`")

    def handle(self, *args: Any, **options: Any) -> None:
        classifier = None
        if options["model"] is not None:
            try:
                classifier = store.load(options["model"])
            except (OSError, ValueError) as exc:
                raise CommandError(f"--model: {exc}") from exc
        for batch in _batches(sys.stdin):
            ids = [identifier for identifier, _text in batch]
            texts = [text for _identifier, text in batch]
            if classifier is not None:
                for identifier, prediction in zip(ids, classifier.predict(texts), strict=True):
                    line = {
                        "id": identifier,
                        "label": prediction.label,
                        "confidence": prediction.confidence,
                    }
                    self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                for identifier, assessment in zip(ids, assess_many(texts), strict=True):
                    line = {"id": identifier, **assessment.to_dict()}
                    self.stdout.write(json.dumps(line, ensure_ascii=False))


def _batches(lines: Any) -> Iterator[list[tuple[Any, str]]]:
    batch: list[tuple[Any, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            sys.stderr.write(f"line {number}: not JSON ({exc}); skipped\n")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text", ""), str):
            sys.stderr.write(f'line {number}: expected {{"id": …, "text": "…"}}; skipped\n')
            continue
        batch.append((item.get("id"), item.get("text") or ""))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
