from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import replace

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from complaintdesk.triage.assessment import LoadedModel, predict_many, predict_one
from complaintdesk.triage.classifier import store
from complaintdesk.triage.classifier.metrics import evaluate
from complaintdesk.triage.classifier.training import (
    TrainingError,
    TrainingResult,
    train_classifier,
)
from complaintdesk.triage.models import ModelSource, ModelVersion
from complaintdesk.triage.services import NoEarlierModel, assess, register_model, rollback_model
from complaintdesk.triage.tests.conftest import TINY, synthetic


def test_training_reports_the_scores_the_issue_asks_for(trained):
    held_back = trained.report["held_back"]
    assert held_back["accuracy"] > 0.9
    assert set(held_back) >= {"macro_f1", "per_class", "confusion_matrix", "coverage", "threshold"}
    assert set(held_back["per_class"]) == {"attitude", "billing", "delivery"}


def test_a_prediction_is_explained_by_the_words_that_weighed(trained):
    words = [word for word, _weight in trained.classifier.explain("rude staff shouted", "attitude")]
    assert {"rude", "staff", "shouted"} & set(words)


def test_training_on_a_single_label_is_refused_with_the_reason():
    with pytest.raises(TrainingError, match="at least two labels"):
        train_classifier(["a b c"] * 10, ["only"] * 10, options=TINY)


def test_a_saved_model_loads_and_predicts_the_same(trained, tmp_path):
    store.save(trained.classifier, trained.report, tmp_path / "m")
    loaded = store.load(tmp_path / "m")
    assert loaded.predict(["courier parcel late"]) == trained.classifier.predict(
        ["courier parcel late"]
    )


def _write_csv(path, texts, labels):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["body", "topic"])
        writer.writerows(zip(texts, labels, strict=True))


def test_a_model_trained_from_a_file_assesses_json_lines_through_the_commands(
    tmp_path, monkeypatch, db
):
    _write_csv(tmp_path / "labelled.csv", *synthetic(120))
    call_command(
        "train",
        "--field",
        "category",
        "--from-file",
        str(tmp_path / "labelled.csv"),
        "--text-column",
        "body",
        "--label-column",
        "topic",
        "--out",
        str(tmp_path / "model"),
        "--quiet",
        stdout=io.StringIO(),
    )
    lines = [{"id": 7, "text": "the courier lost my parcel"}, {"id": "x", "text": ""}]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(n) for n in lines)))
    out = io.StringIO()
    call_command("assess", "--model", str(tmp_path / "model"), stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert answers[0]["id"] == 7
    assert answers[0]["label"] == "delivery"
    assert 0 <= answers[1]["confidence"] <= 1


def test_a_missing_column_is_named_in_the_error(tmp_path, db):
    _write_csv(tmp_path / "labelled.csv", *synthetic(30))
    with pytest.raises(CommandError, match="--label-column: no column 'label'"):
        call_command(
            "train",
            "--field",
            "category",
            "--from-file",
            str(tmp_path / "labelled.csv"),
            "--text-column",
            "body",
            "--label-column",
            "label",
            "--out",
            str(tmp_path / "m"),
        )


def test_the_first_model_of_a_field_is_activated(trained, db):
    outcome = register_model("category", trained, source=ModelSource.FILE)
    assert outcome.activated
    assert (outcome.version.directory / store.MODEL_FILE).is_file()


def test_an_active_model_decides_a_field_no_rule_decides(trained, db):
    version = register_model("category", trained, source=ModelSource.FILE).version
    result = assess("the manager and the staff again").fields["category"]
    assert (result.suggestion, result.source) == ("attitude", "model")
    assert result.model_version == version.name
    assert "manager" in result.explanation or "staff" in result.explanation


def _scrambled():
    """A model trained on shuffled labels, held back on fresh texts with their true labels, so
    that it is worse where it is measured (on shuffled held-back labels, as both models are
    compared, either may win by chance)."""
    texts, labels = synthetic(150, seed=2)
    random.Random(3).shuffle(labels)
    scrambled = train_classifier(texts, labels, field="category", options=replace(TINY, holdout=0))
    held_texts, held_labels = synthetic(60, seed=4)
    predictions = scrambled.classifier.predict(held_texts)
    held_back = evaluate(
        held_labels,
        [prediction.label for prediction in predictions],
        np.array([prediction.confidence for prediction in predictions]),
        threshold=scrambled.classifier.threshold,
        labels=list(scrambled.classifier.classes),
    )
    report = {**scrambled.report, "held_back": held_back}
    return TrainingResult(scrambled.classifier, report, held_texts, held_labels)


def test_a_worse_model_is_kept_but_not_activated(trained, db):
    first = register_model("category", trained, source=ModelSource.FILE).version
    outcome = register_model("category", _scrambled(), source=ModelSource.FILE)
    assert not outcome.activated
    assert "worse than" in outcome.reason
    assert ModelVersion.objects.get(active=True) == first


def test_a_worse_model_is_activated_when_forced(trained, db):
    register_model("category", trained, source=ModelSource.FILE)
    outcome = register_model("category", _scrambled(), source=ModelSource.FILE, force=True)
    assert outcome.activated
    assert ModelVersion.objects.get(active=True) == outcome.version


def test_rollback_reactivates_the_previous_version(trained, db):
    first = register_model("category", trained, source=ModelSource.FILE).version
    register_model("category", trained, source=ModelSource.FILE, force=True)
    assert rollback_model("category") == first
    assert ModelVersion.objects.get(active=True) == first


def test_rollback_without_an_earlier_version_is_refused(db):
    with pytest.raises(NoEarlierModel):
        rollback_model("category")


def test_the_fast_path_for_one_text_agrees_with_the_batch_path(trained):
    texts = ["rude staff", "parcel never came", "invoice wrong twice", "", "🙂"]
    batch = trained.classifier.predict(texts)
    single = [predict_one(trained.classifier, text) for text in texts]
    assert [p.label for p in batch] == [label for label, _confidence, _words in single]
    assert max(abs(p.confidence - s[1]) for p, s in zip(batch, single, strict=True)) < 1e-3


def test_a_batch_assessment_gives_each_text_what_it_gets_alone(trained):
    texts = ["rude staff", "parcel never came", "invoice wrong twice", "", "🙂", "<b>fee</b>"]
    models = {"category": LoadedModel("v1", trained.classifier)}
    batch = [answers["category"] for answers in predict_many(models, texts)]
    single = [predict_one(trained.classifier, text) for text in texts]
    assert [label for label, _c, _w in batch] == [label for label, _c, _w in single]
    assert [round(c, 6) for _l, c, _w in batch] == [round(c, 6) for _l, c, _w in single]
    assert [words for _l, _c, words in batch] == [words for _l, _c, words in single]
    assert {"rude", "staff"} & {word for word, _weight in batch[0][2]}


def test_labels_that_are_levels_are_also_learned_in_their_order():
    texts, topics = synthetic(150, seed=4)
    level = {"billing": "low", "delivery": "medium", "attitude": "high"}
    options = replace(TINY, order=("low", "medium", "high"))
    result = train_classifier(texts, [level[t] for t in topics], field="severity", options=options)
    tried = [candidate["scorers"] for candidate in result.report["candidates"]]
    assert ["ordinal", 0.1, "balanced"] in [scorer for scorers in tried for scorer in scorers]
    assert result.report["held_back"]["accuracy"] > 0.9
    assert result.classifier.explain("rude staff shouted", "high")
