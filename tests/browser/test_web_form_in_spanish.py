"""A customer makes a complaint in Spanish on a phone-sized screen, with the keyboard for the
consent, and follows the tracking link from the confirmation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaintdesk.complaints.models import Complaint

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="es-ES",
        viewport={"width": PHONE_WIDTH, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_a_customer_complains_in_spanish_on_a_phone_and_follows_the_tracking_link(phone, tmp_path):
    phone.goto("/complain/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    phone.screenshot(path=tmp_path / "formulario-375.png", full_page=True)
    assert fits_the_screen(phone)

    phone.fill("#id_name", "Lucía Fernández")
    phone.fill("#id_email", "lucia@example.es")
    phone.fill("#id_description", "El jarrón llegó roto y la caja estaba aplastada.")
    phone.fill("#id_occurred_on", "2024-03-01")
    phone.fill("#id_product_reference", "Pedido 1001")
    phone.check("#id_remedy_sought_3")
    phone.set_input_files(
        "#id_attachments",
        files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xffJFIF"}],
    )
    phone.focus("#id_consent")
    phone.keyboard.press("Space")
    expect(phone.locator("#id_consent")).to_be_checked()
    phone.click("#complaint-submit")

    expect(phone.locator("h1")).to_have_text("Hemos recibido su reclamación")
    reference = phone.locator("#received-reference").inner_text()
    phone.screenshot(path=tmp_path / "confirmacion-375.png", full_page=True)
    assert fits_the_screen(phone)

    phone.click("#tracking-link")
    expect(phone.locator("#track-reference")).to_have_text(reference)
    expect(phone.locator("#track-files")).to_contain_text("foto.jpg")
    complaint = Complaint.objects.get(reference=reference)
    assert (complaint.language, complaint.channel) == ("es", "web")


def test_mistakes_are_summarised_at_the_top_and_shown_next_to_their_fields(phone):
    phone.goto("/complain/")

    phone.click("#complaint-submit")

    summary = phone.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(phone.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    summary.locator('a[href="#id_name"]').click()
    expect(phone.locator("#id_name")).to_be_focused()
    assert fits_the_screen(phone)
