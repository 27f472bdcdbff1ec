"""Enrich a text: language, sentiment, complaint and risk terms."""

from __future__ import annotations

from monitor.config import Config
from monitor.lang import LanguageIdentifier
from monitor.models import Analysis
from monitor.sentiment import score_sentiment
from monitor.terms import TermSet

__all__ = ["Enricher"]


class Enricher:
    """Holds the (lazily built) language model and vocabularies for one config."""

    def __init__(self, config: Config):
        self._languages = LanguageIdentifier(config.languages)
        self._terms = TermSet(config.terms.complaint, config.terms.risk)

    def analyze(self, text: str) -> Analysis:
        """Language, sentiment and term hits of ``text``."""
        lang = self._languages.identify(text)
        hits = self._terms.find(text)
        sentiment = score_sentiment(text, lang, bool(hits.complaint), bool(hits.risk))
        return Analysis(
            lang=lang,
            sentiment=sentiment.score,
            sentiment_label=sentiment.label,
            complaint_terms=hits.complaint,
            risk_terms=hits.risk,
        )
