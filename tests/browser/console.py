"""What a person does in the console, the same way in every browser test."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#queue-results")).to_be_visible()


def take(page, action, **fields):
    """Open a lifecycle action on the complaint page, fill its fields and submit it."""
    page.click(f'summary[data-action="{action}"]')
    for name, value in fields.items():
        field = page.locator(f"#id_{action}-{name}")
        if field.evaluate("node => node.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.click(f"#action-submit-{action}")
