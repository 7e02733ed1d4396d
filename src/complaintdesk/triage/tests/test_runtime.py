"""The compiled runtime (classifier/runtime.py) predicts what the scikit-learn model does:
the same terms, labels, probabilities (within 1e-9) and explanations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from complaintdesk.triage.classifier import compilation, runtime, store
from complaintdesk.triage.classifier.runtime import Analyser
from complaintdesk.triage.classifier.text import for_features, plain
from complaintdesk.triage.classifier.training import TrainingOptions, train_classifier
from complaintdesk.triage.tests.conftest import synthetic

SHARED = Path(__file__).resolve().parents[5] / "shared" / "data"
# One labelled file per language: (file, label column).
LANGUAGES = {
    "en": ("airline_tweets_en.csv", "airline_sentiment"),
    "es": ("airline_tweets_es.csv", "airline_sentiment"),
    "fr": ("insurance_reviews_fr.csv", "product"),
    "zh": ("online_shopping_10_cats_zh.csv", "product_cat"),
}
SMALL = TrainingOptions(
    holdout=0, word_features=20_000, character_features=40_000, candidates=((0.1, None),)
)
ANALYSERS = [
    {"analyzer": "word", "ngram_range": (1, 2)},
    {"analyzer": "word", "ngram_range": (2, 3), "strip_accents": "unicode", "lowercase": False},
    {"analyzer": "word", "ngram_range": (1, 1), "stop_words": "english"},
    {"analyzer": "char_wb", "ngram_range": (1, 5)},
    {"analyzer": "char_wb", "ngram_range": (2, 4), "strip_accents": "ascii"},
    {"analyzer": "char", "ngram_range": (1, 3)},
    {"analyzer": "char", "ngram_range": (3, 5), "lowercase": False},
]
unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
) | st.lists(st.sampled_from(["café", "ΟΔΟΣ", "  ", "\n", "退款", "charged", "twice", "!", "ﬁ"]),
             max_size=30).map(" ".join)  # fmt: skip


def assert_same_answers(trained, compiled, texts: list[str]) -> None:
    expected = trained.probabilities(texts)
    probabilities = compiled.probabilities(texts)
    assert np.abs(probabilities - expected).max() < 1e-9
    assert compiled.predict(texts) == trained.predict(texts)


@pytest.mark.parametrize("options", ANALYSERS, ids=lambda o: f"{o['analyzer']}{o['ngram_range']}")
@given(text=unicode_text)
@settings(max_examples=60, deadline=None)
def test_the_runtime_analyses_any_text_into_the_vectorizers_own_terms(options, text):
    vectorizer = TfidfVectorizer(**options)
    settings_ = compilation.analyser_settings(vectorizer)
    assert Analyser(settings_).terms(text) == vectorizer.build_analyzer()(text)


@pytest.fixture(scope="module")
def compiled_category(trained):
    return compilation.compiled(trained.classifier)


@given(text=unicode_text)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_compiled_model_gives_any_text_the_trained_models_label_and_probabilities(
    trained, compiled_category, text
):
    assert_same_answers(trained.classifier, compiled_category, [text])


def test_the_compiled_model_explains_a_decision_with_the_trained_models_words(
    trained, compiled_category
):
    texts = ["rude staff shouted at me", "parcel never came", "invoice wrong twice", "", "🙂"]
    batch = trained.classifier.answer_many([trained.classifier.analyse(t) for t in texts])
    compiled = runtime.answers_many({"category": compiled_category}, texts)
    assert [(trained.classifier.classes[i], words) for i, _c, words in batch] == [
        (answer["category"][0], answer["category"][2]) for answer in compiled
    ]
    one = runtime.answers({"category": compiled_category}, texts[0])["category"]
    assert one == compiled[0]["category"]


def test_levels_learned_in_their_order_compile_to_the_same_answers():
    texts, topics = synthetic(150, seed=4)
    level = {"billing": "low", "delivery": "medium", "attitude": "high"}
    options = TrainingOptions(holdout=0, word_features=2000, character_features=4000,
                              order=("low", "medium", "high"))  # fmt: skip
    trained = train_classifier(texts, [level[t] for t in topics], options=options).classifier
    assert_same_answers(trained, compilation.compiled(trained), [*texts[:40], "", "fee rude"])


def read_language(language: str) -> tuple[list[str], list[str], list[str]]:
    name, column = LANGUAGES[language]
    rows = list(csv.DictReader((SHARED / name).open(encoding="utf-8")))
    # Spread over the file, which may be sorted by label.
    train = [r for r in rows if r["split"] == "train" and r[column]]
    train = train[:: max(1, len(train) // 600)][:600]
    dev = [r["text"] for r in rows if r["split"] == "dev"]
    dev = dev[:: max(1, len(dev) // 400)][:400]
    return [r["text"] for r in train], [r[column] for r in train], dev


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared complaint data is not available")
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_on_the_dev_texts_of_every_language_the_runtime_agrees_with_scikit_learn(
    language, tmp_path
):
    texts, labels, dev = read_language(language)
    trained = train_classifier(texts, labels, options=SMALL)
    store.save(trained.classifier, trained.report, tmp_path)
    loaded = store.load(tmp_path)
    assert isinstance(loaded, runtime.CompiledModel)
    assert_same_answers(trained.classifier, loaded, dev)
    expected = trained.classifier.answer_many([trained.classifier.analyse(t) for t in dev[:100]])
    answered = runtime.answers_many({"field": loaded}, dev[:100])
    assert [words for _i, _c, words in expected] == [a["field"][2] for a in answered]
    # And the vectors themselves are scikit-learn's transform (its float32 aside).
    sample = [for_features(plain(text)) for text in dev[:50]]
    for vectorizer, block in zip(trained.classifier.vectorizers, loaded.blocks, strict=True):
        expected = vectorizer.transform(sample)
        for row, text in enumerate(sample):
            ids, counts = runtime.count_terms(text, [block.lexicon], cleaned=True)[
                id(block.lexicon)
            ]
            columns = block.columns(ids)
            known = columns >= 0
            got = dict(zip(columns[known], block.weigh(counts[known], columns[known]), strict=True))
            want = expected[row]
            assert set(got) == set(want.indices)
            assert all(abs(got[c] - v) < 1e-6 for c, v in zip(want.indices, want.data, strict=True))


def test_a_model_version_saved_before_compilation_still_loads_and_is_compiled(trained, tmp_path):
    store.save(trained.classifier, trained.report, tmp_path)
    (tmp_path / runtime.COMPILED_FILE).unlink()
    loaded = store.load(tmp_path)
    assert (tmp_path / runtime.COMPILED_FILE).is_file()
    assert_same_answers(trained.classifier, loaded, ["rude staff", "courier parcel late", ""])


def test_a_model_version_saved_before_compilation_loads_from_a_read_only_directory(
    trained, tmp_path, monkeypatch
):
    store.save(trained.classifier, trained.report, tmp_path)
    (tmp_path / runtime.COMPILED_FILE).unlink()
    real_write = compilation.write

    def refused(model, directory):
        if Path(directory) == tmp_path:
            raise PermissionError("read-only")
        return real_write(model, directory)

    monkeypatch.setattr(compilation, "write", refused)
    loaded = store.load(tmp_path)
    assert not (tmp_path / runtime.COMPILED_FILE).exists()
    assert_same_answers(trained.classifier, loaded, ["rude staff", "invoice fee"])


def test_a_compiled_file_of_another_format_is_not_read(trained, tmp_path):
    store.save(trained.classifier, trained.report, tmp_path)
    (tmp_path / runtime.COMPILED_FILE).write_bytes(b"not arrays")
    with pytest.raises(Exception):  # noqa: B017, PT011 (numpy's own error for a bad file)
        runtime.load(tmp_path)


def test_a_model_the_compiler_does_not_know_is_refused_rather_than_mispredicted():
    with pytest.raises(runtime.NotCompiled):
        compilation.compile_model(object())
    with pytest.raises(runtime.NotCompiled):
        compilation.analyser_settings(TfidfVectorizer(analyzer=str.split))
