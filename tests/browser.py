"""Helpers of the browser tests: log in through the real form, check a page
with axe-core (WCAG 2.1 AA), save a screenshot for the README."""

from pathlib import Path

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.two_factor_helpers import current_code
from accounts.two_factor import StaffTOTPDevice

AXE_SCRIPT = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


def axe_violations(page) -> list[dict]:
    # A click on a link returns before the next page has loaded; injecting
    # axe into a document being replaced fails (no <head> yet). Callers wait
    # for the destination URL; this waits for that page to finish loading.
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE_SCRIPT)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def submit(page, control):
    """Click a control that loads another page, and return once that page
    has loaded. A bare click returns at once, and wait_for_load_state()
    right after it can see the old page as already loaded."""
    with page.expect_navigation():
        control.click()


def log_in(page, live_server, username):
    """Log in through the real pages: the password, then the second factor
    with a real TOTP code from the user's device (enrolling it first, and
    passing the recovery codes, if the user has none yet)."""
    page.goto(f"{live_server.url}/kirjaudu/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(TEST_PASSWORD)
    submit(page, page.get_by_role("button", name="Kirjaudu sisään"))
    if "/kaksivaiheinen/" in page.url:
        enter_second_factor(page, username)


def enter_second_factor(page, username):
    """On the enrolment or the code page: type the code the app would show."""
    enrolling = "/kayttoonotto/" in page.url
    device = StaffTOTPDevice.objects.get(user__username=username)
    page.locator("input[name=otp_token]").fill(current_code(device))
    submit(page, page.locator("form:has(input[name=otp_token]) button[type=submit]"))
    if enrolling:
        submit(page, page.locator("#recovery-codes-continue"))


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
