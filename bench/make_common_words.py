"""Regenerate ``workbench/nlp/data/common_es.txt``: Spanish words common enough that a capitalised one
starting a sentence, alone, is a word and not a name ("Noticia", "Acusan", "Ojalá"); with ``en``,
``common_en.txt``, the same for English ("Film Market" after "European" is no person's name).

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq faker && /tmp/wf/bin/python bench/make_common_words.py [es|en]

Run at development time only, in a throwaway environment: wordfreq (Apache-2.0 code; its data under
CC BY-SA 4.0) and Faker (MIT) are not dependencies of the product, which reads the derived list (one
folded word a line). Kept: words of three letters or more, letters only, at Zipf frequency 3.3 or
more in the language; left out: every first name and surname of Faker's Spanish, Portuguese, Italian and
English locales (wordfreq lower-cases, so "fuentes" and "torres" are surnames as well as words).
Places, countries and known organisations are left out by the product when it reads the list. Not
hand-edited.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data"
LOCALES = ("es", "es_ES", "es_MX", "es_AR", "es_CO", "es_CL", "pt_BR", "pt_PT", "it_IT", "en", "en_US", "en_GB")
ZIPF = 3.3


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def _person_names() -> set[str]:
    names: set[str] = set()
    for loc in LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
                     "last_names", "last_names_male", "last_names_female"):
            vals = next((c.__dict__[attr] for c in prov.__mro__ if attr in c.__dict__), ())
            if not isinstance(vals, (dict, list, tuple, set, frozenset)):
                continue
            for n in vals:
                names.update(_fold(p) for p in str(n).replace("-", " ").split())
    return names


def main() -> None:
    import wordfreq

    lang = sys.argv[1] if len(sys.argv) > 1 else "es"
    out = DATA / f"common_{lang}.txt"
    people = _person_names()
    words = {_fold(w) for w in wordfreq.iter_wordlist(lang) if wordfreq.zipf_frequency(w, lang) >= ZIPF
             and len(w) >= 3 and w.isalpha()}
    keep = sorted(words - people)
    out.write_text("\n".join(keep) + "\n", encoding="utf-8")
    print(f"{len(keep)} words ({len(words) - len(keep)} names left out) -> {out}")


if __name__ == "__main__":
    main()
