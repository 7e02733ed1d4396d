"""Models on disk: one directory per version holding the classifier (joblib) and its report.

joblib unpickles, so a model directory must be as trusted as the code: it lives in the
installation's own data directory (settings.MODELS_DIR), never anywhere a user can upload to."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import joblib

from complaintdesk.triage.classifier.model import TextClassifier
from complaintdesk.triage.classifier.training import FORMAT

MODEL_FILE = "model.joblib"
REPORT_FILE = "report.json"


class ModelNotFound(FileNotFoundError):
    """No usable model in the directory; the message says what is missing."""


def save(classifier: TextClassifier, report: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so a reader never loads a half-written model.
    partial = directory / f".{MODEL_FILE}.partial"
    joblib.dump(classifier, partial, compress=3)
    partial.replace(directory / MODEL_FILE)
    (directory / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return directory


def load(directory: Path) -> TextClassifier:
    path = Path(directory) / MODEL_FILE
    if not path.is_file():
        raise ModelNotFound(f"no {MODEL_FILE} in {directory}")
    classifier = joblib.load(path)
    if not isinstance(classifier, TextClassifier):
        raise ModelNotFound(f"{path} does not hold a complaint classifier")
    if classifier.metadata.get("format") != FORMAT:
        raise ModelNotFound(f"{path} was written by another version of the classifier; retrain")
    return classifier


def read_report(directory: Path) -> dict[str, Any]:
    path = Path(directory) / REPORT_FILE
    if not path.is_file():
        return {}
    report: dict[str, Any] = json.loads(path.read_text())
    return report


def new_version_name(field: str) -> str:
    return f"{field or 'model'}-{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns() % 10_000:04d}"
