"""Format detection, --format and --skip-bad on the command line, and import hygiene."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA, TEST_DATA
from tests.test_import_hygiene import plain_modules
from tui.cli import _open_parser
from tui.importers import detect_format
from tui.loading import open_store
from tui.problems import LoadError
from tui.store import RaggedColumn

IMPORTS = TEST_DATA / "imports"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (IMPORTS / "acled_current.csv", "acled"),
        (IMPORTS / "acled_pre2023.csv", "acled"),
        (IMPORTS / "gdelt2.export.CSV", "gdelt"),
        (IMPORTS / "gdelt1_57.CSV", "gdelt"),
        (IMPORTS / "timeline.json", "timelinejs"),
        (DATA / "article.json", "ours"),
        (DATA, "ours"),
    ],
)
def test_format_is_detected_from_content(path: Path, expected: str) -> None:
    assert detect_format(path) == expected


def test_detection_ignores_the_name(tmp_path: Path) -> None:
    disguised = tmp_path / "events.txt"
    disguised.write_bytes((IMPORTS / "acled_current.csv").read_bytes())
    assert open_store([disguised]).format == "acled"


def test_unknown_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b,c\n1,2,3\n", "utf-8")
    with pytest.raises(LoadError, match="cannot tell the format"):
        open_store([path])


def test_forced_format_is_used(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not an ACLED file"):
        open_store([IMPORTS / "gdelt2.export.CSV"], format="acled")
    assert len(open_store([IMPORTS / "gdelt2.export.CSV"], format="gdelt").store) == 6
    with pytest.raises(ValueError, match="unknown format"):
        open_store([DATA], format="xml")


def test_our_format_still_loads_directories_and_files() -> None:
    result = open_store([DATA])
    assert result.format == "ours" and len(result.store) == 25 and not result.warnings
    assert len(open_store([DATA / "article.json"]).store) == 10


def test_imports_open_one_at_a_time() -> None:
    with pytest.raises(LoadError, match="open an imported file on its own"):
        open_store([IMPORTS / "acled_current.csv", DATA])


def test_cli_options() -> None:
    options = _open_parser().parse_args(["x.csv", "--format", "acled", "--skip-bad"])
    assert options.format == "acled" and options.skip_bad
    assert _open_parser().parse_args([]).format == "auto"
    with pytest.raises(SystemExit):
        _open_parser().parse_args(["--format", "xml"])


def test_importers_are_plain_python() -> None:
    # The general hygiene test imports every plain module; make sure these are among them.
    modules = plain_modules()
    for name in (
        "tui.importers",
        "tui.importers.acled",
        "tui.importers.gdelt",
        "tui.importers.timelinejs",
        "tui.importers.common",
        "tui.cache",
        "tui.loading",
        "tui.store",
    ):
        assert name in modules


def test_ragged_column_counts_and_lookups() -> None:
    column = RaggedColumn.from_tuples([("a", "b"), (), ("b",), ("a", "c", "a")])
    assert column[3] == ("a", "c", "a") and column[1] == () and len(column) == 4
    assert list(column.rows_with("a")) == [0, 3]
    assert column.counts(np.asarray([0, 2, 3])) == {"a": 3, "b": 2, "c": 1}
    assert column.counts(np.asarray([1], dtype=np.int64)) == {}
    assert column.present() == ["a", "b", "c"]
