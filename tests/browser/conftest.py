"""Real-browser tests: pytest-playwright driving the system's Chromium (no `playwright install`)."""

import os
import shutil

import pytest

# The test database is set up after Playwright's event loop has started; Django must allow that here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser(browser):
    yield browser
    # While Playwright's event loop runs, Django keeps main-thread connections per async context; close them
    # before the loop stops, or PostgreSQL cannot drop the test database at the end of the run.
    from django.db import connections

    connections.close_all()
