"""Deterministic synthetic ACLED-format CSV files for the scale benchmark.

The rows follow ACLED's current 31-column export layout with plausible values; none is real
ACLED data (ACLED's terms forbid redistributing theirs). The same size and seed always give
the same bytes, so runs on different machines measure the same file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

# (numeric ISO, name, prefix of event ids, region, a few first-level regions)
_COUNTRIES = [
    (729, "Sudan", "SDN", "Northern Africa", ["Khartoum", "North Darfur", "Gezira", "Kassala"]),
    (804, "Ukraine", "UKR", "Europe", ["Donetsk", "Kharkiv", "Zaporizhia", "Kherson"]),
    (760, "Syria", "SYR", "Middle East", ["Aleppo", "Idlib", "Deir ez Zor", "Daraa"]),
    (104, "Myanmar", "MMR", "Southeast Asia", ["Sagaing", "Rakhine", "Shan", "Kachin"]),
    (566, "Nigeria", "NGA", "Western Africa", ["Borno", "Zamfara", "Kaduna", "Lagos"]),
    (356, "India", "IND", "South Asia", ["Manipur", "Punjab", "Kerala", "Jammu and Kashmir"]),
    (484, "Mexico", "MEX", "Central America", ["Guerrero", "Jalisco", "Sonora", "Michoacan"]),
    (76, "Brazil", "BRA", "South America", ["Rio de Janeiro", "Bahia", "Para", "Sao Paulo"]),
    (586, "Pakistan", "PAK", "South Asia", ["Balochistan", "Punjab", "Sindh", "Islamabad"]),
    (180, "Democratic Republic of Congo", "DRC", "Middle Africa", ["Ituri", "Nord-Kivu"]),
    (887, "Yemen", "YEM", "Middle East", ["Taizz", "Marib", "Al Hudaydah", "Sanaa"]),
    (250, "France", "FRA", "Europe", ["Ile-de-France", "Bretagne", "Occitanie"]),
    (392, "Japan", "JPN", "East Asia", ["Tokyo", "Okinawa", "Osaka"]),
    (554, "New Zealand", "NZL", "Oceania", ["Wellington", "Auckland", "Canterbury"]),
    (643, "Russia", "RUS", "Europe", ["Moscow", "Belgorod", "Kursk"]),
    (706, "Somalia", "SOM", "Eastern Africa", ["Banadir", "Bay", "Lower Shabelle"]),
]
# (event_type, sub_event_type, disorder_type, inter1, inter2, verb)
_TYPES = [
    ("Battles", "Armed clash", "Political violence", "State forces", "Rebel group", "clashed with"),
    (
        "Battles",
        "Government regains territory",
        "Political violence",
        "State forces",
        "Rebel group",
        "retook positions from",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Political violence",
        "State forces",
        "Civilians",
        "shelled areas held by",
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Political violence",
        "State forces",
        "Rebel group",
        "carried out a drone strike on",
    ),
    (
        "Violence against civilians",
        "Attack",
        "Political violence",
        "Political militia",
        "Civilians",
        "attacked",
    ),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Political violence",
        "Identity militia",
        "Civilians",
        "abducted",
    ),
    ("Protests", "Peaceful protest", "Demonstrations", "Protesters", "", "gathered against"),
    (
        "Protests",
        "Protest with intervention",
        "Demonstrations",
        "Protesters",
        "State forces",
        "were dispersed by",
    ),
    (
        "Riots",
        "Violent demonstration",
        "Demonstrations",
        "Rioters",
        "State forces",
        "threw stones at",
    ),
    (
        "Strategic developments",
        "Agreement",
        "Strategic developments",
        "State forces",
        "Rebel group",
        "signed a local ceasefire with",
    ),
    (
        "Strategic developments",
        "Arrests",
        "Strategic developments",
        "State forces",
        "Civilians",
        "arrested",
    ),
]
_SOURCES = [
    "Radio Dabanga",
    "Sudan Tribune",
    "Ukrainska Pravda",
    "Kyiv Independent",
    "SOHR",
    "Irrawaddy",
    "Premium Times",
    "The Hindu",
    "El Universal",
    "Folha de S.Paulo",
    "Dawn",
    "Radio Okapi",
    "Al Masdar",
    "Le Monde",
    "Kyodo",
    "RNZ",
    "Meduza",
    "Garowe Online",
    "Twitter",
    "Local Source",
    "Reuters",
    "AFP",
    "BBC Monitoring",
    "Al Jazeera",
]
_FILLERS = [
    "Local sources reported heavy damage to houses and a market.",
    "The area had been contested for several weeks.",
    "Residents fled toward neighbouring villages after the incident.",
    "Demonstrators demanded the release of detained activists and better water supply.",
    "Fatalities are disputed between the parties.",
    "Humanitarian convoys were suspended for two days.",
    "Police said the situation was under control by evening.",
    "Teachers and students joined the march to the governor's office.",
    "The attack coincided with the start of the harvest season.",
    "A curfew was declared in the district.",
    "Several vehicles were burnt and a checkpoint was destroyed.",
    "Unions had called for a general strike over fuel prices.",
]
_MILITIAS = ["Unidentified Armed Group", "Ansar Militia", "Communal Militia", "Liberation Front"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _pick(values: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(pl.Series(index))


def acled_frame(rows: int, seed: int = 20240619) -> pl.DataFrame:
    """Synthetic ACLED rows (current layout), in no particular order, as strings."""
    rng = np.random.default_rng(seed)
    country = rng.integers(0, len(_COUNTRIES), rows)
    kind = rng.integers(0, len(_TYPES), rows)
    days = rng.integers(0, 365 * 8, rows)  # 2017-01-01 .. 2024-12-28
    dates = np.datetime64("2017-01-01") + days.astype("timedelta64[D]")
    precision = rng.choice([1, 2, 3], rows, p=[0.85, 0.12, 0.03])
    fatalities = np.where(rng.random(rows) < 0.6, 0, rng.integers(1, 40, rows))
    admin_index = rng.integers(0, 4, rows)
    town = rng.integers(0, 300, rows)
    militia = rng.integers(0, len(_MILITIAS), rows)
    filler_a = rng.integers(0, len(_FILLERS), rows)
    filler_b = rng.integers(0, len(_FILLERS), rows)
    source = rng.integers(0, len(_SOURCES), rows)
    second_source = rng.integers(0, len(_SOURCES), rows)
    has_assoc = rng.random(rows) < 0.2

    names = [c[1] for c in _COUNTRIES]
    admins = [c[4][i % len(c[4])] for c in _COUNTRIES for i in range(4)]
    admin_names = _pick(admins, country * 4 + admin_index)
    state = pl.Series([f"Military Forces of {c[1]}" for c in _COUNTRIES]).gather(pl.Series(country))
    police = pl.Series([f"Police Forces of {c[1]}" for c in _COUNTRIES]).gather(pl.Series(country))
    protesters = pl.Series([f"Protesters ({c[1]})" for c in _COUNTRIES]).gather(pl.Series(country))
    rioters = pl.Series([f"Rioters ({c[1]})" for c in _COUNTRIES]).gather(pl.Series(country))
    civilians = pl.Series([f"Civilians ({c[1]})" for c in _COUNTRIES]).gather(pl.Series(country))
    militias = pl.Series(
        [f"{m} ({c[1]})" for c in _COUNTRIES for m in _MILITIAS], dtype=pl.String
    ).gather(pl.Series(country * len(_MILITIAS) + militia))
    inter1 = _pick([t[3] for t in _TYPES], kind)
    inter2 = _pick([t[4] for t in _TYPES], kind)

    def actor(inter: pl.Series) -> pl.Series:
        frame = pl.DataFrame(
            {"i": inter, "s": state, "p": protesters, "r": rioters, "c": civilians, "m": militias}
        )
        return frame.select(
            pl.when(pl.col("i") == "State forces")
            .then(pl.col("s"))
            .when(pl.col("i") == "Protesters")
            .then(pl.col("p"))
            .when(pl.col("i") == "Rioters")
            .then(pl.col("r"))
            .when(pl.col("i") == "Civilians")
            .then(pl.col("c"))
            .when(pl.col("i") == "")
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(pl.col("m"))
        ).to_series()

    frame = pl.DataFrame(
        {
            "n": np.arange(rows),
            "date": dates,
            "precision": precision,
            "country": _pick(names, country),
            "prefix": _pick([c[2] for c in _COUNTRIES], country),
            "iso": pl.Series([c[0] for c in _COUNTRIES]).gather(pl.Series(country)),
            "region": _pick([c[3] for c in _COUNTRIES], country),
            "admin1": admin_names,
            "town": pl.Series(town),
            "event_type": _pick([t[0] for t in _TYPES], kind),
            "sub_event_type": _pick([t[1] for t in _TYPES], kind),
            "disorder_type": _pick([t[2] for t in _TYPES], kind),
            "verb": _pick([t[5] for t in _TYPES], kind),
            "inter1": inter1,
            "inter2": inter2,
            "actor1": actor(inter1),
            "actor2": actor(inter2),
            "police": police,
            "has_assoc": has_assoc,
            "has_second": rng.random(rows) < 0.3,
            "fatalities": fatalities,
            "filler_a": _pick(_FILLERS, filler_a),
            "filler_b": _pick(_FILLERS, filler_b),
            "source": _pick(_SOURCES, source),
            "source2": _pick(_SOURCES, second_source),
            "lat": rng.uniform(-40, 60, rows).round(4),
            "lon": rng.uniform(-100, 140, rows).round(4),
        }
    )
    location = pl.col("admin1") + pl.lit(" Town ") + pl.col("town").cast(pl.String)
    date_text = (
        pl.col("date").dt.day().cast(pl.String)
        + pl.lit(" ")
        + pl.col("date").dt.month().replace_strict(range(1, 13), _MONTHS, return_dtype=pl.String)
        + pl.lit(" ")
        + pl.col("date").dt.year().cast(pl.String)
    )
    notes = pl.concat_str(
        [
            pl.lit("On "),
            date_text,
            pl.lit(", "),
            pl.col("actor1"),
            pl.lit(" "),
            pl.col("verb"),
            pl.lit(" "),
            pl.when(pl.col("actor2").is_null()).then(pl.lit("authorities")).otherwise("actor2"),
            pl.lit(" in "),
            location,
            pl.lit(" ("),
            pl.col("admin1"),
            pl.lit(", "),
            pl.col("country"),
            pl.lit("). "),
            pl.col("filler_a"),
            pl.when(pl.col("has_second"))
            .then(pl.lit(" ") + pl.col("filler_b"))
            .otherwise(pl.lit("")),
            pl.lit(" ["),
            pl.col("fatalities").cast(pl.String),
            pl.lit(" fatalities]"),
        ]
    )
    empty = pl.lit(None, dtype=pl.String)  # written as an empty field, as ACLED does
    return frame.select(
        event_id_cnty=pl.col("prefix") + (pl.col("n") + 1).cast(pl.String),
        event_date=pl.col("date").cast(pl.String),
        year=pl.col("date").dt.year().cast(pl.String),
        time_precision=pl.col("precision").cast(pl.String),
        disorder_type=pl.col("disorder_type"),
        event_type=pl.col("event_type"),
        sub_event_type=pl.col("sub_event_type"),
        actor1=pl.col("actor1"),
        assoc_actor_1=pl.when(pl.col("has_assoc")).then("police").otherwise(empty),
        inter1=pl.col("inter1"),
        actor2=pl.col("actor2"),
        assoc_actor_2=empty,
        inter2=pl.when(pl.col("inter2") == "").then(empty).otherwise("inter2"),
        interaction=pl.when(pl.col("inter2") == "")
        .then(pl.col("inter1") + pl.lit(" only"))
        .otherwise(pl.concat_str([pl.col("inter1"), pl.col("inter2")], separator="-")),
        civilian_targeting=pl.when(pl.col("inter2") == "Civilians")
        .then(pl.lit("Civilian targeting"))
        .otherwise(empty),
        iso=pl.col("iso").cast(pl.String),
        region=pl.col("region"),
        country=pl.col("country"),
        admin1=pl.col("admin1"),
        admin2=empty,
        admin3=empty,
        location=location,
        latitude=pl.col("lat").cast(pl.String),
        longitude=pl.col("lon").cast(pl.String),
        geo_precision=pl.lit("1"),
        source=pl.concat_str([pl.col("source"), pl.col("source2")], separator="; "),
        source_scale=pl.lit("National"),
        notes=notes,
        fatalities=pl.col("fatalities").cast(pl.String),
        tags=empty,
        timestamp=(pl.lit(1_700_000_000) + pl.col("n")).cast(pl.String),
    )


def write_acled(path: Path, rows: int, seed: int = 20240619) -> Path:
    """Write a synthetic ACLED CSV (newest first, as ACLED's export tool writes them)."""
    frame = acled_frame(rows, seed).sort("event_date", descending=True, maintain_order=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)
    return path
