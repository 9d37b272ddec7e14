"""Possible contradictions: a passage on the claim's matter whose figures or dates differ from
the claim's (10,000 GPUs against 20,000; March against February), with the values that differ."""

from __future__ import annotations

from .lexical import shown_date, shown_number
from .passages import Features, features


def _exact_numbers(text: str) -> set[str]:
    """Keys of the precise figures of ``text``: not vague magnitudes ("miles de", compatible with
    many values), not 0 or 1, and not part of a name or model (H100, GPT-4, A100)."""
    from .numbers import extract_quantities

    out = set()
    for qt in extract_quantities(text)[0]:
        if qt.key.startswith("q") or qt.value < 2:
            continue
        before = text[qt.start - 1] if qt.start > 0 else " "
        after = text[qt.end] if qt.end < len(text) else " "
        if before.isalpha() or before in "-–" and qt.start > 1 and text[qt.start - 2].isalnum() or after.isalpha():
            continue
        out.add("n" + qt.key)
    return out


def _value(key: str) -> float | None:
    try:
        return float(key[1:].replace("p", "."))
    except ValueError:
        return None


def _any_close(a: set[str], b: set[str], tolerance: float = 0.02) -> bool:
    """Whether a figure of ``a`` and one of ``b`` agree once rounded (12,4 millones / 12.422.000)."""
    va = [v for v in map(_value, a) if v]
    vb = [v for v in map(_value, b) if v]
    return any(abs(x - y) <= tolerance * max(x, y) for x in va for y in vb)


def contradiction(q: Features, passage: str, claim_text: str = "") -> dict | None:
    """Where the claim and a passage on the same matter give different numbers or dates: the
    values that differ, e.g. ``{"numbers": (["10,000"], ["20,000"])}`` (claim's, passage's), or
    None.  A kind of value counts only when both give it and share none of it (a passage that
    repeats the claim's figure and adds others does not contradict it); vague magnitudes
    ("miles de") never do."""
    p = features(passage)
    out: dict[str, tuple[list[str], list[str]]] = {}
    qa = _exact_numbers(claim_text) if claim_text else {t for t in q.numbers if not t.startswith("nq")}
    pa = _exact_numbers(passage)
    if qa and pa and not qa & pa and not _any_close(qa, pa):
        out["numbers"] = ([shown_number(t) for t in sorted(qa)], [shown_number(t) for t in sorted(pa)])
    for kind, prefix in (("years", "y"), ("months", "m"), ("dates", "d")):
        qd = {t for t in q.dates if t.startswith(prefix) and not (prefix == "y" and t.startswith("ym"))}
        pd = {t for t in p.dates if t.startswith(prefix) and not (prefix == "y" and t.startswith("ym"))}
        if qd and pd and not qd & pd:
            out[kind] = ([shown_date(t) for t in sorted(qd)], [shown_date(t) for t in sorted(pd)])
    return {k: {"claim": a, "passage": b} for k, (a, b) in out.items()} or None


def contradiction_line(hint: dict | None) -> str:
    if not hint:
        return ""
    return "possible contradiction: " + "; ".join(
        f"{k} {', '.join(v['claim'])} (claim) vs {', '.join(v['passage'])} (passage)" for k, v in hint.items())
