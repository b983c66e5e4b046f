"""/docs is an API reference people like: Redoc, served by the reference server itself, and checked
the way a person sees it, in headless Chromium (Debian's; the setup installs it where it is missing,
as CI runs as root).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html import unescape

import httpx
import pytest
from mock_server import running_server
from openapi_document import operations

from tools.docs import CHROMIUM_FLAGS

# One worker runs the module: its module-scoped fixture (a whole run, a project copy) is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docs-page")]


@pytest.fixture(scope="module")
def chromium() -> str:
    # Installed by `make test` (the Makefile's chromium step), not here: a test does not change the machine.
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(
            "these tests need Debian's chromium: `make test` installs it (as root), or apt-get install chromium"
        )
    return found


@pytest.fixture(scope="module")
def rendered(chromium):
    """The /docs page's DOM once Redoc has rendered it (a server with no network beyond loopback)."""
    with running_server() as url, tempfile.TemporaryDirectory() as profile:
        page = httpx.get(f"{url}/docs")
        done = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=20000",
                "--dump-dom",
                f"{url}/docs",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return page, done.stdout


def text_of(dom: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_asset_is_the_servers_own(rendered):
    page, _ = rendered
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/") for source in sources), sources  # nothing from a CDN


def test_every_operation_is_there_with_its_summary_and_a_link_in_the_navigation(rendered):
    _, dom = rendered
    text = text_of(dom)
    for operation in operations():
        assert operation.data["summary"] in text, operation.operation_id
        assert re.search(rf'href="#tag/[^"]*/operation/{operation.operation_id}"', dom), operation.operation_id


def test_markdown_is_rendered_not_shown(rendered):
    _, dom = rendered
    text = text_of(dom)
    assert "## Conventions" not in text and "**devices**" not in text
    assert re.search(r"<h2[^>]*>(<a[^>]*></a>)?\s*Conventions</h2>", dom) and "<strong>devices</strong>" in dom
    assert "`" not in text_of(re.sub(r"<pre\b.*?</pre>", " ", dom, flags=re.S))  # inline code is code, not backticks


def test_examples_schemas_and_search_are_shown(rendered):
    _, dom = rendered
    text = text_of(dom)
    assert text.count("Response samples") >= len(list(operations()))
    assert "dev_0SNlurA049MEWV55CrA9qMvI2FVJ" in text  # the spec's example device, in its samples
    assert "required" in text and "^[0-9]{15,16}$" in text  # schemas with their required fields and patterns
    assert re.search(r'<input[^>]*placeholder="Search', dom)
