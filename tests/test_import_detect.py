"""Format detection, --format and --skip-bad on the command line, and import hygiene."""

from __future__ import annotations

import bz2
import csv
import gzip
import lzma
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA, ROOT, TEST_DATA
from tests.test_import_hygiene import plain_modules
from tui.cli import _open_parser
from tui.core.columns import RaggedColumn
from tui.core.importers import detect_format
from tui.core.loading import open_store
from tui.core.problems import LoadError

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
    assert options.input_format == "acled" and options.skip_bad
    assert _open_parser().parse_args(["--from", "gdelt"]).input_format == "gdelt"
    assert _open_parser().parse_args([]).input_format == "auto"
    with pytest.raises(SystemExit):
        _open_parser().parse_args(["--format", "xml"])


def test_importers_are_plain_python() -> None:
    # The general hygiene test imports every plain module; make sure these are among them.
    modules = plain_modules()
    for name in (
        "tui.core.importers",
        "tui.core.importers.acled",
        "tui.core.importers.gdelt",
        "tui.core.importers.timelinejs",
        "tui.core.importers.csv_reading",
        "tui.core.importers.prepared",
        "tui.core.cache",
        "tui.core.loading",
        "tui.core.store",
    ):
        assert name in modules


def test_ragged_column_counts_and_lookups() -> None:
    column = RaggedColumn.from_tuples([("a", "b"), (), ("b",), ("a", "c", "a")])
    assert column[3] == ("a", "c", "a") and column[1] == () and len(column) == 4
    assert list(column.rows_with("a")) == [0, 3]
    assert column.counts(np.asarray([0, 2, 3])) == {"a": 3, "b": 2, "c": 1}
    assert column.counts(np.asarray([1], dtype=np.int64)) == {}
    assert column.present() == ["a", "b", "c"]


# -- the front door: checks before any importer runs, detected or forced (issue 9, item 4) ----

FORCED = ["auto", "ours", "acled", "gdelt", "timelinejs"]


@pytest.mark.parametrize("forced", FORCED)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_reading_whatever_the_format(device: str, forced: str) -> None:
    with pytest.raises(LoadError) as caught:
        open_store([Path(device)], format=forced)
    [problem] = caught.value.problems
    assert str(problem) == f"{device}: not a regular file (a pipe, device or socket cannot be read)"


