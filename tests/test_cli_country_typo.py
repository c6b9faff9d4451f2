"""``--country Japn`` says which country was meant (issue 12 item 10), on every verb that
filters by country, and still exits 2 without opening or writing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--country", "Japn"],
            "timeline-explorer: no country matches 'Japn' — did you mean Japan?",
        ),
        (
            ["export", "--country", "Zeeland", "-o", "{out}"],
            "timeline-explorer export: no country matches 'Zeeland' — did you mean New Zealand?",
        ),
        (
            ["export", "--country", "Korea", "-o", "{out}"],
            "timeline-explorer export: no country matches 'Korea' — "
            "did you mean North Korea or South Korea?",
        ),
        # Nothing is close to two letters that are no code: no guess is offered.
        (["--country", "qq"], "timeline-explorer: no country matches 'qq'"),
    ],
)
def test_a_misspelt_country_names_the_closest(
    argv: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.md"
    assert main([arg.format(out=out) for arg in argv]) == 2
    shown = capsys.readouterr()
    assert shown.err == said + "\n"
    assert shown.out == ""
    assert not out.exists()


def test_only_the_country_that_matches_nothing_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--country", "Japan", "--country", "Japn"]) == 2
    assert capsys.readouterr().err.count("no country matches") == 1
