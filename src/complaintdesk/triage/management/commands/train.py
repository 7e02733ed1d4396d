"""`complaintdesk train`: retrain a field's model from handled complaints or a labelled file,
evaluate it, and activate it if it is not worse than the one in use; or roll back."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.triage import services
from complaintdesk.triage.classifier import store
from complaintdesk.triage.classifier.training import (
    TrainingError,
    TrainingOptions,
    train_classifier,
)
from complaintdesk.triage.models import LEARNED_FIELDS, ModelSource, ModelVersion


class Command(BaseCommand):
    help = "Train, evaluate and activate a triage model, or roll back to the previous one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--field", help="the field: " + ", ".join(LEARNED_FIELDS))
        parser.add_argument("--from-file", type=Path, help="a labelled CSV or JSON-lines file")
        parser.add_argument(
            "--from-demo",
            action="store_true",
            help="cold start: train the fields that have no active model (or --field) from "
            "the demo's complaints, and activate them",
        )
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--label-column", help="the label column (default: the field)")
        parser.add_argument(
            "--out", type=Path, help="write the model here instead of activating it"
        )
        parser.add_argument("--holdout", type=float, default=0.2, help="share held back")
        parser.add_argument(
            "--order",
            help="the labels' order, mildest first, comma-separated (severity and complexity "
            "know theirs)",
        )
        parser.add_argument("--force", action="store_true", help="activate even if worse")
        parser.add_argument("--rollback", action="store_true", help="reactivate the previous")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        field = options["field"]
        if options["from_demo"]:
            self._from_demo(options)
            return
        if not field:
            raise CommandError("--field is required (or --from-demo)")
        if options["rollback"]:
            try:
                version = services.rollback_model(field)
            except services.NoEarlierModel as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{field}: rolled back to {version.name}")
            return
        if not 0 < options["holdout"] < 0.5:
            raise CommandError("--holdout must be between 0 and 0.5")
        order = tuple(level.strip() for level in (options["order"] or "").split(",") if level)
        training = services.training_options(
            field, TrainingOptions(holdout=options["holdout"], order=order)
        )
        progress = None if options["quiet"] else _progress_bar(field)
        try:
            if options["from_file"] is not None:
                texts, labels = read_labelled_file(
                    options["from_file"],
                    options["text_column"],
                    options["label_column"] or field,
                )
                trained = train_classifier(
                    texts, labels, field=field, options=training, progress=progress
                )
                if options["out"] is not None:
                    store.save(trained.classifier, trained.report, options["out"])
                    self._summary(trained.report, f"written to {options['out']}")
                    return
                if field not in LEARNED_FIELDS:
                    raise CommandError(
                        f"--field {field}: without --out the field must be one of "
                        + ", ".join(LEARNED_FIELDS)
                    )
                outcome = services.register_model(
                    field, trained, source=ModelSource.FILE, force=options["force"]
                )
            else:
                if options["out"] is not None:
                    raise CommandError("--out needs --from-file")
                outcome = services.train_model(
                    field, force=options["force"], options=training, progress=progress
                )
        except (TrainingError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        state = "activated" if outcome.activated else "kept, not activated"
        self._summary(outcome.version.report, f"{outcome.version.name} {state}: {outcome.reason}")

    def _from_demo(self, options: dict[str, Any]) -> None:
        """Models for an installation with no history yet, trained from the demo's complaint
        texts and their labels. A field that already has an active model keeps it unless
        --force: a model learned from the organisation's own complaints knows them better."""
        if options["from_file"] is not None or options["rollback"] or options["out"] is not None:
            raise CommandError("--from-demo goes without --from-file, --out and --rollback")
        field = options["field"]
        if field and field not in DEMO_LABELS:
            raise CommandError(
                f"--field {field}: the demo labels only " + ", ".join(sorted(DEMO_LABELS))
            )
        for name in [field] if field else list(DEMO_LABELS):
            if (
                ModelVersion.objects.filter(field=name, active=True).exists()
                and not options["force"]
            ):
                self.stdout.write(f"{name}: an active model exists; kept (--force to replace)")
                continue
            texts, labels = demo_examples(name)
            training = services.training_options(name, TrainingOptions(holdout=options["holdout"]))
            progress = None if options["quiet"] else _progress_bar(name)
            try:
                trained = train_classifier(
                    texts, labels, field=name, options=training, progress=progress
                )
            except TrainingError as exc:
                raise CommandError(f"{name}: {exc}") from exc
            outcome = services.register_model(
                name, trained, source=ModelSource.DEMO, force=options["force"]
            )
            state = "activated" if outcome.activated else "kept, not activated"
            self._summary(
                outcome.version.report, f"{outcome.version.name} {state}: {outcome.reason}"
            )

    def _summary(self, report: dict[str, Any], outcome: str) -> None:
        scores = report.get("held_back") or report.get("cross_validation") or {}
        self.stdout.write(
            f"{report.get('field', '')}: {report.get('examples', 0)} examples; "
            f"accuracy {scores.get('accuracy', 0):.3f}, macro-F1 {scores.get('macro_f1', 0):.3f}, "
            f"automatic at 95% precision {scores.get('coverage', 0):.0%} "
            f"(threshold {scores.get('threshold', 0):.2f}); {outcome}"
        )


def read_labelled_file(
    path: Path, text_column: str, label_column: str
) -> tuple[list[str], list[str]]:
    """Texts and labels from a CSV file or a JSON-lines file (.jsonl, .ndjson)."""
    if not path.is_file():
        raise CommandError(f"--from-file: no file at {path}")
    rows: list[dict[str, Any]] = []
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise CommandError(f"--from-file: line {number} is not JSON: {exc}") from exc
    else:
        csv.field_size_limit(sys.maxsize)
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for column, option in (
                (text_column, "--text-column"),
                (label_column, "--label-column"),
            ):
                if column not in columns:
                    raise CommandError(
                        f"{option}: no column {column!r} in {path.name} "
                        f"(columns: {', '.join(columns)})"
                    )
            rows = list(reader)
    texts, labels = [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or text_column not in row or label_column not in row:
            raise CommandError(f"row {number} has no {text_column!r} or no {label_column!r}")
        label = row[label_column]
        if label is None or str(label).strip() == "":
            continue
        texts.append(str(row[text_column] or ""))
        labels.append(str(label).strip())
    return texts, labels


# The fields the demo's complaints are labelled with, and where each label is kept.
DEMO_LABELS = {"nature": "nature", "category": "category", "severity": "severity"}


def demo_examples(field: str) -> tuple[list[str], list[str]]:
    """The demo's complaint texts (subject and description, as training_examples reads a
    complaint) with their labels for the field, in every language the demo has."""
    # Read here, at the edge, so the triage app itself does not depend on the demo.
    from complaintdesk.demo.situations import LANGUAGES

    texts, labels = [], []
    for language in LANGUAGES:
        for situation in language.situations:
            texts.append(f"{situation.subject}\n{situation.description}")
            labels.append(str(getattr(situation, DEMO_LABELS[field])))
    return texts, labels


def _progress_bar(field: str):  # type: ignore[no-untyped-def]
    def show(step: str, done: int, total: int) -> None:
        filled = round(20 * done / max(total, 1))
        sys.stderr.write(f"\rtraining {field} [{'#' * filled}{'.' * (20 - filled)}] {step:<40}")
        if done >= total - 1 and step == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
