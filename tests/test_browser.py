"""Real pages in headless Chromium: log in as each role, see the Finnish home
page, and let axe-core check WCAG 2.1 AA on it."""

import pytest

from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_accessible_and_focuses_the_username(page, live_server):
    page.goto(f"{live_server.url}/kirjaudu/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert axe_violations(page) == []
    screenshot(page, "login")


def test_worker_logs_in_and_sees_finnish_home_page(page, live_server, alice, client_of_a):
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Omat asiakkaat ja määräajat"
    assert page.get_by_role("cell", name=client_of_a.client_number).is_visible()
    assert page.get_by_role("navigation", name="Päävalikko").is_visible()
    assert page.get_by_role("main").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "worker-home")
    # The first Tab reaches the skip link, and following it lands in <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Siirry pääsisältöön"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("user_fixture", "path", "heading"),
    [
        ("supervisor", "/raportit/tilannekuva/", "Tilannekuva"),
        ("coordinator", "/raportit/", "Raportit"),
        ("administrator", "/hallinta/", "Ylläpito"),
    ],
)
def test_each_role_home_page_is_accessible(
    page, live_server, request, client_of_a, user_fixture, path, heading
):
    user = request.getfixturevalue(user_fixture)
    log_in(page, live_server, user.username)
    page.wait_for_url(f"**{path}")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert axe_violations(page) == []
    screenshot(page, f"{user_fixture}-home")


def test_client_page_is_accessible(page, live_server, alice, client_of_a):
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")
    page.get_by_role("link", name=client_of_a.client_number).click()
    page.wait_for_url(f"**/asiakkaat/{client_of_a.client_number}/")
    assert axe_violations(page) == []


def test_pages_break_no_rule_of_the_content_security_policy(
    browser, live_server, alice, client_of_a
):
    """The other browser tests inject axe-core and so bypass the policy; here
    the policy is enforced and the console must stay free of violations."""
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")
    for path in ("/asiakkaat/", f"/asiakkaat/{client_of_a.client_number}/", "/asiakkaat/uusi/"):
        page.goto(f"{live_server.url}{path}")
    # The user menu needs Bootstrap's script: it must open under the policy.
    page.get_by_role("button", name=alice.get_full_name(), exact=False).click()
    assert page.get_by_role("button", name="Kirjaudu ulos").is_visible()
    context.close()
    assert violations == []
