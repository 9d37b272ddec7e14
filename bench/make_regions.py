"""Regenerate ``workbench/nlp/data/regions.txt`` (states, provinces, regions) from ``pycountry``.

    python3 -m venv /tmp/fk && /tmp/fk/bin/pip install pycountry && /tmp/fk/bin/python bench/make_regions.py

Run at development time only: pycountry (LGPL-2.1, data from Debian's iso-codes) is not a dependency
of the product, which reads the derived list (one name a line). Kept: the ISO 3166-2 subdivision names
of every country, as written locally and as translated into pt / it / es / en where iso-codes has a
translation; a trailing "(...)" qualifier dropped, names split at " / " and "," alternatives, two
letters or more. Not hand-edited.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data" / "regions.txt"
LANGS = ("pt", "pt_BR", "it", "es", "en")


def _forms(name: str) -> set[str]:
    out = set()
    name = re.sub(r"\s*[\(\[].*?[\)\]]", "", name)
    for part in re.split(r"\s+/\s+|,\s*", name):
        part = part.strip()
        if len(part) >= 2 and any(c.isalpha() for c in part) and part[0].isupper():
            out.add(part)
    return out


def main() -> None:
    trans = []
    for lang in LANGS:
        try:
            trans.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            pass
    names: set[str] = set()
    for sub in pycountry.subdivisions:
        names |= _forms(sub.name)
        for t in trans:
            names |= _forms(t.gettext(sub.name))
    OUT.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
