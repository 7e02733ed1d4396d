"""A web worker serves assessments without scikit-learn or scipy in memory (about 90 MiB of
a worker's resident memory, docs/triage.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from complaintdesk.triage.classifier import store

# Start the web application as gunicorn does, load the URL configuration (every view and
# endpoint), then assess a complaint with a compiled model, and say which modules came in.
WORKER = """
import json, sys
from pathlib import Path
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from complaintdesk.wsgi import application
from complaintdesk.triage.assessment import LoadedModel, TriageConfiguration, compose
from complaintdesk.triage.classifier import store
model = LoadedModel("v1", store.load(Path(sys.argv[1])))
assessment = compose("The courier lost my parcel and was rude", language="en",
                     configuration=TriageConfiguration(), models={"category": model})
heavy = ("sklearn", "scipy", "joblib")
print(json.dumps({"category": assessment.fields["category"].suggestion,
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy)}))
"""


def test_a_web_worker_assesses_with_a_compiled_model_without_loading_scikit_learn_or_scipy(
    trained, tmp_path
):
    store.save(trained.classifier, trained.report, tmp_path / "model")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "complaintdesk.settings",
        "COMPLAINTDESK_DATA": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    finished = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-c", WORKER, str(tmp_path / "model")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(finished.stdout.strip().splitlines()[-1])
    assert answer == {"category": "delivery", "loaded": []}
