"""Models built the plain scikit-learn way — a union of TF-IDF vectorizers and a linear
classifier, calibrated or not — compile to the same probabilities, so the runtime stays
usable whatever model the training settles on."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from complaintdesk.triage.classifier import compilation
from complaintdesk.triage.classifier.text import for_features, plain
from complaintdesk.triage.tests.conftest import synthetic

PROBES = [
    "rude staff shouted",
    "courier parcel late again",
    "charged a fee twice",
    "",
    "?",
    "Ünïcode 退款",
]


def features() -> FeatureUnion:
    # float64, so scikit-learn's own transform is the reference to the last digits.
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), norm="l1",
                                  strip_accents="unicode")),
    ])  # fmt: skip


CLASSIFIERS = {
    "logistic regression": lambda: LogisticRegression(C=10, max_iter=2000),
    "svm, sigmoid calibration": lambda: CalibratedClassifierCV(LinearSVC(C=0.5), cv=3),
    "svm, isotonic calibration": lambda: CalibratedClassifierCV(
        LinearSVC(C=0.5), cv=3, method="isotonic"
    ),
    "sgd, sigmoid calibration": lambda: CalibratedClassifierCV(
        SGDClassifier(loss="hinge", random_state=0), cv=3
    ),
}


@pytest.mark.parametrize("classes", [2, 3])
@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_a_calibrated_linear_pipeline_compiles_to_the_same_probabilities(name, classes):
    texts, labels = synthetic(120, seed=7)
    if classes == 2:
        labels = ["billing" if label == "billing" else "other" for label in labels]
    pipeline = Pipeline([("features", features()), ("classifier", CLASSIFIERS[name]())])
    pipeline.fit(texts, labels)
    model = compilation.runtime.from_arrays(*compilation.from_pipeline(pipeline))
    # The runtime cleans texts as the product does; scikit-learn is given the same text.
    cleaned = [for_features(plain(t)) for t in PROBES]
    probabilities = model.probabilities(PROBES)
    assert np.abs(probabilities - pipeline.predict_proba(cleaned)).max() < 1e-9
    assert [p.label for p in model.predict(PROBES)] == [
        str(label) for label in pipeline.classes_[pipeline.predict_proba(cleaned).argmax(1)]
    ]
