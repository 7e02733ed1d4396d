"""A quality manager opens the dashboard: the charts are drawn (inline SVG, no script of
their own), a bar opens the queue of the complaints behind it, and the screenshot shows them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, file

pytestmark = pytest.mark.browser


def test_the_dashboard_shows_its_charts_and_a_bar_opens_the_complaints_behind_it(
    page, quality_manager, tmp_path
):
    for n, channel in enumerate(["email", "email", "web", "phone"]):
        file(email=f"c{n}@example.com", channel=channel)
    page.goto("/login/")
    page.fill("#id_username", quality_manager.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.goto("/insights/")
    channels = page.locator("#chart-channels svg")
    expect(channels).to_be_visible()
    assert channels.bounding_box()["height"] > 40
    expect(page.locator("#chart-volume polyline").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    page.locator('#chart-channels a[aria-label^="E-mail: 2"]').click()
    expect(page.locator("#queue-results")).to_be_visible()
    assert "channel=email" in page.url
    assert page.locator("#queue-results tbody tr").count() == 2
