"""Spanish model-path boundaries found on the second development sample (issue 15): invented sentences."""

from __future__ import annotations

from workbench.nlp.ner import extract


def names(text: str, lang: str = "es") -> set[str]:
    return {m.text for m in next(extract([text], [lang]))}


def test_article_after_a_line_break_is_sentence_case_not_part_of_the_name() -> None:
    text = ("La junta revisó el expediente durante dos meses.\nLa OMC rechazó la queja del gobierno. "
            "Después habló con la prensa.\n«La Conafor» informó que el incendio sigue activo.")
    found = names(text)
    assert "OMC" in found and "La OMC" not in found, found
    assert "La Conafor" not in found, found


def test_dateline_dash_glued_to_a_word_ends_the_name() -> None:
    text = "Texas, Estados Unidos.- Un vecino denunció el robo de su coche. LIMA.- Dos turistas llegaron tarde."
    found = names(text)
    assert "Estados Unidos" in found, found
    assert not any(".-" in n or n.endswith(" Un") for n in found), found
