"""Hostile GDELT inputs (issue 9): zip bombs and damaged zips, blank-line floods, long lines.
Each gives ``file: message`` and never a traceback, and the big ones stay far under 1 GB of
memory (measured in a fresh process: ru_maxrss)."""

from __future__ import annotations

import json
import random
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tui.core.importers import gdelt
from tui.core.importers.gdelt_reading import MAX_RATIO
from tui.core.problems import LoadError

ROW = (TEST_DATA / "real" / "gdelt" / "20191024143000.export.CSV").read_bytes().split(b"\n")[0]
REPO = Path(__file__).resolve().parents[1]
ONE_GB = 1024**3


def refusal(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        gdelt.prepare(path)
    [problem] = caught.value.problems
    return str(problem)


def peak_of_prepare(path: Path) -> tuple[str, int]:
    """(the outcome, peak resident bytes) of gdelt.prepare in a fresh process."""
    script = textwrap.dedent(
        f"""
        import json, resource
        from pathlib import Path
        from tui.core.importers import gdelt
        from tui.core.problems import LoadError
        try:
            outcome = f"{{len(gdelt.build(gdelt.prepare(Path({str(path)!r}))))}} events"
        except LoadError as error:
            outcome = "; ".join(str(p) for p in error.problems)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps([outcome, peak]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    outcome, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return str(outcome), int(peak)


def zip_of(path: Path, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as bundle:
        bundle.writestr("20191024143000.export.CSV", data)
    return path


def test_a_zip_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.export.CSV.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as bundle,
        bundle.open("bomb.export.CSV", "w") as member,
    ):
        member.write(ROW + b"\n")
        for _ in range(256):  # 256 MB of blank lines, about 250 KB zipped
            member.write(b"\n" * 1024**2)
    assert bomb.stat().st_size < 400 * 1024
    outcome, peak = peak_of_prepare(bomb)
    assert outcome.startswith(f"{bomb}: zip member 'bomb.export.CSV' unzips to 268,435,")
    assert f"over {MAX_RATIO}): refused as a zip bomb" in outcome
    assert peak < ONE_GB, f"{peak:,} bytes"


def test_one_row_and_16_mb_of_newlines_is_refused_in_little_memory(tmp_path: Path) -> None:
    flood = tmp_path / "flood.export.CSV"
    flood.write_bytes(ROW + b"\n" + b"\n" * 16 * 1024**2)
    outcome, peak = peak_of_prepare(flood)
    assert outcome == f"{flood}:2: more than 10,000 blank lines in a row"
    assert peak < ONE_GB, f"{peak:,} bytes"


def test_rows_among_many_short_blank_runs_cost_memory_for_the_rows(tmp_path: Path) -> None:
    # 2,000 rows, each followed by 9,000 blank lines (18 MB of newlines, every run under the
    # cap): memory for 2,000 events, not for 18 million lines.
    flood = tmp_path / "runs.export.CSV"
    rest = ROW.split(b"\t", 1)[1]
    with flood.open("wb") as out:
        for number in range(2_000):
            out.write(b"%d\t%s\n" % (900_000_000 + number, rest) + b"\n" * 9_000)
    outcome, peak = peak_of_prepare(flood)
    assert outcome == "2000 events"
    assert peak < ONE_GB, f"{peak:,} bytes"


def test_zipped_rows_read_like_plain_ones(tmp_path: Path) -> None:
    # CR-only line ends (Excel's "CSV (Macintosh)"), a CRLF split across reads, blank lines.
    rows = (TEST_DATA / "real" / "gdelt" / "20191024143000.export.CSV").read_bytes()
    mac = rows.replace(b"\n", b"\r\r")
    path = zip_of(tmp_path / "mac.export.CSV.zip", mac)
    store = gdelt.build(gdelt.prepare(path))
    assert len(store) == 15


def test_a_blank_run_in_a_zip(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "runs.export.CSV.zip", ROW + b"\n" + b"\n" * 20_000 + ROW)
    assert refusal(path) == f"{path}:2: more than 10,000 blank lines in a row"


def test_rows_after_blank_lines_keep_their_line_numbers(tmp_path: Path) -> None:
    fields = ROW.split(b"\t")
    fields[1] = b"2018102"  # a bad date, to be reported with its line
    path = tmp_path / "gaps.export.CSV"
    path.write_bytes(b"\n\n" + ROW + b"\r\n\r\n\n" + b"\t".join(fields) + b"\n\n")
    with pytest.raises(LoadError) as caught:
        gdelt.prepare(path)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (6, "SQLDATE 2018102 is not a date (YYYYMMDD)")
    ]


def test_only_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.export.CSV"
    path.write_bytes(b"\n\r\n\n")
    assert refusal(path) == f"{path}: file is empty (no GDELT rows, only blank lines)"


def test_a_zip_with_a_bad_crc(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "crc.export.CSV.zip", ROW + b"\n", zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.index(ROW[:9])  # the stored row: change one byte of its id
    data[at] = ord("7") if data[at] != ord("7") else ord("6")
    path.write_bytes(bytes(data))
    assert refusal(path) == (
        f"{path}: damaged zip archive: Bad CRC-32 for file '20191024143000.export.CSV'"
    )


def _patch_member(path: Path, *, flags: int | None = None, method: int | None = None) -> None:
    """Rewrite the member's flag bits or compression method in both of its headers."""
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    for offset, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        if flags is not None:
            struct.pack_into("<H", data, offset + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", data, offset + method_at, method)
    path.write_bytes(bytes(data))


def test_an_encrypted_zip(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "secret.export.CSV.zip", ROW + b"\n")
    _patch_member(path, flags=0x1)
    assert refusal(path) == (
        f"{path}: zip member '20191024143000.export.CSV' is encrypted (GDELT's zips are not)"
    )


def test_an_unknown_compression_method(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "odd.export.CSV.zip", ROW + b"\n")
    _patch_member(path, method=99)
    assert refusal(path) == (
        f"{path}: zip member '20191024143000.export.CSV' uses compression method 99; "
        "only stored (0) and deflate (8) are read"
    )


def test_a_truncated_central_directory(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "cut.export.CSV.zip", ROW + b"\n")
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"PK\x01\x02") + 10])
    assert refusal(path) == (
        f"{path}: damaged zip archive: its central directory is missing or cut short"
    )


