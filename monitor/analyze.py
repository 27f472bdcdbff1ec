"""Analyze texts without storing them: ``monitor analyze`` (JSON Lines in, JSON Lines out)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from monitor.config import Config
from monitor.enrich import Enricher
from monitor.match import BrandMatcher

__all__ = ["Analyzer", "analyze_lines", "analyze_text"]


class Analyzer:
    """Matcher and enricher built once for a config; reuse it for many texts."""

    def __init__(self, config: Config):
        self.matcher = BrandMatcher(config.brands)
        self.enricher = Enricher(config)

    def analyze(self, text: str) -> dict[str, Any]:
        analysis = self.enricher.analyze(text)
        return {
            "lang": analysis.lang,
            "sentiment": {"label": analysis.sentiment_label, "score": analysis.sentiment},
            "brands": [m.brand for m in self.matcher.match(text)],
            "complaint": analysis.complaint,
            "risk_terms": list(analysis.risk_terms),
            "safety_terms": list(analysis.safety_terms),
        }


def analyze_text(config: Config, text: str) -> dict[str, Any]:
    """Language, sentiment, brands, complaint flag and risk terms of one text.

    Builds the matcher and vocabularies on every call: for many texts, keep an
    :class:`Analyzer`.
    """
    return Analyzer(config).analyze(text)


def analyze_lines(config: Config, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One result per input line ``{"id": ..., "text": ...}``; bad lines yield an ``error``."""
    analyzer = Analyzer(config)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
        except ValueError as exc:
            yield {"id": None, "line": number, "error": f"line {number}: {exc}"}
            continue
        yield {"id": record.get("id"), **analyzer.analyze(record["text"])}
