"""Sentiment analyzers, one per language, chosen in config (``sentiment.analyzers``).

Each analyzer gives a polarity in [-1, 1] for a text and says where its negative
and positive ranges begin. The label also weighs the complaint and risk
vocabularies (see :mod:`monitor.sentiment`), whatever the analyzer.

- ``vader``: VADER's rule-based lexicon for social-media English (the
  ``vaderSentiment`` package, MIT, lexicon shipped inside it). Measured on the
  English dev sets, negative-vs-rest macro-F1 with the complaint terms: tweets
  .72, airline complaints .65, financial news .61 (TextBlob: .59, .62, .62).
- ``textblob``: TextBlob's pattern lexicon (``TextBlob(text).sentiment``, the one
  TextBlob call that needs no NLTK corpora). English only.
- ``chinese``: a lexicon of Chinese praise and complaint words written for this project
  (Simplified, Traditional through folding, Cantonese, Weibo emoticons), with negators
  and intensifiers (:mod:`monitor.analyzers.chinese`).
- ``lexicon``: the project's lexicon of the text's language (Romanian, French,
  German, Spanish, Italian, Portuguese, Arabic, Hindi in Latin or Devanagari
  script; see :mod:`monitor.languages`), with negators, intensifiers, "but" and emoji
  (:mod:`monitor.analyzers.lexicon`).
- ``terms``: no lexicon: the label comes from the complaint and risk vocabularies
  alone (polarity 0). The default for languages without an analyzer of their own.
- ``hf:MODEL``: a Hugging Face sequence-classification model from a local directory or
  the local cache, never downloaded; polarity P(positive) - P(negative). Needs the
  ``transformers`` extra (:mod:`monitor.analyzers.transformer`).

Analyzers are built once per process and language, on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from monitor.languages import LANGUAGE_MODULES, language_data

__all__ = ["ANALYZERS", "Analyzer", "get_analyzer", "lexicon_languages"]


@dataclass(frozen=True)
class Analyzer:
    """A named polarity function and the edges of its negative and positive ranges."""

    name: str
    polarity: Callable[[str], float]
    negative_at: float  # polarity at or below this is negative
    positive_above: float  # above this, positive


def _vader(lang: str) -> Analyzer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    scorer = SentimentIntensityAnalyzer()
    english = language_data("en")
    if english is not None:  # the project's additions (see monitor.languages.en)
        scorer.lexicon.update({word: -weight for word, weight in english.negative.items()})
        scorer.lexicon.update(english.positive)
        for word in english.neutral:
            scorer.lexicon.pop(word, None)
    # VADER's own convention: compound <= -0.05 is negative, >= 0.05 positive
    return Analyzer("vader", lambda text: scorer.polarity_scores(text)["compound"], -0.05, 0.05)


def _textblob(lang: str) -> Analyzer:
    from textblob import TextBlob

    return Analyzer("textblob", lambda text: float(TextBlob(text).sentiment.polarity), -0.1, 0.2)


def _chinese(lang: str) -> Analyzer:
    from monitor.analyzers.chinese import chinese_polarity

    return Analyzer("chinese", chinese_polarity, -0.05, 0.05)


def _lexicon(lang: str) -> Analyzer:
    from monitor.analyzers.lexicon import LexiconScorer

    data = language_data(lang)
    if data is None or not data.has_lexicon:
        raise ValueError(
            f"the project has no sentiment lexicon for {lang!r}; languages with one: "
            + ", ".join(lexicon_languages())
        )
    scorer = LexiconScorer(data)
    return Analyzer(f"lexicon:{data.code}", scorer.polarity, -0.05, 0.05)


def _terms(lang: str) -> Analyzer:
    return Analyzer("terms", lambda text: 0.0, -1.0, 1.0)


ANALYZERS: dict[str, Callable[[str], Analyzer]] = {
    "vader": _vader,
    "textblob": _textblob,
    "chinese": _chinese,
    "lexicon": _lexicon,
    "terms": _terms,
}


def lexicon_languages() -> list[str]:
    """Codes of the languages the ``lexicon`` analyzer knows."""
    return [code for code in LANGUAGE_MODULES if (d := language_data(code)) and d.has_lexicon]


@cache
def get_analyzer(name: str, lang: str = "en") -> Analyzer:
    """The analyzer called ``name`` (one of ``ANALYZERS``, or ``hf:MODEL``) for texts in
    ``lang``, built once per process. ``hf:`` analyzers raise
    :class:`~monitor.errors.AnalyzerError` when they cannot be built."""
    if name.startswith("hf:"):
        from monitor.analyzers.transformer import transformer_analyzer

        return transformer_analyzer(name.removeprefix("hf:"))
    return ANALYZERS[name](lang)
