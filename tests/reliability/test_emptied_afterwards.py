"""The rows the migrations wrote come back after a module of committed work, and new rows can
still be inserted beside them (PostgreSQL's sequences are moved past the restored ids)."""

from __future__ import annotations

import pytest

from complaintdesk.followup.models import AppealKind, AppealOption
from tests.reliability.processes import emptied_afterwards

pytestmark = pytest.mark.django_db(transaction=True)


def test_after_the_database_is_emptied_and_restored_new_rows_do_not_collide_with_old_ids():
    seeded = AppealOption.objects.count()
    assert seeded, "the migrations seed the internal appeal"

    with emptied_afterwards():
        AppealOption.objects.create(kind=AppealKind.OMBUDSMAN, language="en", name="Gone after")

    assert AppealOption.objects.count() == seeded
    AppealOption.objects.create(kind=AppealKind.OMBUDSMAN, language="en", name="Ombudsman")
    assert AppealOption.objects.count() == seeded + 1
