"""Smoke test of a running portal (CI, after `make run`): the login page and
the home page of every demo role answer 200 over real HTTP.  The demo runs
without two-factor login (TWO_FACTOR_REQUIRED=false in the Makefile), so a
password leads straight home, and every page must then carry the warning
banner that says so."""

import http.cookiejar
import os
import re
import sys
import urllib.parse
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essote_sos.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from accounts.demo import DEMO_PASSWORD, USERS  # noqa: E402
from accounts.views import HOME_BY_ROLE  # noqa: E402

BANNER = 'id="two-factor-off-banner"'


def log_in(base: str, username: str) -> tuple[int, str, bool]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base}{reverse('login')}"
    page = opener.open(login_url, timeout=30)
    assert page.status == 200, f"login page answered {page.status}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
    data = urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(login_url, data=data, headers={"Referer": login_url})
    response = opener.open(request, timeout=30)
    banner = BANNER in response.read().decode()
    return response.status, urllib.parse.urlsplit(response.url).path, banner


def main(base: str) -> None:
    failures = []
    for username, _first, _last, role, _title, _units in USERS:
        status, path, banner = log_in(base, username)
        expected = reverse(HOME_BY_ROLE[role])
        verdict = "ok" if (status, path, banner) == (200, expected, True) else "FAILED"
        print(
            f"{verdict:6} {username:<20} {status} {path} (expected {expected})"
            f"{'' if banner else ', no two-factor warning banner'}"
        )
        if verdict != "ok":
            failures.append(username)
    if failures:
        sys.exit(f"smoke test failed for: {', '.join(failures)}")
    print("Smoke test ok: every demo role reached its home page.")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
