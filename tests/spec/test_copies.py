"""The server and the contract suite ship the contract as regular copies of openapi.yaml (and the
suite its Schemathesis policy), equal to their sources, under one version across three packages."""

import shutil
from pathlib import Path

import pytest

from tools import copies

ROOT = Path(__file__).resolve().parents[2]


def test_each_package_s_copy_is_a_regular_file_equal_to_its_source():
    for copy, source in copies.COPIES.items():
        assert not (ROOT / copy).is_symlink(), copy
        assert (ROOT / copy).read_bytes() == (ROOT / source).read_bytes(), f"{copy}: run make generate"
    assert copies.differences(ROOT) == []


def test_the_three_distributions_state_one_version_each_in_its_own_file():
    versions = {path: copies.version_of(ROOT / path) for path in copies.VERSION_FILES}
    assert len(set(versions.values())) == 1, versions
    texts = {path.parts[0]: (ROOT / path).read_text() for path in copies.VERSION_FILES}
    assert "SDK's version" in texts["sdk"]
    assert "reference server's version" in texts["server"] and "SDK's version" not in texts["server"]
    assert "contract suite's version" in texts["contract"] and "SDK's version" not in texts["contract"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for path in [*copies.COPIES, *copies.COPIES.values(), *copies.VERSION_FILES]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, tmp_path / path)
    return tmp_path


def test_a_stale_copy_a_link_or_a_version_apart_is_named(tree: Path):
    (tree / "openapi.yaml").write_text((tree / "openapi.yaml").read_text() + "# edited\n")
    (tree / "contract/gigs_contract/schemathesis.toml").unlink()
    (tree / "contract/gigs_contract/schemathesis.toml").symlink_to(tree / "schemathesis.toml")
    (tree / "server/gigs_devices_mock/_version.py").write_text('__version__ = "9.9.9"\n')
    found = copies.differences(tree)
    assert "server/gigs_devices_mock/openapi.yaml differs from openapi.yaml" in found
    assert "contract/gigs_contract/openapi.yaml differs from openapi.yaml" in found
    assert any(line.startswith("contract/gigs_contract/schemathesis.toml is a symlink") for line in found)
    assert any("versions disagree" in line and "9.9.9" in line for line in found)
    copies.sync(tree)
    copies.set_version(tree, "3.1.0")
    assert copies.differences(tree) == []
    assert not (tree / "contract/gigs_contract/schemathesis.toml").is_symlink()
