"""How news in es / pt / it / en writes a number: the one separator rule, for search (the query
``10.000``) and corroboration (the numbers of a passage) alike.

A ``.`` or ``,`` followed by exactly three digits is a thousands separator (``10.000`` es/pt/it,
``10,000`` en, and Spanish news often writes ``10,000`` too); otherwise it is a decimal mark
(``1,5`` / ``1.5``).  Where both occur (``1.234,56`` / ``1,234.56``) the last one is the decimal
mark.  A space, no-break space or narrow no-break space groups digits too (``10 000``).

Standard library only, and imported by the bottom layers: nothing here may import the store.
"""

from __future__ import annotations

_SPACES = str.maketrans("", "", "\u00a0\u202f ")

# Scale words, folded (no accents, lower case), and the power of ten each stands for: "10 mil"
# (es / pt), "10 mila" (it), "1,5 millones", "44 miliardi". The Spanish billón is 10^12, the
# Brazilian bilhão 10^9. Search widens a number to these forms; corroboration reads them.
SCALE_WORDS: dict[str, int] = {
    "mil": 10**3, "mila": 10**3, "k": 10**3, "thousand": 10**3,
    "millon": 10**6, "millones": 10**6, "milhao": 10**6, "milhoes": 10**6, "milione": 10**6,
    "milioni": 10**6, "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "mio": 10**6,
    "bilhao": 10**9, "bilhoes": 10**9, "miliardo": 10**9, "miliardi": 10**9, "billion": 10**9,
    "billions": 10**9, "bn": 10**9, "mrd": 10**9,
    "billon": 10**12, "billones": 10**12, "trillion": 10**12, "trilhao": 10**12, "trilhoes": 10**12,
}


def parse_number(s: str) -> float | None:
    """``"10.000"`` -> 10000.0, ``"10,000"`` -> 10000.0, ``"10 000"`` -> 10000.0, ``"1,5"`` -> 1.5,
    ``"1.234,56"`` -> 1234.56; None when ``s`` is not a number so written."""
    s = s.strip().translate(_SPACES)
    if not s:
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif dots or commas:
        parts = s.split("." if dots else ",")
        if len(parts) > 2 or all(len(p) == 3 for p in parts[1:]):
            s = "".join(parts)  # thousands separator(s)
        else:
            s = parts[0] + "." + parts[1]
    try:
        return float(s)
    except ValueError:
        return None
