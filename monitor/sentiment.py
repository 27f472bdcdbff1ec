"""Sentiment: a score in [-1, 1] and a label (negative, neutral, positive).

The analyzer is TextBlob's pattern lexicon (``TextBlob(text).sentiment``, the
one TextBlob call that needs no NLTK corpora). TextBlob reads English only and
misses most complaints ("my bag never arrived" scores 0), so the label also
weighs the complaint vocabulary: a complaint is negative unless the text is
clearly positive. Text in other languages gets a score of 0 from TextBlob, and
its label comes from the complaint and risk vocabularies alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from textblob import TextBlob

__all__ = ["Sentiment", "score_sentiment"]

NEGATIVE_BELOW = -0.1
POSITIVE_ABOVE = 0.2
COMPLAINT_POSITIVE_ABOVE = 0.4


@dataclass(frozen=True)
class Sentiment:
    label: str  # "negative" | "neutral" | "positive"
    score: float  # -1 (very negative) .. 1 (very positive)


def score_sentiment(text: str, lang: str, complaint: bool, risk: bool) -> Sentiment:
    """Score one text. ``complaint``/``risk`` come from the term vocabularies."""
    polarity = float(TextBlob(text).sentiment.polarity) if lang in ("en", "und") else 0.0
    if complaint or risk:
        if polarity > COMPLAINT_POSITIVE_ABOVE:
            return Sentiment("positive", round(polarity, 4))
        score = min(polarity, -0.3 if risk else -0.2)
        return Sentiment("negative", round(score, 4))
    if polarity < NEGATIVE_BELOW:
        return Sentiment("negative", round(polarity, 4))
    if polarity > POSITIVE_ABOVE:
        return Sentiment("positive", round(polarity, 4))
    return Sentiment("neutral", round(polarity, 4))
