"""How good a classifier is, in the terms the issue asks for: accuracy, macro-F1, per-class
precision and recall, the confusion matrix, and the share it can decide alone at a target
precision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

TARGET_PRECISION = 0.95


def confidence_threshold(
    confidence: np.ndarray, correct: np.ndarray, target: float = TARGET_PRECISION
) -> float:
    """The lowest confidence above which the predictions are right at least `target` of the
    time. Above 1 (nothing automatic) when no such threshold exists."""
    if len(confidence) == 0:
        return 1.01
    order = np.argsort(-confidence, kind="stable")
    ranked = confidence[order]
    hits = np.cumsum(correct[order].astype(float))
    precision = hits / np.arange(1, len(ranked) + 1)
    # Only cut where the confidence changes, so ties are all in or all out.
    cut_points = np.r_[ranked[1:] < ranked[:-1], True]
    good = np.nonzero((precision >= target) & cut_points)[0]
    if len(good) == 0:
        return 1.01
    return float(ranked[good.max()])


def evaluate(
    truth: Sequence[str] | np.ndarray,
    predicted: Sequence[str] | np.ndarray,
    confidence: np.ndarray,
    *,
    threshold: float,
    labels: Sequence[str],
) -> dict[str, Any]:
    """The report of one evaluation, JSON-ready."""
    truth_array = np.asarray(truth, dtype=object)
    predicted_array = np.asarray(predicted, dtype=object)
    automatic = confidence >= threshold
    precision, recall, f1, support = precision_recall_fscore_support(
        truth_array, predicted_array, labels=list(labels), zero_division=0
    )
    automatic_correct = truth_array[automatic] == predicted_array[automatic]
    # Macro-F1 over the labels that occur in the truth or the predictions, as scikit-learn
    # defines it: a known label absent from both says nothing about this evaluation.
    occurring = sorted(set(truth_array.tolist()) | set(predicted_array.tolist()))
    return {
        "examples": len(truth_array),
        "accuracy": round(float(accuracy_score(truth_array, predicted_array)), 4),
        "macro_f1": round(
            float(
                f1_score(
                    truth_array,
                    predicted_array,
                    labels=occurring,
                    average="macro",
                    zero_division=0,
                )
            ),
            4,
        ),
        "threshold": round(threshold, 4),
        "coverage": round(float(automatic.mean()) if len(automatic) else 0.0, 4),
        "accuracy_when_automatic": (
            round(float(automatic_correct.mean()), 4) if automatic_correct.size else None
        ),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "labels": list(labels),
        "confusion_matrix": confusion_matrix(
            truth_array, predicted_array, labels=list(labels)
        ).tolist(),
    }
