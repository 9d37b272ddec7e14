"""Language identification with py3langid, restricted to the languages reporters here use."""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("es", "pt", "it", "en", "fr", "de", "ca")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str, sample_chars: int = 600) -> str:
    """ISO 639-1 code, or ``und`` when the text is too short (under five words) to tell.

    The first 600 characters decide: on the 5,337 articles of the real corpus that gets all 5,337
    right (400 characters: 5,336; 1,000 or 3,000 characters: 5,336) at 70% of the cost of 1,000
    (`bench/langid.py`)."""
    sample = text[:sample_chars]
    if len(_WORD.findall(sample[:2000])) < 5:
        return "und"
    lang, _prob = _identifier().classify(sample)
    return lang
