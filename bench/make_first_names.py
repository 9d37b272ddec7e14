"""Regenerate ``workbench/nlp/data/first_names.txt`` (given names per language) from Faker's locales.

    python3 -m venv /tmp/fk && /tmp/fk/bin/pip install faker && /tmp/fk/bin/python bench/make_first_names.py

Run at development time only, in a throwaway environment: Faker (MIT) is not a dependency of the
product, which reads the derived list (one folded name a line, about 10 ms). Kept: the first names of
the Portuguese, Italian, Spanish and English locales (and French and German, whose names the press of
our languages quotes often), two letters or more, letters only. Names that are also place heads,
organisation heads or common words are left out by the product when it reads the list
(``_lexicon.first_names``), not here. Not hand-edited.
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data" / "first_names.txt"
LOCALES = ("pt_BR", "pt_PT", "it_IT", "es", "es_ES", "es_MX", "es_AR", "es_CO", "es_CL", "en", "en_US", "en_GB",
           "en_IE", "en_NZ", "fr_FR", "de_DE")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def main() -> None:
    names: set[str] = set()
    for loc in LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            vals = prov.__dict__.get(attr)
            if vals is None:
                vals = next((c.__dict__[attr] for c in prov.__mro__ if attr in c.__dict__), ())
            if not isinstance(vals, (dict, list, tuple, set, frozenset)):
                continue  # a property computed from the others
            for n in vals:
                for part in str(n).replace("-", " ").split():
                    f = _fold(part)
                    if len(f) >= 2 and f.isalpha():
                        names.add(f)
    OUT.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
