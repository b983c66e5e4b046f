"""The README's client examples run as they stand, in order, against the embedded reference server."""

from __future__ import annotations

import re

import pytest
from mock_server import ROOT, launch


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the client", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_examples_of_every_feature():
    code = "\n".join(readme_examples())
    for feature in ("gigs.devices.list(", "InvalidRequestError", "max_retries", "timeout", "AsyncGigs", "with_options"):
        assert feature in code, feature


def test_the_readme_examples_run(monkeypatch, capsys):
    with launch() as server:
        monkeypatch.setenv("GIGS_BASE_URL", server.base_url)
        monkeypatch.setenv("GIGS_TOKEN", server.token)
        monkeypatch.setenv("GIGS_PROJECT", server.project)
        namespace: dict = {}
        for number, example in enumerate(readme_examples(), 1):
            try:
                exec(compile(example, f"README.md example {number}", "exec"), namespace)  # noqa: S102
            except Exception as error:
                pytest.fail(f"README example {number} failed: {error!r}\n{example}")
    assert "/devices/dev_doesNotExist → 404 notFound" in capsys.readouterr().out
