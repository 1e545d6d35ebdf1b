"""What every browser journey needs: signing someone in, and a browser of their own each."""

import pytest
from playwright.sync_api import expect

# make_person's default password (tests/conftest.py).
PASSWORD = "s3cret-Passw0rd"


def sign_in(page, live_server, person, password=PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.fixture
def open_page(browser, live_server):
    """Sign someone in, in a browser context of their own (``open_page(person,
    java_script_enabled=False)`` passes options to it); collects what the browser complains
    about (console errors, CSP violations included, and failed requests)."""
    contexts, problems = [], []

    def open_for(person, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: message.type == "error" and problems.append(message.text),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and problems.append(f"{response.status} {response.url}")
            ),
        )
        sign_in(page, live_server, person)
        return page

    open_for.problems = problems
    yield open_for
    for context in contexts:
        context.close()
