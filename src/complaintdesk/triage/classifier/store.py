"""Models on disk: one directory per version holding the classifier (joblib), its compiled
form (model.npz, what prediction uses: runtime.py, without scikit-learn) and its report.

joblib unpickles, so a model directory must be as trusted as the code: it lives in the
installation's own data directory (settings.MODELS_DIR), never anywhere a user can upload to.
(The compiled form is plain arrays, read without unpickling.)"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from complaintdesk.triage.classifier import runtime
from complaintdesk.triage.classifier.runtime import CompiledModel, NotCompiled

if TYPE_CHECKING:
    from complaintdesk.triage.classifier.model import TextClassifier

logger = logging.getLogger(__name__)

# scikit-learn, scipy and joblib are imported only to train, or to read a model version saved
# before models were compiled: a web worker predicting with compiled models never loads them.

MODEL_FILE = "model.joblib"
REPORT_FILE = "report.json"


class ModelNotFound(FileNotFoundError):
    """No usable model in the directory; the message says what is missing."""


def save(classifier: TextClassifier, report: dict[str, Any], directory: Path) -> Path:
    import joblib

    from complaintdesk.triage.classifier import compilation

    directory.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so a reader never loads a half-written model.
    partial = directory / f".{MODEL_FILE}.partial"
    joblib.dump(classifier, partial, compress=3)
    partial.replace(directory / MODEL_FILE)
    compilation.write(classifier, directory)
    (directory / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return directory


def load(directory: Path) -> CompiledModel:
    """The model for prediction: its compiled form, or, for a version saved before models were
    compiled, the joblib model compiled on the spot (and written beside it, when the directory
    may be written, so the next process reads the compiled form)."""
    try:
        return runtime.load(directory)
    except NotCompiled:
        pass
    from complaintdesk.triage.classifier import compilation

    classifier = load_trained(directory)
    try:
        compilation.write(classifier, Path(directory))
    except OSError as exc:
        logger.warning("model in %s could not be compiled to disk: %s", directory, exc)
        with tempfile.TemporaryDirectory() as scratch:
            compilation.write(classifier, Path(scratch))
            return runtime.load(Path(scratch))
    return runtime.load(directory)


def load_trained(directory: Path) -> TextClassifier:
    """The model as training left it (scikit-learn's vectorizers inside)."""
    import joblib

    from complaintdesk.triage.classifier.model import TextClassifier
    from complaintdesk.triage.classifier.training import FORMAT

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
