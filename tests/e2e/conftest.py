"""Real-browser fixtures: one live server per module, Debian's Chromium through Playwright.

Where no Chromium is installed the browser tests skip with that reason, except under
CI, where `make test` installs it and they must run. The helpers live in
tests/e2e/browser.py; they are re-exported here for the tests that import them from the
conftest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import (  # noqa: F401 - re-exported for the tests
    ADMIN_EMAIL,
    ARTIFACTS,
    AXE,
    AXE_FINDINGS,
    AXE_PAGES,
    CONTEXTS,
    PHONE,
    PROJECT,
    STAFF_PASSWORD,
    TRANSLATIONS,
    Site,
    assert_accessible,
    close_contexts_since,
    new_context,
    run_axe,
    screenshot,
    sign_in,
)
from tests.live_server import STAFF_EMAIL, Server, free_port, running_server, server_env

CHROMIUM = os.environ.get("KOOSLOOME_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `e2e` (a conftest's pytestmark reaches no test)."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The lesser axe findings of the whole run, in full (also in test-artifacts/)."""
    if not AXE_PAGES:
        return
    lines = [f"axe-core checked {len(AXE_PAGES)} pages: no serious or critical violation "
             f"unless a test failed; {len(AXE_FINDINGS)} lesser findings"
             + (":" if AXE_FINDINGS else "."), *AXE_FINDINGS]
    terminalreporter.write_sep("-", "axe-core: lesser findings")
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-findings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def close_contexts() -> Iterator[None]:
    """Close the browser contexts a test opened; module fixtures keep theirs to module end."""
    before = list(CONTEXTS)
    yield
    close_contexts_since(before)


@pytest.fixture(autouse=True, scope="module")
def close_module_contexts() -> Iterator[None]:
    """The module's server stops with the module: close its pages rather than let them retry."""
    yield
    close_contexts_since([])


# Package scope: one Chromium for all of tests/e2e, stopped when the last of them has run, so
# Playwright's event loop does not stay on the main thread under the tests that follow.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        _missing(f"no Chromium at {CHROMIUM}; `apt-get install -y chromium` provides it")
    if not AXE.exists():
        _missing("axe-core is not in static/vendor/; run `make setup`")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _compile_catalogues() -> None:
    """The screens need the compiled catalogues (`make setup` builds them; so do we)."""
    stale = [po for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")
             if not po.with_suffix(".mo").exists()
             or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        subprocess.run([str(Path(sys.executable).with_name("pybabel")), "-q", "compile",
                        "-d", str(TRANSLATIONS)], check=True, timeout=120)


# One migrated database with the staff accounts (a facilitator and an admin, with API tokens)
# and the demo LAGs and workshop, made once per session in a single process (the CLI would
# start the app six times); each module's server gets a copy.
PREPARE = """
import functools, json, sys
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash
import app.models
from app import create_app
from app.services.demo import load_demo
from app.services.staff import create_token, create_user
# Few hash rounds, as in the integration tests: the same sign-in code path, without the wait.
app.models.generate_password_hash = functools.partial(generate_password_hash,
                                                      method="pbkdf2:sha256:1000")
flask_app = create_app()
with flask_app.app_context():
    upgrade()
    load_demo(__import__("pathlib").Path(flask_app.instance_path))
    staff, admin, password = sys.argv[1:4]
    create_user(staff, role="facilitator", password=password)
    create_user(admin, role="admin", password=password, name="Koosloome admin")
    routes = sorted(rule.rule for rule in flask_app.url_map.iter_rules() if "GET" in rule.methods)
    print(json.dumps({"staff": create_token(staff), "admin": create_token(admin),
                      "routes": routes}))
"""


@pytest.fixture(scope="package")
def prepared_instance(browser: Any, tmp_path_factory: pytest.TempPathFactory
                      ) -> tuple[Path, dict[str, Any]]:
    _compile_catalogues()
    folder = tmp_path_factory.mktemp("e2e-template") / "instance"
    env = server_env(folder)
    result = subprocess.run([sys.executable, "-c", PREPARE, STAFF_EMAIL, ADMIN_EMAIL,
                             STAFF_PASSWORD], env=env, cwd=PROJECT, capture_output=True,
                            timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"preparing the database failed:\n{result.stderr.decode()}")
    prepared = json.loads(result.stdout.decode().strip().splitlines()[-1])
    return folder, prepared


@pytest.fixture(scope="module")
def site(prepared_instance: tuple[Path, dict[str, Any]],
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real `koosloome serve` (eventlet, SQLite) on a copy of the prepared database."""
    template, prepared = prepared_instance
    folder = tmp_path_factory.mktemp("e2e")
    instance = folder / "instance"
    shutil.copytree(template, instance)
    env = server_env(instance)
    env["PORT"] = str(free_port())
    with running_server(env, folder / "server.log") as process:
        server = Server(f"http://127.0.0.1:{env['PORT']}", env, prepared["staff"], process)
        yield Site(server, STAFF_EMAIL, STAFF_PASSWORD, {}, ADMIN_EMAIL, prepared["admin"],
                   prepared["routes"])
