"""Training a field's classifier from labelled texts, with the evaluation that decides whether
it may replace the one in use.

The steps: hold back a part for the report; on the rest, out-of-fold scores of linear SVMs
(for ordered labels such as severity, also of cumulative "at least this level" SVMs; and of an
NB-SVM) train a calibrator, choose the scorers (alone or stacked, the simplest within a margin
of the best out-of-fold score), how much to favour rare classes, and the confidence threshold
that keeps automatic decisions at 95% precision; then the chosen scorers are fitted on all of
the rest. The held-back part is only ever used for the report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC

from complaintdesk.triage.classifier.metrics import confidence_threshold, evaluate
from complaintdesk.triage.classifier.model import (
    TextClassifier,
    character_vectorizer,
    word_vectorizer,
)
from complaintdesk.triage.classifier.text import for_features, plain

FORMAT = 1
# A class needs this many examples to be learned at all; rarer ones are reported as ignored.
MIN_EXAMPLES_PER_CLASS = 3
# How labels are chosen: None by the SVM's own scores (its class weights decide), a number
# by calibrated probabilities divided by the class prior to that power.
PRIOR_EXPONENTS: tuple[float | None, ...] = (None, 0.0, 0.25, 0.5, 0.75, 1.0)

# Added to the term counts when a scorer weighs terms by their log-count ratio.
NB_SMOOTHING = 1.0

Progress = Callable[[str, int, int], None]
# A scorer: ("svm", C, class weight) — one linear SVM over the classes —, ("ordinal", C,
# class weight) — one SVM per level telling "at least this level" from "below it" — or
# ("nbsvm", C, class weight) — one SVM per class on features scaled by how much more often
# the term occurs in that class than in the others (NB-SVM); its weights are those scaled back,
# so every scorer is the same linear map of the TF-IDF vector.
Scorer = tuple[str, float, str | None]


class TrainingError(ValueError):
    """The examples cannot make a classifier (too few, a single class…); says why."""


@dataclass(frozen=True, kw_only=True)
class TrainingOptions:
    holdout: float = 0.2
    # The SVM settings tried, as (regularisation C, class weight); the one with the best
    # macro-F1 plus automation rate across the folds is kept.
    candidates: tuple[tuple[float, str | None], ...] = (
        (0.1, None),
        (0.1, "balanced"),
        (0.3, None),
    )
    # Above this many examples only the first candidate is tried, to bound training time.
    selection_limit: int = 20_000
    # The labels' order, mildest first, when they have one (severity): then cumulative
    # scorers that know the order are tried too, alone and with the others.
    order: tuple[str, ...] = ()
    ordinal_candidate: tuple[float, str | None] = (0.1, "balanced")
    # The NB-SVM scorer tried beside the plain SVMs (None: not tried), alone and in the stack.
    nb_candidate: tuple[float, str | None] | None = (0.1, None)
    # Out-of-fold scores of a few thousand examples differ by about this much between
    # resamplings: a trial with more scorers is kept only if it beats every simpler one by more.
    selection_margin: float = 0.01
    word_features: int = 150_000
    character_features: int = 300_000
    seed: int = 0


def _quiet(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class TrainingResult:
    classifier: TextClassifier
    # JSON-ready: the evaluation on the held-back part and across the folds.
    report: dict[str, Any]
    # The held-back examples, so a model in use can be measured on the very same texts.
    held_back_texts: list[str]
    held_back_labels: list[str]


def train_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    field: str = "",
    options: TrainingOptions | None = None,
    progress: Progress | None = None,
) -> TrainingResult:
    """Train on labelled texts; return the classifier, its report and the held-back part."""
    options = options or TrainingOptions()
    started = time.monotonic()
    if len(texts) != len(labels):
        raise TrainingError(f"{len(texts)} texts but {len(labels)} labels")
    counts = Counter(str(label) for label in labels)
    kept = {label for label, count in counts.items() if count >= MIN_EXAMPLES_PER_CLASS and label}
    ignored = {label: count for label, count in counts.items() if label not in kept}
    pairs = [(text, str(label)) for text, label in zip(texts, labels, strict=True)]
    pairs = [(text, label) for text, label in pairs if label in kept]
    if len(kept) < 2:
        raise TrainingError(
            f"needs at least two labels with {MIN_EXAMPLES_PER_CLASS} examples each "
            f"(got {dict(counts)})"
        )
    cleaned = [for_features(plain(text)) for text, _ in pairs]
    y = np.array([label for _, label in pairs], dtype=object)
    steps = _Steps(progress or _quiet, total=5 if options.holdout else 4)

    if options.holdout:
        train_index, test_index = _holdout(y, options)
    else:
        train_index, test_index = np.arange(len(y)), np.array([], dtype=int)
    train_texts = [cleaned[i] for i in train_index]
    y_train = y[train_index]
    classes = np.array(sorted(set(y_train)), dtype=object)
    if len(classes) < 2:
        raise TrainingError("the training part holds a single label")
    y_codes = np.searchsorted(classes, y_train)

    steps.next("features")
    vectorizers = [
        word_vectorizer(options.word_features),
        character_vectorizer(options.character_features),
    ]
    matrix = sp.hstack(
        [vectorizer.fit_transform(train_texts) for vectorizer in vectorizers], format="csr"
    )

    folds = _folds(y_codes, options)
    candidates: list[Scorer] = [("svm", *candidate) for candidate in options.candidates]
    ranks = _ranks(classes, options.order)
    if ranks is not None:
        candidates.append(("ordinal", *options.ordinal_candidate))
    if options.nb_candidate is not None:
        candidates.append(("nbsvm", *options.nb_candidate))
    if len(y_codes) > options.selection_limit:
        candidates = candidates[:1]
    steps.total += len(candidates) * len(folds) - 1
    prior = np.bincount(y_codes, minlength=len(classes)) / len(y_codes)
    tried = [
        _try(candidate, matrix, y_codes, ranks, folds, prior, options, steps)
        for candidate in candidates
    ]
    tried.extend(_stacks(tried, y_codes, prior, options))
    best = _select(tried, options.selection_margin)
    log_bias = np.zeros(len(classes)) if best.exponent is None else -best.exponent * np.log(prior)
    chosen = best.chosen
    threshold = best.threshold
    honest = best.probabilities

    steps.next("calibration and final fit")
    calibrator = LogisticRegression(C=1.0, max_iter=1000).fit(best.scores, y_codes)
    fitted = [_fit(member, matrix, y_codes, ranks, options) for member in best.members]
    classifier = TextClassifier(
        classes=classes,
        vectorizers=vectorizers,
        weights=np.ascontiguousarray(
            np.hstack([weights for weights, _intercepts in fitted]), dtype=np.float32
        ),
        intercepts=np.concatenate([intercepts for _weights, intercepts in fitted]).astype(
            np.float64
        ),
        calibration_weights=np.atleast_2d(calibrator.coef_),
        calibration_intercepts=np.atleast_1d(calibrator.intercept_),
        log_bias=log_bias,
        threshold=threshold,
        decide_by_scores=best.exponent is None,
    )
    training_chosen, training_confidence = chosen, honest[np.arange(len(chosen)), chosen]
    report: dict[str, Any] = {
        "field": field,
        "examples": len(y),
        "training_examples": len(y_train),
        "ignored_labels": ignored,
        "threshold": round(threshold, 4),
        "prior_exponent": best.exponent,
        "selected": [list(member) for member in best.members],
        "candidates": [
            {
                "scorers": [list(member) for member in trial.members],
                "macro_f1": round(trial.macro_f1, 4),
                "coverage": round(trial.coverage, 4),
            }
            for trial in tried
        ],
        "cross_validation": evaluate(
            y_train,
            classes[training_chosen],
            training_confidence,
            threshold=threshold,
            labels=list(classes),
        ),
    }
    if len(test_index):
        steps.next("evaluation on the held-back part")
        predictions = classifier.predict([cleaned[i] for i in test_index])
        report["held_back"] = evaluate(
            y[test_index],
            [p.label for p in predictions],
            np.array([p.confidence for p in predictions]),
            threshold=threshold,
            labels=list(classes),
        )
    report["seconds"] = round(time.monotonic() - started, 1)
    classifier.metadata = {
        "format": FORMAT,
        "field": field,
        "sklearn": sklearn.__version__,
        "labels": list(classes),
        "examples": len(y),
        "trained_in_seconds": report["seconds"],
    }
    steps.next("done")
    return TrainingResult(
        classifier,
        report,
        [cleaned[i] for i in test_index],
        [str(label) for label in y[test_index]],
    )


def _holdout(y: np.ndarray, options: TrainingOptions) -> tuple[np.ndarray, np.ndarray]:
    index = np.arange(len(y))
    counts = Counter(y)
    stratify = y if min(counts.values()) >= 2 else None
    held = max(len(counts), round(len(y) * options.holdout))
    if len(y) - held < 2 * len(counts):
        raise TrainingError(f"too few examples ({len(y)}) to hold a part back for the report")
    train_index, test_index = train_test_split(
        index, test_size=held, random_state=options.seed, stratify=stratify
    )
    return np.sort(train_index), np.sort(test_index)


def _folds(y_codes: np.ndarray, options: TrainingOptions) -> list[tuple[np.ndarray, np.ndarray]]:
    smallest = int(np.bincount(y_codes).min())
    # Five folds on small sets, where every example counts; fewer on large ones, where time
    # does and the estimate is stable anyway.
    wanted = 5 if len(y_codes) < 20_000 else 3 if len(y_codes) < 50_000 else 2
    splits = max(2, min(wanted, smallest))
    splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=options.seed)
    return list(splitter.split(np.zeros(len(y_codes)), y_codes))


@dataclass(frozen=True)
class _Trial:
    # The scorers whose scores the calibrator combines (one, or all when stacked).
    members: tuple[Scorer, ...]
    scores: np.ndarray
    probabilities: np.ndarray
    exponent: float | None
    chosen: np.ndarray
    threshold: float
    macro_f1: float
    coverage: float

    @property
    def score(self) -> float:
        return self.macro_f1 + self.coverage


def _ranks(classes: np.ndarray, order: tuple[str, ...]) -> np.ndarray | None:
    """Each class's level in the given order, when every class has one and there are more
    than two."""
    if len(classes) < 3 or not order or not set(classes) <= set(order):
        return None
    levels = {label: index for index, label in enumerate(order)}
    present = sorted({levels[label] for label in classes})
    # Levels renumbered 0…k-1 over the classes present.
    return np.array([present.index(levels[label]) for label in classes])


def _try(
    candidate: Scorer,
    matrix: sp.csr_matrix,
    y_codes: np.ndarray,
    ranks: np.ndarray | None,
    folds: list[tuple[np.ndarray, np.ndarray]],
    prior: np.ndarray,
    options: TrainingOptions,
    steps: _Steps,
) -> _Trial:
    """Out-of-fold scores for one scorer, and what they would give."""
    scores: np.ndarray | None = None
    for number, (fit, held) in enumerate(folds, start=1):
        steps.next(
            f"{candidate[0]} C={candidate[1]} {candidate[2] or ''} fold {number}/{len(folds)}"
        )
        weights, intercepts = _fit(candidate, matrix[fit], y_codes[fit], ranks, options)
        held_scores = np.asarray(matrix[held] @ weights) + intercepts
        if scores is None:
            scores = np.zeros((len(y_codes), held_scores.shape[1]))
        scores[held] = held_scores
    assert scores is not None
    probabilities = _honest_probabilities(scores, y_codes, options)
    by_scores = candidate[0] == "svm"
    exponent = _best_prior_exponent(scores, probabilities, y_codes, prior, by_scores=by_scores)
    chosen = _choose(scores, probabilities, exponent, prior)
    confidence = probabilities[np.arange(len(chosen)), chosen]
    threshold = confidence_threshold(confidence, chosen == y_codes)
    return _Trial(
        (candidate,),
        scores,
        probabilities,
        exponent,
        chosen,
        threshold,
        float(f1_score(y_codes, chosen, average="macro")),
        float((confidence >= threshold).mean()),
    )


def _select(tried: list[_Trial], margin: float) -> _Trial:
    """The trial with the fewest scorers among those within `margin` of the best out-of-fold
    score (the better of those if several), so that a larger stack is not kept for a
    difference the folds cannot tell from noise."""
    top = max(trial.score for trial in tried)
    close = [trial for trial in tried if trial.score >= top - margin]
    return min(close, key=lambda trial: (len(trial.members), -trial.score))


def _stacks(
    tried: list[_Trial], y_codes: np.ndarray, prior: np.ndarray, options: TrainingOptions
) -> list[_Trial]:
    """The stacks tried: every scorer together and, when there is an NB-SVM, the others
    without it (the stack as it was before NB-SVM joined), so adding a scorer never takes away
    a combination that did well."""
    if len(tried) < 2:
        return []
    plain_scorers = [trial for trial in tried if trial.members[0][0] != "nbsvm"]
    stacks = [tried]
    if 1 < len(plain_scorers) < len(tried):
        stacks.insert(0, plain_scorers)
    return [_stacked(members, y_codes, prior, options) for members in stacks]


def _stacked(
    tried: list[_Trial], y_codes: np.ndarray, prior: np.ndarray, options: TrainingOptions
) -> _Trial:
    """All scorers together: the calibrator learns how to combine their scores."""
    scores = np.hstack([trial.scores for trial in tried])
    probabilities = _honest_probabilities(scores, y_codes, options)
    exponent = _best_prior_exponent(scores, probabilities, y_codes, prior, by_scores=False)
    chosen = _choose(scores, probabilities, exponent, prior)
    confidence = probabilities[np.arange(len(chosen)), chosen]
    threshold = confidence_threshold(confidence, chosen == y_codes)
    return _Trial(
        tuple(member for trial in tried for member in trial.members),
        scores,
        probabilities,
        exponent,
        chosen,
        threshold,
        float(f1_score(y_codes, chosen, average="macro")),
        float((confidence >= threshold).mean()),
    )


def _fit(
    scorer: Scorer,
    matrix: sp.csr_matrix,
    y_codes: np.ndarray,
    ranks: np.ndarray | None,
    options: TrainingOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """The scorer's weights (one column per score) and intercepts, fitted on the rows."""
    kind, regularisation, class_weight = scorer
    if kind == "ordinal":
        if ranks is None:
            raise TrainingError("an ordinal scorer needs ordered labels")
        levels = ranks[y_codes]
        columns, intercepts = [], []
        for level in range(1, int(ranks.max()) + 1):
            svm = _svm((regularisation, class_weight), options).fit(
                matrix, (levels >= level).astype(int)
            )
            columns.append(svm.coef_[0])
            intercepts.append(svm.intercept_[0])
        return np.column_stack(columns), np.array(intercepts)
    if kind == "nbsvm":
        return _fit_nbsvm((regularisation, class_weight), matrix, y_codes, options)
    svm = _svm((regularisation, class_weight), options).fit(matrix, y_codes)
    return np.atleast_2d(svm.coef_).T, np.atleast_1d(svm.intercept_)


