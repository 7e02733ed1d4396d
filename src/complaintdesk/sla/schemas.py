"""How the API shows a complaint's deadlines."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from complaintdesk.sla.models import Clock


class ClockOut(Schema):
    kind: str = Field(description="first_response, plan, resolution or follow_up.")
    started_at: datetime
    due_at: datetime
    paused_at: datetime | None = Field(description="Set while waiting on the customer.")
    stopped_at: datetime | None
    met: bool | None = Field(description="Once stopped: done by its due time.")
    breached_at: datetime | None
    state: str = Field(description="ok, warning, overdue, paused, met or missed.")
    basis: str = Field(description="The policy and calendar the due time was counted with.")

    @staticmethod
    def resolve_state(obj: Clock) -> str:
        return obj.state()
