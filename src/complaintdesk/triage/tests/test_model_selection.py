"""How training chooses a field's model: the NB-SVM scorer, the stacks tried, and selection by
out-of-fold scores on the training part only."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from complaintdesk.triage.classifier import training
from complaintdesk.triage.classifier.training import TrainingOptions, train_classifier
from complaintdesk.triage.tests.conftest import TINY, synthetic


@pytest.fixture(scope="module")
def selected():
    texts, labels = synthetic(150, seed=5)
    return train_classifier(texts, labels, field="category", options=TINY)


def _matrix_and_codes() -> tuple[sp.csr_matrix, np.ndarray]:
    generator = np.random.default_rng(0)
    dense = generator.random((60, 12)) * (generator.random((60, 12)) < 0.3)
    codes = np.arange(60) % 3
    # Each class has a term of its own, so the log-count ratios differ between classes.
    dense[np.arange(60), codes] += 1.0
    return sp.csr_matrix(dense), codes


def test_an_nbsvm_scores_plain_tfidf_as_its_svm_scores_the_scaled_features():
    matrix, codes = _matrix_and_codes()
    weights, intercepts = training._fit_nbsvm((0.5, None), matrix, codes, TrainingOptions())
    present = (matrix > 0).astype(float)
    for code in range(3):
        inside = codes == code
        p = np.asarray(present[inside].sum(axis=0)).ravel() + training.NB_SMOOTHING
        q = np.asarray(present[~inside].sum(axis=0)).ravel() + training.NB_SMOOTHING
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        scaled = matrix @ sp.diags(ratio)
        svm = LinearSVC(C=0.5, random_state=0).fit(scaled, inside.astype(int))
        np.testing.assert_allclose(
            matrix @ weights[:, code] + intercepts[code], svm.decision_function(scaled), atol=1e-9
        )


def test_an_nbsvm_weighs_a_class_s_own_term_towards_that_class():
    matrix, codes = _matrix_and_codes()
    weights, _intercepts = training._fit_nbsvm((0.5, None), matrix, codes, TrainingOptions())
    assert weights.shape == (12, 3)
    assert list(weights[:3].argmax(axis=1)) == [0, 1, 2]


def test_for_two_classes_an_nbsvm_gives_one_score_for_the_second():
    matrix, codes = _matrix_and_codes()
    weights, intercepts = training._fit_nbsvm(
        (0.5, None), matrix, (codes == 1).astype(int), TrainingOptions()
    )
    assert weights.shape == (12, 1)
    assert intercepts.shape == (1,)


def test_training_tries_each_scorer_and_the_stacks_with_and_without_the_nbsvm(selected):
    tried = [[tuple(member) for member in c["scorers"]] for c in selected.report["candidates"]]
    singles = [members[0] for members in tried if len(members) == 1]
    plain = [scorer for scorer in singles if scorer[0] != "nbsvm"]
    assert ("nbsvm", 0.1, None) in singles
    assert plain in tried
    assert singles in tried


def test_the_model_kept_is_the_simplest_within_the_margin_of_the_best_out_of_fold_score(
    selected,
):
    candidates = selected.report["candidates"]
    top = max(c["macro_f1"] + c["coverage"] for c in candidates)
    close = [c for c in candidates if c["macro_f1"] + c["coverage"] >= top - 0.0101]
    fewest = min(len(c["scorers"]) for c in close)
    assert len(selected.report["selected"]) == fewest
    assert selected.report["selected"] in [c["scorers"] for c in close]


def _trial(members: int, macro_f1: float, coverage: float) -> training._Trial:
    empty = np.zeros((1, 1))
    return training._Trial(
        tuple(("svm", 0.1 * (n + 1), None) for n in range(members)),
        empty,
        empty,
        None,
        np.zeros(1, dtype=int),
        0.9,
        macro_f1,
        coverage,
    )


def test_a_larger_stack_is_not_kept_for_a_gain_within_the_margin():
    single, stack = _trial(1, 0.400, 0.470), _trial(4, 0.405, 0.470)
    assert training._select([single, stack], 0.01) is single


def test_a_larger_stack_is_kept_when_it_beats_every_simpler_trial_clearly():
    single, stack = _trial(1, 0.400, 0.470), _trial(4, 0.430, 0.480)
    assert training._select([single, stack], 0.01) is stack


def test_among_trials_of_one_size_the_better_out_of_fold_score_is_kept():
    worse, better = _trial(1, 0.400, 0.470), _trial(1, 0.404, 0.470)
    assert training._select([worse, better], 0.01) is better


def test_selection_is_scored_on_the_training_part_only(selected):
    report = selected.report
    assert report["cross_validation"]["examples"] == report["training_examples"]
    assert report["training_examples"] + report["held_back"]["examples"] == report["examples"]


def test_without_an_nbsvm_candidate_training_tries_the_scorers_it_tried_before():
    texts, labels = synthetic(150, seed=5)
    options = replace(TINY, nb_candidate=None)
    report = train_classifier(texts, labels, options=options).report
    tried = [c["scorers"] for c in report["candidates"]]
    assert not any(scorer[0] == "nbsvm" for members in tried for scorer in members)
    # The three SVM settings alone, then all three stacked.
    assert len(tried) == 4
    assert len(tried[-1]) == 3
