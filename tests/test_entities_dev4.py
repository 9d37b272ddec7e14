"""Boundaries and labels found on the fourth development sample (issue 15): invented sentences written
like the corpus's news articles, each failing on the code before the rule it tests."""

from __future__ import annotations

from workbench.nlp.ner import extract


def mentions(text: str, lang: str) -> dict[str, str]:
    return {m.text: m.label for m in next(extract([text], [lang]))}


def test_partners_joined_by_an_ampersand_are_one_company() -> None:
    found = mentions("The brewer Scottish & Newcastle and Procter & Gamble sponsor USA Track & Field this year.", "en")
    assert found.get("Scottish & Newcastle") == "ORG", found
    assert found.get("Procter & Gamble") == "ORG", found
    assert found.get("USA Track & Field") == "ORG", found
    assert "Newcastle" not in found and "USA Track" not in found, found
