"""Boundaries and labels checked on invented sentences (issue 15, session 19): English body names whose
head comes last, after an "and"."""

from __future__ import annotations

from conftest import mentions as found


def test_an_english_body_joined_by_and_before_its_head_is_one_name() -> None:
    got = found("A report by the Food and Agriculture Organisation said prices rose. Then the Arts and "
                "Humanities Research Council spoke, and the Health and Safety Authority agreed.", "en")
    assert got.get("Food and Agriculture Organisation") == "ORG", got
    assert "Arts and Humanities Research Council" in got and "Humanities Research Council" not in got, got
    assert "Health and Safety Authority" in got and "Food" not in got, got


def test_two_names_joined_by_and_stay_two_without_a_head_or_the() -> None:
    got = found("Tobacco firms Brown and Williamson were sued. He joined the Treasury and Finance Committee. "
                "Labour and Conservative Party leaders met Smith and Jones Council officials.", "en")
    assert "Brown and Williamson" not in got, got
    assert "Treasury" in got and "Finance Committee" in got, got
    assert "Labour" in got and "Conservative Party" in got, got
    assert not any(n.startswith("Smith") and "Council" in n for n in got), got


def test_the_firm_an_analyst_works_at_is_an_organisation() -> None:
    got = found("Shares fell, said Kevin Bell, an economist with Monument Securities. John Hart, a strategist "
                "at Popular Securities, agreed. An analyst at London fund houses disagreed.", "en")
    assert got.get("Monument Securities") == "ORG" and got.get("Popular Securities") == "ORG", got
    assert got.get("London") == "LOC", got


def test_an_owners_possessive_before_a_name_and_its_kind_says_what_it_is() -> None:
    got = found("According to France's Le Figaro newspaper, the film was a hit. Britain's Tony Blair agreed.", "en")
    assert got.get("Le Figaro") == "ORG", got
    assert got.get("Tony Blair") == "PER", got


def test_a_title_and_subtitle_inside_a_sentence_are_one_work_and_a_headlines_clause_is_not() -> None:
    got = found("The best Xbox game was Halo, while Prince of Persia: Warrior Within was adjudged the best "
                "GameCube title.", "en")
    assert got.get("Prince of Persia: Warrior Within") == "MISC", got
    got = found("Para la organización hispana Familia: Trans Queer Movimiento de Liberación, no hay centro.", "es")
    assert any(n.startswith("Familia: Trans Queer") and lab == "ORG" for n, lab in got.items()), got
    got = found("Lula: Sérgio Moro vai depor amanhã.", "pt")
    assert not any(":" in n for n in got), got
