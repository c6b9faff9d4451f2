"""Reading a GDELT file as slices of whole rows: plain or zipped, blank lines left out.

A zip is checked before anything is decompressed: one member, not encrypted, stored or
deflated, and a declared size under MAX_UNZIPPED_BYTES at a ratio under MAX_RATIO (GDELT's own
zips unzip at about 8:1; a zip of blank lines at 1000:1 is a bomb, refused by its header). The
member is then streamed in slices, so memory follows the slice size, never the archive's claim;
a damaged archive (bad CRC, truncated data or directory) is a ``file: message``, never a
traceback. Plain or zipped, line ends and limits are those of the shared CSV slicer
(tui.core.importers.csv_reading: CRLF and bare CR read as LF, a line over MAX_LINE_BYTES or a run of
over MAX_BLANK_LINES blank lines refused with its line). Shorter runs of blank lines hold no
event: they are dropped from each slice and the file line of every remaining row is kept, so
memory follows the rows found, not the newlines read.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from tui.core.importers.csv_reading import (
    CHUNK_BYTES,
    MAX_BLANK_LINES,
    MAX_LINE_BYTES,
    csv_chunks,
    normalise_line_ends,
)
from tui.core.problems import LoadError, Problem

MAX_UNZIPPED_BYTES = 8 * 1024**3  # a GDELT 1.0 daily file of a busy day is about 200 MB
MAX_RATIO = 100  # unzipped bytes per zipped byte
RATIO_FLOOR = 1024**2  # below this the ratio is not checked (tiny files compress oddly)
_READ_BYTES = 4 * 1024**2  # decompressed per read from a zip member
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass
class Rows:
    """A slice of a GDELT file cut between rows, with no blank lines."""

    data: bytes
    lines: list[int] | None  # the file line of each row; None: consecutive from first_line
    first_line: int
    done_bytes: int  # bytes of the file consumed so far (for progress)


def refuse(path: Path, message: str, line: int | None = None) -> LoadError:
    return LoadError([Problem(path, message, line)])


def read_rows(path: Path) -> Iterator[Rows]:
    """The rows of a plain or zipped GDELT file, slice by slice."""
    if _is_zip(path):
        slices = _zip_slices(path)
    else:
        # GDELT fields are never quoted, so quote characters must not steer the cuts.
        slices = ((c.data, c.first_line, c.done_bytes) for c in csv_chunks(path, quoted=False))
    for data, first_line, done in slices:
        rows = without_blank_lines(data, first_line, done)
        if rows.data:
            yield rows


def _is_zip(path: Path) -> bool:
    """A zip by its directory, or by its first local header when the directory is damaged."""
    with path.open("rb") as stream:
        head = stream.read(4)
    return head in _ZIP_MAGIC or zipfile.is_zipfile(path)


def without_blank_lines(data: bytes, first_line: int, done: int) -> Rows:
    """The slice without its blank lines (line ends already LF), rows' file lines kept."""
    blank = data.startswith(b"\n") or b"\n\n" in data
    if not blank:
        return Rows(data, None, first_line, done)
    # Where each non-blank line starts and ends, found with numpy over the slice (bounded by
    # the slice size); what is kept per line is proportional to the rows.
    text = np.frombuffer(data, dtype=np.uint8) != 10
    change = np.flatnonzero(text[1:] != text[:-1]) + 1
    starts = change[text[change]]
    ends = change[~text[change]]
    if text[0]:
        starts = np.concatenate(([0], starts))
    if text[-1]:
        ends = np.concatenate((ends, [len(data)]))
    if not len(starts):
        return Rows(b"", [], first_line, done)
    lengths = ends - starts
    # A line's newlines before it are its offset less the line bytes before it.
    lines = first_line + starts - (np.cumsum(lengths) - lengths)
    kept = b"\n".join(data[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True))
    return Rows(kept + b"\n", lines.tolist(), first_line, done)