def test_a_fifo_is_refused_without_opening_it_whatever_the_format(tmp_path: Path) -> None:
    fifo = tmp_path / "events.CSV"
    os.mkfifo(fifo)
    script = (
        "import sys\nfrom pathlib import Path\nfrom tui.core.loading import open_store\n"
        "from tui.core.problems import LoadError\n"
        f"for forced in {FORCED!r}:\n"
        "    try:\n        open_store([Path(sys.argv[1])], format=forced)\n"
        "    except LoadError as error:\n        print(forced, error.problems[0].message)\n"
    )
    # In a child with a deadline: opening a FIFO to read blocks until a writer comes.
    done = subprocess.run(
        [sys.executable, "-c", script, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.stderr == ""
    expected = "not a regular file (a pipe, device or socket cannot be read)"
    assert done.stdout.splitlines() == [f"{forced} {expected}" for forced in FORCED]


COMPRESSED = {
    "gzip": (gzip.compress(b"a,b\n1,2\n"), "is gzip-compressed: decompress it first (gunzip FILE)"),
    "bzip2": (bz2.compress(b"a,b\n"), "is bzip2-compressed: decompress it first (bunzip2 FILE)"),
    "xz": (lzma.compress(b"a,b\n"), "is xz-compressed: decompress it first (unxz FILE)"),
    # zstd's magic number (RFC 8878) and a frame header; no zstd module in the standard library
    "zstd": (
        b"\x28\xb5\x2f\xfd\x04\x00\x41\x00\x00",
        "is zstd-compressed: decompress it first (unzstd FILE)",
    ),
}


@pytest.mark.parametrize("forced", FORCED)
@pytest.mark.parametrize("kind", list(COMPRESSED))
def test_compressed_input_is_named_for_what_it_is(tmp_path: Path, kind: str, forced: str) -> None:
    content, message = COMPRESSED[kind]
    path = tmp_path / "events.csv"  # the name says nothing: the content does
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        open_store([path], format=forced)
    assert [str(p) for p in caught.value.problems] == [f"{path}:1: {message}"]


def test_a_zip_goes_to_the_gdelt_importer_and_no_other(tmp_path: Path) -> None:
    archive = tmp_path / "20240619.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(IMPORTS / "gdelt2.export.CSV", "20240619.export.CSV")
    assert detect_format(archive) == "gdelt"
    assert len(open_store([archive]).store) == 6
    with pytest.raises(LoadError) as caught:
        open_store([archive], format="acled")
    assert [p.message for p in caught.value.problems] == [
        "is a zip archive, not an ACLED CSV export (only a GDELT event file is read from a zip)"
    ]


@pytest.mark.parametrize("forced", ["acled", "gdelt"])
def test_random_bytes_forced_to_a_csv_format_are_named_binary(tmp_path: Path, forced: str) -> None:
    path = tmp_path / "random.csv"
    # 14 + 3 + 1 bytes on the first line, so the first NUL is at offset 18, on line 2
    path.write_bytes(b"event_id_cnty,\xff\xfe\x81\n" + b"\x00\x13\xa7" * 500)
    with pytest.raises(LoadError) as caught:
        open_store([path], format=forced)
    [problem] = caught.value.problems
    assert problem.line == 2 and problem.message.startswith(
        "holds binary data (a NUL byte at offset 18), not "
    )


def test_utf16_forced_to_acled_is_named(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes((IMPORTS / "acled_current.csv").read_text("utf-8-sig").encode("utf-16"))
    with pytest.raises(
        LoadError, match="is UTF-16 text, not an ACLED CSV export: save it as UTF-8"
    ):
        open_store([path], format="acled")


@pytest.mark.parametrize("forced", ["acled", "gdelt", "timelinejs"])
def test_a_directory_opens_only_in_our_format(forced: str) -> None:
    with pytest.raises(LoadError) as caught:
        open_store([DATA], format=forced)
    [problem] = caught.value.problems
    assert problem.message.startswith("is a directory, not ")


@pytest.mark.parametrize("forced", FORCED)
def test_an_empty_file_is_named_whatever_the_format(tmp_path: Path, forced: str) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"")
    with pytest.raises(LoadError) as caught:
        open_store([path], format=forced)
    assert [str(p) for p in caught.value.problems] == [f"{path}: file is empty"]


@pytest.mark.parametrize("forced", ["auto", "timelinejs"])
def test_json_too_large_is_refused_by_size_forced_or_not(
    forced: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"events": [], "title": {}}' + " " * 200, "utf-8")
    monkeypatch.setattr(
        "tui.core.importers.registry.TimelineJSImporter.max_bytes", 100, raising=True
    )
    with pytest.raises(LoadError, match=r"file is too large to load \(227 bytes; limit 0 MiB\)"):
        open_store([path], format=forced)


def test_an_unforeseen_reading_failure_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.core.importers import acled

    def broken(*args: object, **kwargs: object) -> None:
        raise csv.Error("field larger than field limit (131072)")

    monkeypatch.setattr(acled, "prepare", broken)
    with pytest.raises(LoadError) as caught:
        open_store([IMPORTS / "acled_current.csv"])
    assert [p.message for p in caught.value.problems] == [
        "cannot read as an ACLED CSV export: Error: field larger than field limit (131072)"
    ]


def test_opening_zero_events_is_refused_when_required(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"events": []}', "utf-8")
    assert len(open_store([path]).store) == 0  # the library still can; the CLI never does
    with pytest.raises(LoadError, match="holds no events"):
        open_store([path], require_events=True)
