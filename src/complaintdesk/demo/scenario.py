"""What a demo complaint is made of: the customer's situation and the words said about it.

The texts live in demo/situations/, one module per language, written by people rather than
generated, so the demo reads like a real complaints desk."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class Situation:
    category: str
    department: str
    severity: str
    channel: str
    # (name, e-mail, phone); several when the same thing happened to several customers.
    customers: tuple[tuple[str, str, str], ...]
    subject: str
    description: str
    remedy_sought: tuple[str, ...] = ()
    # "54.90 GBP"
    claimed: str = ""
    reference: str = ""
    location: str = ""
    # What we ask the customer, what they answer, what we propose and how it ended.
    question: str
    answer: str
    remedy: str
    resolution: str
    outcome: str = "upheld"
    nature: str = "valid"

    @property
    def claimed_amount(self) -> Decimal | None:
        return Decimal(self.claimed.split()[0]) if self.claimed else None

    @property
    def claimed_currency(self) -> str:
        return self.claimed.split()[1] if self.claimed else ""


@dataclass(frozen=True, kw_only=True)
class Phrases:
    """What customers and staff say at the usual turns of any complaint."""

    holding_replies: tuple[str, ...]
    chasers: tuple[str, ...]
    rejections: tuple[str, ...]
    goodwill: tuple[str, ...]
    reopenings: tuple[str, ...]
    withdrawals: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    code: str
    phrases: Phrases
    situations: list[Situation]