def _fit_nbsvm(
    candidate: tuple[float, str | None],
    matrix: sp.csr_matrix,
    y_codes: np.ndarray,
    options: TrainingOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """One SVM per class (the second class only, for two) on the TF-IDF scaled by each term's
    log-count ratio r = log((p / |p|) / (q / |q|)), p and q the smoothed numbers of texts of the
    class and of the others that contain the term (Wang & Manning, 2012). The SVM's weights
    multiplied by r score the unscaled TF-IDF vector exactly as the SVM scores the scaled one."""
    present = matrix.copy()
    present.data = np.ones_like(present.data)
    classes = int(y_codes.max()) + 1
    columns, intercepts = [], []
    for code in range(classes) if classes > 2 else [1]:
        inside = y_codes == code
        p = np.asarray(present[inside].sum(axis=0)).ravel() + NB_SMOOTHING
        q = np.asarray(present[~inside].sum(axis=0)).ravel() + NB_SMOOTHING
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        svm = _svm(candidate, options).fit(matrix @ sp.diags(ratio), inside.astype(int))
        columns.append(svm.coef_[0] * ratio)
        intercepts.append(svm.intercept_[0])
    return np.column_stack(columns), np.array(intercepts)


def _svm(candidate: tuple[float, str | None], options: TrainingOptions) -> LinearSVC:
    regularisation, class_weight = candidate
    return LinearSVC(C=regularisation, class_weight=class_weight, random_state=options.seed)


def _honest_probabilities(
    scores: np.ndarray, y_codes: np.ndarray, options: TrainingOptions
) -> np.ndarray:
    """Calibrated probabilities for the training part, each from a calibrator that did not
    see it, so the threshold is not chosen on what the calibrator learned by heart."""
    classes = int(y_codes.max()) + 1
    probabilities = np.zeros((len(y_codes), classes))
    for fit, held in _folds(y_codes, options):
        calibrator = LogisticRegression(C=1.0, max_iter=1000).fit(scores[fit], y_codes[fit])
        columns = calibrator.classes_
        probabilities[np.ix_(held, columns)] = calibrator.predict_proba(scores[held])
    return probabilities


def _choose(
    scores: np.ndarray, probabilities: np.ndarray, exponent: float | None, prior: np.ndarray
) -> np.ndarray:
    if exponent is None:
        return _by_scores(scores)
    return (np.log(probabilities + 1e-12) - exponent * np.log(prior)).argmax(axis=1)


def _by_scores(scores: np.ndarray) -> np.ndarray:
    if scores.shape[1] == 1:
        return (scores[:, 0] > 0).astype(int)
    return scores.argmax(axis=1)


def _best_prior_exponent(
    scores: np.ndarray,
    probabilities: np.ndarray,
    y_codes: np.ndarray,
    prior: np.ndarray,
    *,
    by_scores: bool = True,
) -> float | None:
    best_exponent: float | None = None
    best_score = -1.0
    for exponent in PRIOR_EXPONENTS:
        if exponent is None and not by_scores:
            continue
        chosen = _choose(scores, probabilities, exponent, prior)
        score = f1_score(y_codes, chosen, average="macro")
        # A higher exponent trades accuracy for rare classes: take it only for a clear gain.
        if score > best_score + 0.005:
            best_exponent, best_score = exponent, score
    return best_exponent


class _Steps:
    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def next(self, step: str) -> None:
        self.progress(step, self.done, self.total)
        self.done += 1
