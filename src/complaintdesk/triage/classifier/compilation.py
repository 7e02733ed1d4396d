"""A trained model turned into the arrays runtime.py predicts with, written beside it.

What can be compiled: a union of TfidfVectorizers (word, char or char_wb analysis, any n-gram
range, lower case, accent stripping, token pattern and stop words; not a callable analyzer,
preprocessor or tokenizer), linear scores (any linear model's coef_ and intercept_: SVM,
logistic regression, SGD, stacked or ordinal scorers), and their calibration (a multinomial
logistic regression over the scores, as TextClassifier has, or scikit-learn's
CalibratedClassifierCV with sigmoid or isotonic calibrators), with the label choice
(class-prior bias or the scores' own argmax). Anything else raises NotCompiled, and the model
is served through scikit-learn as before."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.classifier import runtime
from complaintdesk.triage.classifier.runtime import (
    COMPILED_FILE,
    FORMAT,
    AnalyserSettings,
    CompiledModel,
    NotCompiled,
)

# TextClassifier's fields this compiler knows how to carry over; a field added there must be
# added here too (the test that trains and compares says so) rather than silently dropped.
KNOWN_FIELDS = {
    "classes", "vectorizers", "weights", "intercepts", "calibration_weights",
    "calibration_intercepts", "log_bias", "threshold", "decide_by_scores", "metadata",
}  # fmt: skip


def analyser_settings(vectorizer: Any) -> AnalyserSettings:
    """The settings of a fitted TfidfVectorizer, if runtime.Analyser reproduces it."""
    analyzer = vectorizer.analyzer
    if callable(analyzer) or analyzer not in ("word", "char", "char_wb"):
        raise NotCompiled(f"analyzer {analyzer!r} cannot be compiled")
    if vectorizer.preprocessor is not None or vectorizer.tokenizer is not None:
        raise NotCompiled("a custom preprocessor or tokenizer cannot be compiled")
    if getattr(vectorizer, "input", "content") != "content":
        raise NotCompiled("only vectorizers of text content can be compiled")
    strip_accents = vectorizer.strip_accents or None
    if strip_accents not in (None, "ascii", "unicode"):
        raise NotCompiled(f"strip_accents {strip_accents!r} cannot be compiled")
    stop_words = vectorizer.get_stop_words() if analyzer == "word" else None
    low, high = vectorizer.ngram_range
    return AnalyserSettings(
        analyzer=analyzer,
        ngram_range=(int(low), int(high)),
        lowercase=bool(vectorizer.lowercase),
        strip_accents=strip_accents,
        token_pattern=vectorizer.token_pattern if analyzer == "word" else None,
        stop_words=None if stop_words is None else frozenset(stop_words),
    )


def vectorizer_arrays(vectorizer: Any, number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A vectorizer's header entry and arrays: its terms in column order (as one UTF-8 text
    and the end of each term in characters) and its idf, in the dtype it has."""
    vocabulary = vectorizer.vocabulary_
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    ends = np.cumsum([len(term) for term in terms], dtype=np.int64)
    use_idf = bool(vectorizer.use_idf)
    spec = {
        "analyser": analyser_settings(vectorizer).to_json(),
        "use_idf": use_idf,
        "sublinear_tf": bool(vectorizer.sublinear_tf),
        "binary": bool(vectorizer.binary),
        "norm": vectorizer.norm,
    }
    arrays = {
        f"block{number}_terms": np.frombuffer("".join(terms).encode("utf-8"), dtype=np.uint8),
        f"block{number}_ends": ends,
    }
    if use_idf:
        arrays[f"block{number}_idf"] = np.asarray(vectorizer.idf_)
    return spec, arrays


