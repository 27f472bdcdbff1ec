"""Sentiment: a score in [-1, 1] and a label (negative, neutral, positive).

The polarity comes from the analyzer configured for the text's language (see
:mod:`monitor.analyzers`: VADER for English by default; the complaint and risk
vocabularies alone for other languages). Lexicons miss many complaints ("my bag
never arrived" scores 0), so the label also weighs the complaint vocabulary: a
complaint is negative unless the text is clearly positive. Risk and safety terms
do not change the label (a news story about a recall can be neutral); they are
flags of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.analyzers import Analyzer

__all__ = ["Sentiment", "score_sentiment"]

COMPLAINT_POSITIVE_ABOVE = 0.7


@dataclass(frozen=True)
class Sentiment:
    label: str  # "negative" | "neutral" | "positive"
    score: float  # -1 (very negative) .. 1 (very positive)


def score_sentiment(text: str, complaint: bool, analyzer: Analyzer) -> Sentiment:
    """Score one text with the analyzer chosen for its language (``Enricher.analyzer``);
    ``complaint`` comes from the term vocabularies."""
    polarity = analyzer.polarity(text)
    if complaint:
        if polarity > COMPLAINT_POSITIVE_ABOVE:
            return Sentiment("positive", round(polarity, 4))
        return Sentiment("negative", round(min(polarity, -0.2), 4))
    if polarity <= analyzer.negative_at:
        return Sentiment("negative", round(polarity, 4))
    if polarity > analyzer.positive_above:
        return Sentiment("positive", round(polarity, 4))
    return Sentiment("neutral", round(polarity, 4))
