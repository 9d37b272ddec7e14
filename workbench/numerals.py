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