def from_text_classifier(classifier: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and arrays of a TextClassifier (classifier/model.py)."""
    unknown = {item.name for item in fields(classifier)} - KNOWN_FIELDS
    if unknown:
        raise NotCompiled(f"TextClassifier fields the compiler does not know: {sorted(unknown)}")
    blocks, arrays = [], {}
    for number, vectorizer in enumerate(classifier.vectorizers):
        spec, block_arrays = vectorizer_arrays(vectorizer, number)
        blocks.append(spec)
        arrays.update(block_arrays)
    weights = np.ascontiguousarray(classifier.weights)
    calibration_weights = np.asarray(classifier.calibration_weights)
    arrays.update(
        weights=weights,
        intercepts=np.asarray(classifier.intercepts),
        calibration_weights=calibration_weights,
        calibration_intercepts=np.asarray(classifier.calibration_intercepts),
        log_bias=np.asarray(classifier.log_bias, dtype=np.float64),
        # As TextClassifier._class_weights: the scorers' weights combined as the calibrator
        # combines their scores, features × log-odds.
        explanation_weights=np.ascontiguousarray(
            weights @ calibration_weights.T.astype(weights.dtype)
        ),
    )
    header = {
        "format": FORMAT,
        "classes": [str(label) for label in classifier.classes],
        "blocks": blocks,
        "calibration": {"kind": "softmax"},
        "threshold": float(classifier.threshold),
        "decide_by_scores": bool(classifier.decide_by_scores),
        "metadata": _json_ready(classifier.metadata),
    }
    return header, arrays


def from_pipeline(
    pipeline: Any, *, threshold: float = 0.5, metadata: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and arrays of a scikit-learn Pipeline: a TfidfVectorizer or a FeatureUnion
    of them, then a CalibratedClassifierCV (sigmoid or isotonic) over a linear model, or the
    linear model alone (LogisticRegression gives probabilities by its own softmax or
    sigmoid); labels chosen by the largest probability."""
    *front, (_name, last) = pipeline.steps
    if len(front) != 1:
        raise NotCompiled("expects a vectorizer (or a union of them) and a classifier")
    features = front[0][1]
    vectorizers = (
        [vectorizer for _name, vectorizer in features.transformer_list]
        if hasattr(features, "transformer_list")
        else [features]
    )
    if getattr(features, "transformer_weights", None):
        raise NotCompiled("weighted feature unions cannot be compiled")
    blocks, arrays = [], {}
    for number, vectorizer in enumerate(vectorizers):
        spec, block_arrays = vectorizer_arrays(vectorizer, number)
        blocks.append(spec)
        arrays.update(block_arrays)
    classes = [str(label) for label in last.classes_]
    if hasattr(last, "calibrated_classifiers_"):
        method = last.method
        if method not in ("sigmoid", "isotonic"):
            raise NotCompiled(f"calibration {method!r} cannot be compiled")
        columns, intercepts, member_calibrators = [], [], []
        start = 0
        for member, calibrated in enumerate(last.calibrated_classifiers_):
            if [str(label) for label in calibrated.estimator.classes_] != classes:
                raise NotCompiled("a calibrated member saw only some of the classes")
            coef, intercept = _linear(calibrated.estimator)
            columns.append(coef)
            intercepts.append(intercept)
            arrays[f"member{member}_columns"] = np.arange(start, start + coef.shape[1])
            start += coef.shape[1]
            for k, calibrator in enumerate(calibrated.calibrators):
                if method == "sigmoid":
                    first, second = np.array([calibrator.a_]), np.array([calibrator.b_])
                else:
                    first = np.asarray(calibrator.X_thresholds_, dtype=np.float64)
                    second = np.asarray(calibrator.y_thresholds_, dtype=np.float64)
                arrays[f"member{member}_first{k}"] = first
                arrays[f"member{member}_second{k}"] = second
            member_calibrators.append(len(calibrated.calibrators))
        weights = np.hstack(columns)
        arrays.update(weights=weights, intercepts=np.concatenate(intercepts))
        calibration = {"kind": method, "members": member_calibrators}
        # Explained by the members' raw weights for each class, averaged.
        arrays["explanation_weights"] = np.ascontiguousarray(
            sum(column for column in columns) / len(columns)
        )
    else:
        if not hasattr(last, "predict_proba"):
            raise NotCompiled("the classifier gives no probabilities; calibrate it")
        if getattr(last, "multi_class", "auto") == "ovr" and len(classes) > 2:
            raise NotCompiled("one-vs-rest logistic regression cannot be compiled")
        coef, intercept = _linear(last)
        # Scores pass straight into the softmax (or sigmoid for two classes).
        identity = np.eye(coef.shape[1])
        arrays.update(
            weights=coef,
            intercepts=intercept,
            calibration_weights=identity,
            calibration_intercepts=np.zeros(coef.shape[1]),
            explanation_weights=np.ascontiguousarray(coef),
        )
        calibration = {"kind": "softmax"}
    arrays["log_bias"] = np.zeros(len(classes))
    header = {
        "format": FORMAT,
        "classes": classes,
        "blocks": blocks,
        "calibration": calibration,
        "threshold": float(threshold),
        "decide_by_scores": False,
        "metadata": _json_ready(metadata or {}),
    }
    return header, arrays


def _linear(estimator: Any) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × scores) and intercepts of a fitted linear model."""
    if not hasattr(estimator, "coef_"):
        raise NotCompiled(f"{type(estimator).__name__} is not a linear model")
    coef = np.asarray(estimator.coef_)
    intercept = np.atleast_1d(np.asarray(estimator.intercept_, dtype=np.float64))
    if hasattr(coef, "toarray"):
        coef = coef.toarray()
    return np.ascontiguousarray(np.atleast_2d(coef).T), intercept


def compile_model(model: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if hasattr(model, "vectorizers"):
        return from_text_classifier(model)
    if hasattr(model, "steps"):
        return from_pipeline(model)
    raise NotCompiled(f"{type(model).__name__} cannot be compiled")


def compiled(model: Any) -> CompiledModel:
    """The model compiled in memory (for a model trained in this process)."""
    header, arrays = compile_model(model)
    return runtime.from_arrays(header, arrays)


def write(model: Any, directory: Path) -> Path:
    """Compile the model into directory/model.npz (written beside and renamed, so a reader
    never sees half of it)."""
    header, arrays = compile_model(model)
    directory = Path(directory)
    partial = directory / f".{COMPILED_FILE}.partial"
    with partial.open("wb") as out:
        np.savez(out, header=np.frombuffer(json.dumps(header).encode("utf-8"), np.uint8), **arrays)
    partial.replace(directory / COMPILED_FILE)
    return directory / COMPILED_FILE


def _json_ready(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