def test_truncated_compressed_data(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "short.export.CSV.zip", ROW * 50 + b"\n")
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    start = local + 30 + struct.unpack_from("<H", data, local + 26)[0]
    data[start : start + 8] = b"\xff" * 8  # the deflate stream is no longer valid
    path.write_bytes(bytes(data))
    assert refusal(path).startswith(f"{path}: damaged zip archive: ")


def test_a_zip_of_two_files(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("a.export.CSV", ROW + b"\n")
        bundle.writestr("b.export.CSV", ROW + b"\n")
    assert refusal(path) == f"{path}: a GDELT zip holds exactly one file; this one holds 2"


def test_a_line_too_long_in_a_zip(tmp_path: Path) -> None:
    # Letters that compress at about 2:1 (under the ratio cap), no line break in 200 KB.
    noise = bytes(random.Random(9).choices(b"abcdefghij\t", k=200_000))
    path = zip_of(tmp_path / "long.export.CSV.zip", ROW + b"\n" + ROW + b"\n" + noise)
    assert refusal(path) == f"{path}:3: a line longer than 128 KB (the limit)"


def test_a_zip_of_something_else(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "notes.zip", b"id,date,note\n1,2024-06-19,hello\n")
    assert refusal(path) == (
        f"{path}:1: not a GDELT event file: 1 tab-separated fields "
        "(GDELT 2.0 has 61, GDELT 1.0 has 57 or 58)"
    )


def test_blank_lines_before_the_first_row_do_not_hide_its_layout(tmp_path: Path) -> None:
    path = tmp_path / "late.export.CSV"
    path.write_bytes(b"\n" * 5 + b"a\tb\tc\n")
    assert refusal(path) == (
        f"{path}:6: not a GDELT event file: 3 tab-separated fields "
        "(GDELT 2.0 has 61, GDELT 1.0 has 57 or 58)"
    )
