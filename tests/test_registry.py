"""One Importer protocol and one registry: detection, --from choices, loading and validate all
use it, and no other module decides anything by comparing format names (issue 8, item 9)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, TEST_DATA
from tui.cli import _open_parser
from tui.cli_export import export_parser
from tui.cli_validate import validate_parser
from tui.core.importers import FORMATS
from tui.core.importers.registry import REGISTRY, Importer, ReadOptions, Sniff, detect
from tui.core.loading import open_store

IMPORTS = TEST_DATA / "imports"
FORMAT_NAMES = {"ours", "acled", "gdelt", "timelinejs"}


def test_the_registry_holds_the_four_formats_and_the_choices_come_from_it() -> None:
    assert set(REGISTRY) == FORMAT_NAMES | {"parquet"}  # parquet: tests/test_parquet_app.py
    assert FORMATS == ("auto", "ours", "acled", "gdelt", "timelinejs", "parquet")
    for parser in (_open_parser(), validate_parser(), export_parser()):
        [action] = [a for a in parser._actions if "--from" in a.option_strings]
        assert tuple(action.choices or ()) == FORMATS


@pytest.mark.parametrize("name", sorted(FORMAT_NAMES))
def test_each_importer_follows_the_protocol(name: str) -> None:
    importer = REGISTRY[name]
    assert importer.name == name and importer.label
    protocol_members = {
        m for m in dir(Importer) if not m.startswith("_") and m not in dir(object)
    } - {"register"}
    assert protocol_members == {
        "name",
        "label",
        "many",
        "reads_zip",
        "max_bytes",
        "detect",
        "read",
        "build",
    }
    for member in protocol_members:
        assert hasattr(importer, member), member
    for method in ("detect", "read", "build"):
        assert (
            list(inspect.signature(getattr(importer, method)).parameters)
            == list(inspect.signature(getattr(Importer, method)).parameters)[1:]
        )


@pytest.mark.parametrize(
    ("path", "name", "count"),
    [
        (IMPORTS / "acled_current.csv", "acled", 5),
        (IMPORTS / "gdelt2.export.CSV", "gdelt", 6),
        (IMPORTS / "timeline.json", "timelinejs", 4),
        (DATA / "article.json", "ours", 10),
    ],
)
def test_detect_read_build_by_hand_gives_what_opening_gives(
    path: Path, name: str, count: int
) -> None:
    sniff = Sniff(path, path.read_bytes()[:65536])
    importer = detect(sniff)
    assert importer is REGISTRY[name]
    store = importer.build(importer.read([path], ReadOptions()))
    assert len(store) == count == len(open_store([path]).store)


def _format_name_decisions(path: Path) -> list[str]:
    """Comparisons with a format name and `match` cases on one, with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        constants: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            constants = [node.left, *node.comparators]
        elif isinstance(node, ast.MatchValue):
            constants = [node.value]
        for constant in constants:
            if isinstance(constant, ast.Constant) and constant.value in FORMAT_NAMES:
                found.append(f"{path.relative_to(ROOT)}:{constant.lineno}")
    return found


def test_no_module_outside_the_importers_chooses_by_format_name() -> None:
    importers = ROOT / "tui" / "core" / "importers"

    def is_a_formats_own(path: Path) -> bool:  # acled.py, gdelt_*.py, ...: each knows its name
        if not path.is_relative_to(importers):
            return False
        first = path.relative_to(importers).parts[0]
        return any(first.startswith(name) for name in FORMAT_NAMES)

    modules = [p for p in (ROOT / "tui").rglob("*.py") if not is_a_formats_own(p)]
    assert ROOT / "tui" / "core" / "loading.py" in modules and ROOT / "tui" / "cli.py" in modules
    assert [hit for p in modules for hit in _format_name_decisions(p)] == []
