"""Evaluate triage's learned layer on the shared real-complaint data.

Each task is trained on its `train` split through the product's own training code
(complaintdesk.triage.classifier.training) and scored on `dev`: accuracy, macro-F1, and the
automation rate — the share of dev complaints whose confidence clears the threshold chosen on
the training data for 95% precision — with the accuracy of those automatic decisions.

Beside each task the issue's baseline is *measured* on the same splits, not quoted: a plain
scikit-learn TfidfVectorizer (word 1–2-grams, otherwise defaults) and LogisticRegression
(defaults, max_iter=3000); its automation threshold is chosen the same way as the product's,
on 5-fold out-of-fold probabilities of the training split. `--baseline word+char` adds
character 2–5-grams within word boundaries (the data README's variant).

    .venv/bin/python bench/eval_triage.py                 # every task
    .venv/bin/python bench/eval_triage.py --task severity # one task
    .venv/bin/python bench/eval_triage.py --no-baseline   # the product only
    .venv/bin/python bench/eval_triage.py --speed         # latency, throughput, load, training time
    .venv/bin/python bench/eval_triage.py --nested --task severity
        # the training procedure, with and without the NB-SVM, on outer folds of train only

The data is read from ../shared/data (or --data); it is never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# One core, as the target says; must be set before numpy loads its thread pools.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from complaintdesk.triage.classifier import store  # noqa: E402
from complaintdesk.triage.classifier.metrics import confidence_threshold, evaluate  # noqa: E402
from complaintdesk.triage.classifier.training import TrainingOptions, train_classifier  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class Task:
    name: str
    files: tuple[str, ...]
    label: str
    # The plain TF-IDF + logistic regression baseline: accuracy, macro-F1, automation.
    baseline: tuple[float | None, float | None, float | None]
    # The labels' order, mildest first, where they are levels (as the product's severity).
    order: tuple[str, ...] = ()


TASKS = (
    Task("is_complaint", ("complaint_tweets_en.csv",), "is_complaint", (0.84, 0.83, 0.58)),
    Task(
        "severity",
        ("complaint_tweets_en.csv",),
        "severity",
        (0.71, 0.46, None),
        ("not_complaint", "no_explicit_reproach", "disapproval", "accusation", "blame"),
    ),
    Task("airline_reason", ("airline_tweets_en.csv",), "negativereason", (0.64, 0.55, 0.20)),
    Task(
        "cfpb_product",
        ("cfpb_narratives_en.csv", "cfpb_narratives_2015_2020_en.csv"),
        "product",
        (0.81, 0.61, None),
    ),
    Task("fr_insurance_product", ("insurance_reviews_fr.csv",), "product", (0.77, 0.59, None)),
    Task(
        "zh_product_category",
        ("online_shopping_10_cats_zh.csv",),
        "product_cat",
        (0.88, 0.86, 0.80),
    ),
    Task("zh_polarity", ("online_shopping_10_cats_zh.csv",), "label_pos", (0.93, None, None)),
    Task("zh_car_kind", ("car_complaints_zh.csv",), "kind", (0.82, 0.64, None)),
    Task("es_sentiment", ("airline_tweets_es.csv",), "airline_sentiment", (0.57, None, None)),
)


def read(data: Path, task: Task) -> tuple[list[str], list[str], list[str], list[str]]:
    train_texts, train_labels, dev_texts, dev_labels = [], [], [], []
    for name in task.files:
        with (data / name).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                label = (row.get(task.label) or "").strip()
                if not label:
                    continue
                if row["split"] == "train":
                    train_texts.append(row["text"])
                    train_labels.append(label)
                elif row["split"] == "dev":
                    dev_texts.append(row["text"])
                    dev_labels.append(label)
    return train_texts, train_labels, dev_texts, dev_labels


def run_task(data: Path, task: Task, baseline: str | None = "word") -> dict:
    train_texts, train_labels, dev_texts, dev_labels = read(data, task)
    measured = (
        run_baseline(train_texts, train_labels, dev_texts, dev_labels, kind=baseline)
        if baseline
        else None
    )
    started = time.monotonic()
    trained = train_classifier(
        train_texts,
        train_labels,
        field=task.name,
        options=TrainingOptions(holdout=0, order=task.order),
    )
    classifier = trained.classifier
    seconds = time.monotonic() - started
    predictions = classifier.predict(dev_texts)
    result = evaluate(
        dev_labels,
        [p.label for p in predictions],
        np.array([p.confidence for p in predictions]),
        threshold=classifier.threshold,
        labels=sorted(set(dev_labels) | set(classifier.classes)),
    )
    return {
        "task": task.name,
        "train": len(train_texts),
        "dev": len(dev_texts),
        "accuracy": result["accuracy"],
        "macro_f1": result["macro_f1"],
        "automation": result["coverage"],
        "accuracy_when_automatic": result["accuracy_when_automatic"],
        "baseline": dict(zip(("accuracy", "macro_f1", "automation"), task.baseline, strict=True)),
        "measured_baseline": measured,
        "train_seconds": round(seconds, 1),
        # What cross-validation on train chose, so a change of figures can be traced to it.
        "selected": trained.report["selected"],
        "prior_exponent": trained.report["prior_exponent"],
    }


def run_baseline(
    train_texts: list[str],
    train_labels: list[str],
    dev_texts: list[str],
    dev_labels: list[str],
    *,
    kind: str = "word",
) -> dict:
    """The issue's plain TF-IDF + logistic regression, measured on the same splits, with its
    automation threshold chosen like the product's: on out-of-fold probabilities of train."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline, make_union

    def pipeline():  # type: ignore[no-untyped-def]
        vectorizer = TfidfVectorizer(ngram_range=(1, 2))
        if kind == "word+char":
            vectorizer = make_union(
                vectorizer, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))
            )
        return make_pipeline(vectorizer, LogisticRegression(max_iter=3000))

    started = time.monotonic()
    y = np.array(train_labels, dtype=object)
    smallest = min(np.unique(y, return_counts=True)[1])
    folds = StratifiedKFold(n_splits=max(2, min(5, smallest)), shuffle=True, random_state=0)
    oof = cross_val_predict(pipeline(), train_texts, y, cv=folds, method="predict_proba")
    classes = np.array(sorted(set(train_labels)), dtype=object)
    chosen = oof.argmax(axis=1)
    threshold = confidence_threshold(oof.max(axis=1), classes[chosen] == y)
    model = pipeline().fit(train_texts, y)
    probabilities = model.predict_proba(dev_texts)
    predicted = model.classes_[probabilities.argmax(axis=1)]
    result = evaluate(
        dev_labels,
        list(predicted),
        probabilities.max(axis=1),
        threshold=threshold,
        labels=sorted(set(dev_labels) | set(model.classes_)),
    )
    return {
        "kind": kind,
        "accuracy": result["accuracy"],
        "macro_f1": result["macro_f1"],
        "automation": result["coverage"],
        "accuracy_when_automatic": result["accuracy_when_automatic"],
        "seconds": round(time.monotonic() - started, 1),
    }


