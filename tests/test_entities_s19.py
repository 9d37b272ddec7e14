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
