"""Shared steps of the resolution tests, through the API as an integrator would take them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint
from tests.api.clients import BASE, send


def due(days: int = 3) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def post(client: Any, complaint: Complaint, path: str, body: dict[str, Any]) -> Any:
    return send(client, "post", f"/complaints/{complaint.reference}{path}", body)


def get(client: Any, complaint: Complaint, path: str) -> Any:
    return client.get(f"{BASE}/complaints/{complaint.reference}{path}")


def draft(client: Any, complaint: Complaint, **extra: Any) -> dict[str, Any]:
    body = {
        "objectives": "Refund the second charge and make sure it cannot happen again.",
        "remedy_types": ["apology", "refund"],
        "steps": [
            {"description": "Refund the second charge.", "due_at": due(2)},
            {"description": "Check the card's other payments.", "due_at": due(5)},
        ],
        **extra,
    }
    response = post(client, complaint, "/plans", body)
    assert response.status_code == 201, response.json()
    return response.json()  # type: ignore[no-any-return]


def propose(client: Any, complaint: Complaint, plan: dict[str, Any]) -> Any:
    return post(client, complaint, f"/plans/{plan['id']}/propose", {})


def record_cause(client: Any, complaint: Complaint) -> Any:
    return send(
        client,
        "put",
        f"/complaints/{complaint.reference}/root-cause",
        {"category": "process", "explanation": "The gateway retried a timed-out capture."},
    )


def tracking_url(complaint: Complaint, name: str = "portal:track", *args: Any) -> str:
    return reverse(
        name, args=[tracking.token_for(complaint.reference, complaint.tracking_salt), *args]
    )


def customer_answers(client: Any, complaint: Complaint, action: str, note: str = "") -> Any:
    complaint.refresh_from_db()
    return client.post(
        tracking_url(complaint, "portal:respond", action),
        {f"{action}-note": note, f"{action}-version": complaint.version},
    )