def print_row(row: dict) -> None:
    # Marks compare with the measured baseline where there is one, else the quoted figures.
    base = row["measured_baseline"] or row["baseline"]

    def cell(value: float | None, reference: float | None) -> str:
        mark = (
            "" if reference is None else (" +" if value is not None and value > reference else " -")
        )
        shown = "—" if value is None else f"{value:.3f}"
        return f"{shown}{mark}".ljust(8)

    print(
        f"{row['task']:22s} {row['train']:>6d} {row['dev']:>5d}  "
        f"acc {cell(row['accuracy'], base['accuracy'])} "
        f"mF1 {cell(row['macro_f1'], base['macro_f1'])} "
        f"auto {cell(row['automation'], base['automation'])} "
        f"auto-acc {cell(row['accuracy_when_automatic'], None)} "
        f"train {row['train_seconds']:.0f}s",
        flush=True,
    )
    measured = row["measured_baseline"]
    if measured:
        print(
            f"{'  baseline ' + measured['kind']:36s}"
            f"acc {cell(measured['accuracy'], None)} "
            f"mF1 {cell(measured['macro_f1'], None)} "
            f"auto {cell(measured['automation'], None)} "
            f"auto-acc {cell(measured['accuracy_when_automatic'], None)} "
            f"train {measured['seconds']:.0f}s",
            flush=True,
        )


