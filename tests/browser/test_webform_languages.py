"""A customer makes a complaint on the public web form in each of the four languages, with a
file; sees the acknowledgement in their language; follows the tracking link and adds more there.
The complaint is stored once, in that language, and its acknowledgement e-mail speaks it too.
Then once each: the form sent with the keyboard alone, and a mistake shown next to its field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from complaintdesk.complaints.models import Attachment, Complaint, Direction, Message
from complaintdesk.jobs.worker import run_pending_tasks

pytestmark = pytest.mark.browser

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


@dataclass(frozen=True)
class Customer:
    language: str  # the complaint's language code
    locale: str  # the browser's; "" picks the language with the page's switcher instead
    name: str
    email: str
    story: str
    more: str
    # What the customer must read, in their language (from the catalogues under locale/).
    received: str
    thanks: str
    dear: str


CUSTOMERS = [
    Customer(
        "en",
        "en-GB",
        "Ellie Walker",
        "ellie@example.co.uk",
        "The kettle I bought leaks from the base after two days.",
        "The shop refused to swap it; their receipt is attached.",
        "We have received your complaint",
        "Thank you. We have received your message and will read it carefully.",
        "Dear Ellie Walker,",
    ),
    Customer(
        "es",
        "es-ES",
        "Lucía Fernández",
        "lucia@example.es",
        "El jarrón llegó roto y la caja estaba aplastada.",
        "Adjunto el albarán de entrega firmado por el repartidor.",
        "Hemos recibido su reclamación",
        "Gracias. Hemos recibido su mensaje y lo leeremos con atención.",
        "Estimado/a Lucía Fernández:",
    ),
    Customer(
        "fr",
        "fr-FR",
        "Élodie Martin",
        "elodie@example.fr",
        "Le colis est arrivé ouvert et il manquait la moitié des articles.",
        "Voici la photo du colis prise à la livraison.",
        "Nous avons bien reçu votre réclamation",
        "Merci. Nous avons bien reçu votre message et le lirons attentivement.",
        "Bonjour Élodie Martin,",
    ),
    Customer(
        "zh-hans",
        "",
        "王芳",
        "wangfang@example.cn",
        "我订购的洗衣机送到时外壳破损，无法正常使用。",
        "附上送货单和破损照片。",
        "我们已收到您的投诉",
        "谢谢。我们已收到您的留言，会认真阅读。",
        "尊敬的 王芳：",
    ),
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The worker loop drops stale connections between tasks; here that would be the test's.
    monkeypatch.setattr("complaintdesk.jobs.worker.close_old_connections", lambda: None)


def browser_page(browser, live_server, locale: str) -> Page:
    context = browser.new_context(base_url=live_server.url, locale=locale or "en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def open_the_form_in(page: Page, customer: Customer) -> None:
    page.goto("/complain/")
    if not customer.locale:
        # The customer's own choice with the switcher, over what the browser asks for.
        page.select_option("#language-select", customer.language)
        page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", customer.language)


def fill_in_the_form(page: Page, customer: Customer) -> None:
    page.fill("#id_name", customer.name)
    page.fill("#id_email", customer.email)
    page.fill("#id_description", customer.story)
    page.fill("#id_occurred_on", "2024-03-01")
    page.fill("#id_product_reference", "A-1001")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": JPEG}],
    )
    page.check("#id_consent")


@pytest.mark.parametrize("customer", CUSTOMERS, ids=[c.language for c in CUSTOMERS])
def test_a_customer_complains_in_their_language_follows_the_link_and_adds_information(
    browser, live_server, customer
):
    page = browser_page(browser, live_server, customer.locale)
    open_the_form_in(page, customer)
    fill_in_the_form(page, customer)
    page.click("#complaint-submit")

    expect(page.locator("h1")).to_have_text(customer.received)
    reference = page.locator("#received-reference").inner_text()
    page.click("#tracking-link")
    expect(page.locator("#track-reference")).to_have_text(reference)
    expect(page.locator("html")).to_have_attribute("lang", customer.language)
    expect(page.locator("#track-files")).to_contain_text("photo.jpg")

    page.fill("#id_info-body", customer.more)
    page.set_input_files(
        "#id_info-attachments",
        files=[{"name": "receipt.txt", "mimeType": "text/plain", "buffer": b"Receipt 1001\n"}],
    )
    page.click("#information-submit")
    expect(page.locator(".messages")).to_contain_text(customer.thanks)
    expect(page.locator("#track-messages")).to_contain_text(customer.more)
    expect(page.locator("#track-messages")).to_contain_text("receipt.txt")
    page.context.close()

    complaint = Complaint.objects.get(customer__email=customer.email)
    assert (complaint.reference, complaint.language, complaint.channel) == (
        reference,
        customer.language,
        "web",
    )
    assert complaint.description == customer.story
    assert complaint.customer.language == customer.language
    added = Message.objects.get(complaint=complaint, direction=Direction.INBOUND)
    assert added.body == customer.more
    files = Attachment.objects.filter(complaint=complaint).values_list("filename", flat=True)
    assert sorted(files) == ["photo.jpg", "receipt.txt"]

    run_pending_tasks()
    [acknowledgement] = [sent for sent in mail.outbox if sent.to == [customer.email]]
    assert acknowledgement.subject == f"{customer.received} {reference}"
    assert customer.dear in acknowledgement.body


def tab_to(page: Page, selector: str, *, most: int = 60) -> None:
    """Press Tab until the element is focused, as a keyboard user moves through the page."""
    for _press in range(most):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_the_form_can_be_filled_in_and_sent_with_the_keyboard_alone(browser, live_server):
    page = browser_page(browser, live_server, "en-GB")
    page.goto("/complain/")

    tab_to(page, "#id_name")
    page.keyboard.type("Kim Keyboard")
    tab_to(page, "#id_email")
    page.keyboard.type("kim@example.com")
    tab_to(page, "#id_description")
    page.keyboard.type("The lift to the car park has been broken for a week.")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, "#complaint-submit")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("We have received your complaint")
    tab_to(page, "#tracking-link")
    page.keyboard.press("Enter")
    expect(page.locator("#track-reference")).to_have_text(
        Complaint.objects.get(customer__email="kim@example.com").reference
    )
    page.context.close()


def test_an_empty_description_in_french_is_explained_in_french_next_to_the_field(
    browser, live_server
):
    page = browser_page(browser, live_server, "fr-FR")
    page.goto("/complain/")
    page.fill("#id_name", "Élodie Martin")
    page.fill("#id_email", "elodie@example.fr")
    page.fill("#id_description", "   \n  ")
    page.check("#id_consent")
    page.click("#complaint-submit")

    field = page.locator("#field-description")
    expect(field).to_contain_text("Veuillez nous dire ce qui s'est passé.")
    description = page.locator("#id_description")
    expect(description).to_have_attribute("aria-invalid", "true")
    described_by = description.get_attribute("aria-describedby") or ""
    error = page.locator("#field-description .errorlist")
    assert error.get_attribute("id") in described_by.split()
    expect(page.locator("#error-summary")).to_contain_text("Veuillez nous dire ce qui s'est passé.")
    assert not Complaint.objects.exists()
    page.context.close()
