"""A quick check on real complaints from the shared data (bench/eval_triage.py does the full
evaluation); skipped where the data is not available."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from complaintdesk.triage.classifier.metrics import evaluate
from complaintdesk.triage.classifier.training import TrainingOptions, train_classifier

DATA = Path(__file__).resolve().parents[5] / "shared" / "data" / "car_complaints_zh.csv"


@pytest.mark.skipif(not DATA.is_file(), reason="the shared complaint data is not available")
def test_chinese_car_complaints_are_classified_well_above_the_majority_class_on_dev():
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    train = [(r["text"], r["kind"]) for r in rows if r["split"] == "train" and r["kind"]]
    dev = [(r["text"], r["kind"]) for r in rows if r["split"] == "dev" and r["kind"]]
    classifier = train_classifier(
        [t for t, _ in train], [k for _, k in train], options=TrainingOptions(holdout=0)
    ).classifier
    predictions = classifier.predict([t for t, _ in dev])
    scores = evaluate(
        [k for _, k in dev],
        [p.label for p in predictions],
        np.array([p.confidence for p in predictions]),
        threshold=classifier.threshold,
        labels=list(classifier.classes),
    )
    majority = max(scores["per_class"].values(), key=lambda c: c["support"])["support"]
    assert scores["accuracy"] > majority / len(dev) + 0.03
