"""Regenerate ``workbench/nlp/data/countries.tsv``: each country's names in es / pt / it / en.

    python bench/make_countries.py      # needs babel (CLDR data, Unicode licence)

One line per ISO 3166 code: ``code<TAB>name|name|...``. The resolver treats every name of one
line as the same place (Italia / Italy / Itália, Japón / Japan / Giappone). Loading babel's locale
data costs about 0.3 s, so the product reads this derived file instead. Press abbreviations that
CLDR lacks (EE.UU., EUA, U.S.) are added here. Not hand-edited.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "workbench" / "nlp" / "data" / "countries.tsv"
EXTRA = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "EEUU", "EE.UU.", "EE. UU.", "EUA", "E.U.A."],
    "GB": ["GB", "UK", "U.K.", "Britain", "Great Britain", "Gran Bretaña", "Grã-Bretanha", "Gran Bretagna"],
    "RU": ["Rússia"],
    "NL": ["Holanda", "Holland", "Olanda"],
    "CN": ["Cina"],
    # English names the press still writes that CLDR has replaced or never had ("Türkiye", "Czechia")
    "TR": ["Turkey"],
    "CZ": ["Czech Republic", "República Checa", "Repubblica Ceca", "República Tcheca"],
    "CI": ["Ivory Coast"],
    "CV": ["Cape Verde"],
    "SZ": ["Swaziland"],
    "SG": ["Cingapura"],  # the Brazilian press's spelling (CLDR pt: Singapura)
}


def main() -> None:
    names: dict[str, set[str]] = {}
    for lang in ("es", "pt", "it", "en"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                names.setdefault(code, set()).add(name)
    for code, extra in EXTRA.items():
        names.setdefault(code, set()).update(extra)
    lines = [f"{code}\t" + "|".join(sorted(v)) for code, v in sorted(names.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "countries ->", OUT)


if __name__ == "__main__":
    main()