def speed(data: Path, runs: int) -> dict:
    """Latency and throughput of assess()'s learned part, model load, training on 100k."""
    texts, labels, dev_texts, _ = read(data, TASKS[2])
    results: dict[str, list[float]] = {
        "assess_one_ms_median": [],
        "assess_batch_per_second": [],
        "predict_one_ms_median": [],
        "batch_per_second": [],
        "load_seconds": [],
        "train_100k_seconds": [],
        # Processor time of this process: what the work costs whatever else runs beside it.
        "train_100k_cpu_seconds": [],
    }
    with tempfile.TemporaryDirectory() as scratch:
        trained = train_classifier(texts, labels, options=TrainingOptions(holdout=0))
        store.save(trained.classifier, trained.report, Path(scratch))
        for _ in range(runs):
            started = time.perf_counter()
            loaded = store.load(Path(scratch))
            results["load_seconds"].append(time.perf_counter() - started)
            timings = []
            for text in dev_texts[:500]:
                started = time.perf_counter()
                loaded.predict([text])
                timings.append(time.perf_counter() - started)
            results["predict_one_ms_median"].append(statistics.median(timings) * 1000)
            batch = (dev_texts * 10)[:5000]
            started = time.perf_counter()
            loaded.predict(batch)
            results["batch_per_second"].append(len(batch) / (time.perf_counter() - started))
            one, per_second = _assessment_speed(loaded, dev_texts, batch)
            results["assess_one_ms_median"].append(one)
            results["assess_batch_per_second"].append(per_second)
    big_texts = (texts * (100_000 // len(texts) + 1))[:100_000]
    big_labels = (labels * (100_000 // len(labels) + 1))[:100_000]
    for _ in range(runs):
        started, cpu = time.monotonic(), time.process_time()
        train_classifier(big_texts, big_labels, options=TrainingOptions(holdout=0.1))
        results["train_100k_seconds"].append(time.monotonic() - started)
        results["train_100k_cpu_seconds"].append(time.process_time() - cpu)
    return {
        name: {
            "median": round(statistics.median(values), 3),
            "min": round(min(values), 3),
            "max": round(max(values), 3),
            "runs": len(values),
        }
        for name, values in results.items()
    }


def _assessment_speed(classifier, texts: list[str], batch: list[str]) -> tuple[float, float]:
    """The whole assessment (language, rules, three fields' models, priority, abnormal) as
    services.assess runs it, with the shipped rules and the model standing in for nature,
    category and severity."""
    from complaintdesk.triage.assessment import LoadedModel, compose, predict_many
    from complaintdesk.triage.classifier.language import detect_languages

    configuration = _default_configuration()
    models = {name: LoadedModel("bench", classifier) for name in ("nature", "category", "severity")}
    compose("warm up", configuration=configuration, models=models)
    timings = []
    for text in texts[:500]:
        started = time.perf_counter()
        compose(text, configuration=configuration, models=models)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    # As services.assess_many: the language detector and the models run for the batch.
    languages = detect_languages(batch)
    predicted = [
        answers
        for start in range(0, len(batch), 1000)
        for answers in predict_many(models, batch[start : start + 1000])
    ]
    for text, detected, answers in zip(batch, languages, predicted, strict=True):
        compose(
            text,
            configuration=configuration,
            models=models,
            detected_language=detected,
            predicted=answers,
        )
    return statistics.median(timings) * 1000, len(batch) / (time.perf_counter() - started)


def _default_configuration():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    import django

    django.setup()
    from complaintdesk.triage.assessment import TriageConfiguration
    from complaintdesk.triage.default_rules import DEFAULT_RULES
    from complaintdesk.triage.rules import compile_rule

    rules = []
    for default in DEFAULT_RULES:
        for language, keywords in default.keywords.items():
            compiled = compile_rule(
                name=f"{default.name} ({language})",
                field=default.field,
                language=language,
                match="keywords",
                expression="\n".join(keywords.split("|")),
                value=default.value,
                confidence=default.confidence,
                order=default.order,
            )
            if compiled is not None:
                rules.append(compiled)
    rules.sort(key=lambda rule: rule.order)
    levels = ("low", "medium", "high")
    matrix = {(u, i): "p3" for u in levels for i in levels}
    return TriageConfiguration(rules=tuple(rules), matrix=matrix)


MEASURES = ("accuracy", "macro_f1", "automation")


def nested(data: Path, task: Task, folds: int = 3) -> dict:
    """Judge a change of the training procedure without reading dev: outer folds of the train
    split, the procedure run on each outer training part and scored on its outer held-out part;
    "earlier" is the procedure before the NB-SVM and the selection margin, "current" as it is.
    Labels with fewer than 10 training examples are left out, so every outer fold has them."""
    from collections import Counter

    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    texts, labels, _dev_texts, _dev_labels = read(data, task)
    counts = Counter(labels)
    kept = [i for i, label in enumerate(labels) if counts[label] >= 10]
    texts = [texts[i] for i in kept]
    y = np.array([labels[i] for i in kept], dtype=object)
    procedures = {
        "earlier": TrainingOptions(
            holdout=0, order=task.order, nb_candidate=None, selection_margin=0.0
        ),
        "current": TrainingOptions(holdout=0, order=task.order),
    }
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in procedures}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=1)
    for number, (fit, held) in enumerate(splitter.split(texts, y), start=1):
        for name, options in procedures.items():
            classifier = train_classifier(
                [texts[i] for i in fit], list(y[fit]), options=options
            ).classifier
            predictions = classifier.predict([texts[i] for i in held])
            predicted = np.array([p.label for p in predictions], dtype=object)
            confidence = np.array([p.confidence for p in predictions])
            scores[name].append(
                (
                    float((predicted == y[held]).mean()),
                    float(f1_score(y[held], predicted, average="macro")),
                    float((confidence >= classifier.threshold).mean()),
                )
            )
            print(task.name, number, name, np.round(scores[name][-1], 4).tolist(), flush=True)
    result = {
        name: dict(zip(MEASURES, np.round(np.mean(rows, axis=0), 4).tolist(), strict=True))
        for name, rows in scores.items()
    }
    print(task.name, json.dumps(result), flush=True)
    return result


def learning_curve(data: Path, sizes: tuple[int, ...] = (100, 300, 1000, 3000)) -> list[dict]:
    """French insurance product with only the first N labels: what an organisation's own
    labelling buys, for a language the shipped models have no category labels for."""
    task = next(t for t in TASKS if t.name == "fr_insurance_product")
    texts, labels, dev_texts, dev_labels = read(data, task)
    order = np.random.default_rng(0).permutation(len(texts))
    rows = []
    for size in (*sizes, len(texts)):
        chosen = order[:size]
        classifier = train_classifier(
            [texts[i] for i in chosen],
            [labels[i] for i in chosen],
            options=TrainingOptions(holdout=0),
        ).classifier
        predictions = classifier.predict(dev_texts)
        result = evaluate(
            dev_labels,
            [p.label for p in predictions],
            np.array([p.confidence for p in predictions]),
            threshold=classifier.threshold,
            labels=sorted(set(dev_labels) | set(classifier.classes)),
        )
        rows.append(
            {
                "labels": int(size),
                "accuracy": result["accuracy"],
                "macro_f1": result["macro_f1"],
                "automation": result["coverage"],
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def rule_coverage(data: Path) -> dict:
    """The share of texts in each language to which the shipped rules give a category, on
    texts no model was trained on (the unlabelled Spanish and French sets among them)."""
    configuration = _default_configuration()
    from complaintdesk.triage.assessment import compose

    files = {
        "en airline tweets": "airline_tweets_en.csv",
        "en CFPB": "cfpb_narratives_2015_2020_en.csv",
        "es airline tweets (unlabelled)": "airline_tweets_es_unlabeled.csv",
        "fr Engie tweets (unlabelled)": "engie_energy_tweets_fr_unlabeled.csv",
        "fr Free tweets": "free_telecom_tweets_fr_machine_labels.csv",
        "zh car complaints": "car_complaints_zh.csv",
    }
    result = {}
    for name, file_name in files.items():
        with (data / file_name).open(newline="", encoding="utf-8") as handle:
            texts = [row["text"] for row in csv.DictReader(handle)][:2000]
        assessed = [compose(text, configuration=configuration, models={}) for text in texts]
        result[name] = {
            "texts": len(texts),
            "category_by_rules": round(
                sum(a.fields["category"].suggestion is not None for a in assessed) / len(texts), 3
            ),
            "abnormal": round(sum(a.abnormal for a in assessed) / len(texts), 3),
            "remedy_named": round(
                sum(bool(a.fields["remedy_sought"].value) for a in assessed) / len(texts), 3
            ),
        }
        print(name, json.dumps(result[name]), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--task", action="append", choices=[t.name for t in TASKS])
    parser.add_argument("--speed", action="store_true", help="measure speed instead of quality")
    parser.add_argument("--curve", action="store_true", help="French product learning curve")
    parser.add_argument("--rules", action="store_true", help="what the shipped rules cover")
    parser.add_argument(
        "--nested",
        action="store_true",
        help="the training procedure with and without the NB-SVM, on outer folds of train",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--baseline",
        choices=("word", "word+char"),
        default="word",
        help="the measured baseline's features (word 1–2-grams, or with character n-grams)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip measuring the baseline")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no shared data at {args.data}")
    machine = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on the machine slows every timing: the load average says how much.
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }
    print(json.dumps(machine))
    results: object
    if args.speed:
        results = speed(args.data, args.runs)
        print(json.dumps(results, indent=2))
    elif args.curve:
        results = learning_curve(args.data)
    elif args.rules:
        results = rule_coverage(args.data)
    elif args.nested:
        results = {
            task.name: nested(args.data, task)
            for task in TASKS
            if not args.task or task.name in args.task
        }
    else:
        rows = []
        for task in TASKS:
            if args.task and task.name not in args.task:
                continue
            rows.append(run_task(args.data, task, None if args.no_baseline else args.baseline))
            print_row(rows[-1])
        results = rows
    machine["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    print(json.dumps({"load_average_at_end": machine["load_average_at_end"]}))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2))


if __name__ == "__main__":
    main()
