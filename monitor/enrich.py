"""Enrich a text: language, sentiment, complaint and risk terms."""

from __future__ import annotations

from monitor.analyzers import Analyzer, get_analyzer, lexicon_languages
from monitor.config import Config
from monitor.lang import LanguageIdentifier
from monitor.models import Analysis
from monitor.sentiment import score_sentiment
from monitor.terms import TermSet

__all__ = ["Enricher"]


class Enricher:
    """Holds the (lazily built) language model and vocabularies for one config."""

    def __init__(self, config: Config):
        self._languages = LanguageIdentifier(
            config.languages, accurate=config.language_accuracy == "high"
        )
        self._terms = TermSet(config.terms.complaint, config.terms.risk, config.terms.safety)
        self._sentiment = config.sentiment
        self._lexicons = set(lexicon_languages())
        for name in dict.fromkeys([*config.sentiment.analyzers.values(), config.sentiment.default]):
            if name.startswith("hf:"):  # load models now: a missing one fails at start
                get_analyzer(name)

    def analyzer(self, lang: str) -> Analyzer:
        """The sentiment analyzer configured for ``lang`` (``zh-Hant`` falls back to
        ``zh``, an undetermined language to English's), else the default."""
        chosen = self._sentiment.analyzers
        lang = "en" if lang == "und" else lang
        name = chosen.get(lang) or chosen.get(lang.split("-")[0]) or self._sentiment.default
        if name != "lexicon":
            return get_analyzer(name)
        base = lang.split("-")[0]
        # a default of "lexicon" covers only the languages that have one
        return get_analyzer("lexicon", base) if base in self._lexicons else get_analyzer("terms")

    def analyze(self, text: str) -> Analysis:
        """Language, sentiment and term hits of ``text``."""
        lang = self._languages.identify(text)
        hits = self._terms.find(text, lang)
        sentiment = score_sentiment(text, bool(hits.complaint), self.analyzer(lang))
        return Analysis(
            lang=lang,
            sentiment=sentiment.score,
            sentiment_label=sentiment.label,
            complaint_terms=hits.complaint,
            risk_terms=hits.risk,
            safety_terms=hits.safety,
        )
