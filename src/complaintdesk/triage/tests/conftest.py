from __future__ import annotations

import random

import pytest

from complaintdesk.triage.classifier.training import TrainingOptions, train_classifier
from complaintdesk.triage.services import forget_cached_configuration

TOPICS = {
    "billing": ["invoice", "charged", "bill", "payment", "overcharged", "fee", "debit"],
    "delivery": ["parcel", "courier", "package", "shipping", "arrived", "tracking", "driver"],
    "attitude": ["rude", "shouted", "impolite", "manager", "staff", "unfriendly", "arrogant"],
}
FILLER = ["the", "my", "was", "again", "today", "order", "please", "week", "still", "very"]


def synthetic(count: int, *, seed: int = 1) -> tuple[list[str], list[str]]:
    """Short complaint-like texts whose topic words give their label away, with filler."""
    chance = random.Random(seed)
    texts, labels = [], []
    for index in range(count):
        label = list(TOPICS)[index % len(TOPICS)]
        words = chance.sample(TOPICS[label], 3) + chance.sample(FILLER, 4)
        chance.shuffle(words)
        texts.append(" ".join(words))
        labels.append(label)
    return texts, labels


TINY = TrainingOptions(holdout=0.25, word_features=2000, character_features=4000)


@pytest.fixture(autouse=True)
def _fresh_triage(settings, tmp_path):
    settings.MODELS_DIR = tmp_path / "models"
    forget_cached_configuration()
    yield
    forget_cached_configuration()


@pytest.fixture(scope="session")
def trained():
    texts, labels = synthetic(150)
    return train_classifier(texts, labels, field="category", options=TINY)