def _zip_slices(path: Path) -> Iterator[tuple[bytes, int, int]]:
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            member = _the_member(path, archive)
            with archive.open(member) as stream:
                yield from _stream_slices(path, stream, member, size)
    except LoadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        reason = _reason(error)
        if reason == "File is not a zip file":  # the directory at its end is missing or cut
            reason = "its central directory is missing or cut short"
        raise refuse(path, f"damaged zip archive: {reason}") from None
    except (NotImplementedError, RuntimeError) as error:  # zipfile's unsupported or encrypted
        raise refuse(path, f"cannot unzip: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text or type(error).__name__


def _the_member(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) != 1:
        raise refuse(path, f"a GDELT zip holds exactly one file; this one holds {len(members)}")
    member = members[0]
    name = member.filename
    if member.flag_bits & 0x1:
        raise refuse(path, f"zip member {name!r} is encrypted (GDELT's zips are not)")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse(
            path,
            f"zip member {name!r} uses compression method {member.compress_type}; "
            "only stored (0) and deflate (8) are read",
        )
    if member.file_size > MAX_UNZIPPED_BYTES:
        raise refuse(
            path,
            f"zip member {name!r} unzips to {member.file_size:,} bytes, more than the "
            f"{MAX_UNZIPPED_BYTES >> 30} GiB limit",
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise refuse(
            path,
            f"zip member {name!r} unzips to {member.file_size:,} bytes from "
            f"{member.compress_size:,} (a ratio of {ratio:,.0f} to 1, over {MAX_RATIO}): "
            "refused as a zip bomb",
        )
    return member


def _stream_slices(
    path: Path, stream: IO[bytes], member: zipfile.ZipInfo, size: int
) -> Iterator[tuple[bytes, int, int]]:
    """Slices of about CHUNK_BYTES cut after a line break, line ends read as the plain-file
    slicer reads them (CRLF and a bare CR as LF), under its limits on line length and on runs
    of blank lines. Progress is the share of the member unzipped."""
    line, carry, held, unzipped = 1, b"", b"", 0
    while True:
        block = stream.read(_READ_BYTES)
        unzipped += len(block)
        if unzipped > member.file_size:  # zipfile stops at the declared size; be sure
            raise refuse(path, f"zip member {member.filename!r} is longer than its header says")
        raw = held + block
        held = b"\r" if block and raw.endswith(b"\r") else b""  # its LF may come next
        data = carry + normalise_line_ends(raw[: len(raw) - len(held)])
        done = size if not block else round(size * unzipped / max(member.file_size, 1))
        cut = len(data) if not block else data.rfind(b"\n") + 1
        _check_limits(path, data, len(data), line)
        if not block:
            if data:
                yield data, line, done
            return
        if cut and len(data) >= CHUNK_BYTES:
            yield data[:cut], line, done
            line += data.count(b"\n", 0, cut)
            carry = data[cut:]
        else:
            carry = data


def _check_limits(path: Path, data: bytes, end: int, first_line: int) -> None:
    """Refuse a line over MAX_LINE_BYTES or more than MAX_BLANK_LINES blank lines in a row
    in data[:end] (line ends already LF). Looks for a line break in every half-limit window,
    so data within the limits costs a few hundred short searches."""
    window = MAX_LINE_BYTES // 2
    for offset in range(0, end, window):
        if data.find(b"\n", offset, min(offset + window, end)) < 0:
            line_start = data.rfind(b"\n", 0, offset) + 1
            line_end = data.find(b"\n", offset, end)
            if (end if line_end < 0 else line_end) - line_start > MAX_LINE_BYTES:
                where = first_line + data.count(b"\n", 0, line_start)
                raise refuse(
                    path, f"a line longer than {MAX_LINE_BYTES // 1024} KB (the limit)", where
                )
    run = data.find(b"\n" * (MAX_BLANK_LINES + 1), 0, end)
    if run >= 0:
        where = first_line + data.count(b"\n", 0, run) + 1
        raise refuse(path, f"more than {MAX_BLANK_LINES:,} blank lines in a row", where)
