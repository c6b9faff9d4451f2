"""``timeline-explorer notes``: the analyst's stars, notes, tags and saved views of a dataset as
one JSON file (tui.core.annotations.share), to move to another machine or share.

- ``notes export [PATH...] -o FILE.json`` writes them, atomically, with export's rules for the
  destination (never over an input, ``--force``, ``--mkdir``, ``--follow-symlinks``);
- ``notes import [PATH...] FILE.json`` merges a file in: nothing is removed, a note both sides
  changed keeps both texts, importing the same file twice changes nothing;
- ``notes schema`` prints the file's JSON Schema.

The dataset (PATH..., the bundled one by default) is opened as ``export`` opens it, to know
which stored dataset the notes belong to. Exit status: 0 done, 1 cannot (with every problem of
a bad file, each with its place), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli import PROGRAM, SafeParser, add_input_options, fail, say
from tui.cli_export import add_output_options, input_paths, load_store, output_policy
from tui.cli_marks import marks_for
from tui.core.problems import LoadError

if TYPE_CHECKING:
    from tui.core.annotations import AnnotationsFile, ImportSummary
    from tui.core.store import EventStore

VERB = "notes"


def notes_parser() -> argparse.ArgumentParser:
    parser = SafeParser(
        prog=f"{PROGRAM} notes",
        description="Your stars, notes, tags and saved views of a dataset as one JSON file: "
        "export them to move or share them, import a file to merge it in. Exit status: 0 "
        "done, 1 cannot (every problem of a bad file is listed), 2 usage error.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    dataset_help = "the dataset's files or directories, as you open it (default: the bundled data)"
    export = actions.add_parser(
        "export",
        help="write the dataset's annotations to FILE",
        description="Write the stars, notes, tags and saved views of the dataset to a JSON "
        "file, atomically; never over an input file.",
    )
    export.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=dataset_help)
    add_input_options(export, format_alias=False)
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="the file to write"
    )
    add_output_options(export)
    imported = actions.add_parser(
        "import",
        help="merge FILE into the dataset's annotations",
        description="Merge a file written by 'notes export' into the dataset's annotations: "
        "stars and tags are added, a note is added or, when the event already has a "
        "different one, kept beside it under a line naming the file; saved views are "
        'added (as "NAME (imported)" when a different view has the name). Nothing is '
        "removed; importing the same file again changes nothing.",
    )
    imported.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=dataset_help)
    imported.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    add_input_options(imported, format_alias=False)
    actions.add_parser(
        "schema",
        help="print the file's JSON Schema",
        description="Print the JSON Schema of the file 'notes export' writes.",
    )
    return parser


def notes(options: argparse.Namespace) -> int:
    if options.action == "schema":
        from tui.core.annotations import schema

        print(json.dumps(schema(), indent=2, ensure_ascii=False))
        return 0
    if options.action == "export":
        return _export(options)
    return _import(options)


def _export(options: argparse.Namespace) -> int:
    from tui.core.annotations import export_annotations
    from tui.core.exporters import ExportError, check_output, check_target

    verb = f"{VERB} export"
    paths = input_paths(options)
    output: Path = options.output
    try:  # refused before the data is read, as export refuses
        check_output(output, paths)
        target = check_target(output, output_policy(options))
    except ExportError as error:
        fail(verb, f"{error}" + (f" ({error.remedy})" if error.remedy else ""))
        return 1
    store = load_store(options, paths)
    if store is None:
        return 1
    opened = marks_for(store, verb, refusal="nothing to export")
    if opened is None or opened.annotations is None:
        return 1
    with closing(opened):
        try:
            document = export_annotations(opened.annotations, target, len(store), paths)
        except (OSError, ValueError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            fail(verb, f"cannot write {output}: {reason}")
            return 1
    say(f"wrote {_contents(document)} of {store.name} to {output}")
    return 0


def _contents(document: AnnotationsFile) -> str:
    """What an annotations file holds, in words: "2 starred events, 1 note, …"."""
    counts = (
        (sum(1 for e in document.events if e.starred), "starred event"),
        (sum(1 for e in document.events if e.note.strip()), "note"),
        (sum(1 for e in document.events if e.tags), "tagged event"),
        (len(document.views), "saved view"),
    )
    return ", ".join(f"{count} {noun}{'' if count == 1 else 's'}" for count, noun in counts)


def _import(options: argparse.Namespace) -> int:
    from tui.core.annotations import import_annotations, read_annotations_file

    verb = f"{VERB} import"
    try:  # the file first: a bad one is reported before the data is read
        document = read_annotations_file(options.file)
    except LoadError as error:
        say(error.report(), error=True)
        return 1
    paths = input_paths(options)
    store = load_store(options, paths)
    if store is None:
        return 1
    opened = marks_for(
        store,
        verb,
        refusal="nothing imported",
        going_on="importing into the new, empty store",
        fresh_will_do=True,
    )
    if opened is None or opened.annotations is None:
        return 1
    with closing(opened):
        try:
            summary = import_annotations(
                opened.annotations,
                document,
                origin=options.file.name,
                contains=lambda event_id: store.row_of(event_id) is not None,
            )
        except (sqlite3.Error, ValueError) as error:
            fail(verb, f"nothing imported: {error}")
            return 1
    for line in _summary_lines(summary, document, store, options.file):
        say(line)
    return 0


def _summary_lines(
    summary: ImportSummary, document: AnnotationsFile, store: EventStore, file: Path
) -> list[str]:
    """What the import changed, in words, and the events of the file this data does not have."""

    def counted(count: int, noun: str, after: str = "") -> str:
        return f"{count} {noun}{'' if count == 1 else 's'}{after}"

    views = summary.views_added
    changed = summary.stars_added + summary.tags_added + summary.notes_added
    if not (changed or summary.notes_merged or views):
        return [f"nothing new in {file}: all of it was already here", *_missing(summary)]
    lines = [
        f"imported {file} into {store.name}: "
        + ", ".join(
            [
                counted(summary.stars_added, "new star"),
                counted(summary.tags_added, "new tag"),
                counted(summary.notes_added, "new note"),
                counted(summary.notes_merged, "note", " merged (both texts kept)"),
                counted(len(views), "saved view") + (f" ({', '.join(views)})" if views else ""),
            ]
        )
    ]
    lines += _missing(summary)
    if document.dataset.name != store.name:
        lines.append(f"the file was exported from {document.dataset.name!r}")
    return lines


def _missing(summary: ImportSummary) -> list[str]:
    """The line about the file's events that this data does not have, if any."""
    missing = summary.not_in_dataset
    if not missing:
        return []
    shown = ", ".join(missing[:3]) + ("…" if len(missing) > 3 else "")
    noun = "event" if len(missing) == 1 else "events"
    return [f"{len(missing)} annotated {noun} of the file not in this data (kept): {shown}"]
