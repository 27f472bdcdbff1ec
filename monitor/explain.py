"""Explain an incident in plain words: observed vs expected, terms, sources, samples."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from monitor.config import Brand
from monitor.detect import Judgement, poisson_log_tail
from monitor.models import Incident
from monitor.textfold import fold_text, is_cjk

__all__ = [
    "chance_words",
    "explain_incident",
    "hours_words",
    "poisson_tail",
    "predating_sentence",
    "top_terms",
]

_WORD = re.compile(r"[^\W\d_][\w'-]{2,}", re.UNICODE)
_STOPWORDS = frozenset(
    """the and for with that this from have has had was were are you your our their they them
    not but all any can could would should will just been being into about after before over
    what when where which who why how its it's i'm i've don't didn't can't won't there here
    than then also very more most some such only own same other out off again once only get
    got one two via amp http https www com rss html my me we us he she his her him it is on
    in at to of a an or as by be do does did so if no yes
    și sau care este sunt pentru din cu la de pe un o ce mai nu să se ca au fost
    """.split()
)


def top_terms(
    texts: Iterable[str], exclude: Iterable[str] = (), limit: int = 8
) -> list[tuple[str, int]]:
    """The most frequent content words (each counted once per text)."""
    skip = set(_STOPWORDS)
    for phrase in exclude:
        skip.update(fold_text(phrase).split())
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w.strip("'-") for w in _WORD.findall(fold_text(text))}
        counts.update(w for w in words if w not in skip and len(w) >= 3 and not _long_cjk(w))
    return counts.most_common(limit)


def _long_cjk(word: str) -> bool:
    """A run of Chinese characters longer than a word: a phrase, not a term."""
    return len(word) > 4 and is_cjk(word[0])


def _distinct_stories(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per story and per title (syndicated copies say the same thing)."""
    seen: set[object] = set()
    out = []
    for row in rows:
        keys = {("title", fold_text(row["title"]).strip())}
        if row.get("story_id") is not None:
            keys.add(("story", row["story_id"]))
        if not keys & seen:
            seen |= keys
            out.append(row)
    return out


def _headline(incident: Incident, bucket_label: str, signals: dict[str, Judgement]) -> str:
    """Observed against expected for each signal, and which one fired."""
    text = (
        f"{incident.brand}: {incident.observed:g} mentions in the last {bucket_label} "
        f"against about {incident.expected:.1f} expected"
    )
    negative = signals.get("negative")
    if negative is not None and negative.anomalous:
        text += f", {negative.value:g} of them negative against about {negative.expected:.1f}"
    share = signals.get("tone")
    if share is not None and share.anomalous:
        text += f", {share.value:.0%} of them negative against {share.expected:.0%} usually"
    fired = [name for name, j in signals.items() if j.anomalous] or incident.kind.split("+")
    notes = [f"surprise score {incident.score:.1f} on {' and '.join(fired)}, {incident.severity}"]
    chance = _chance(incident.observed, incident.expected)
    if chance:
        notes.insert(0, f"{chance} at the usual rate")
    return f"{text} ({'; '.join(notes)})."


WATCH_FLOOR = 0.3  # early-warning score worth naming in an explanation


def _focus(signals: dict[str, Judgement], bucket_label: str) -> list[str]:
    """Sentences for the signals the headline does not cover: one source or language
    surging on its own, and reach-weighted volume."""
    out = []
    for name in ("source", "language"):
        j = signals.get(name)
        if j is not None and j.anomalous:
            out.append(
                f"Concentrated in {j.label}: {j.value:g} mentions in the last {bucket_label} "
                f"against about {j.expected:.1f} there usually."
            )
    reach = signals.get("reach")
    if reach is not None and reach.anomalous:
        out.append(
            f"Weighted by reach, {reach.value:.0f} against about {reach.expected:.0f}: "
            "posts with a large audience carry it."
        )
    return out


def predating_sentence(linked: tuple[int, datetime | None, int], began: datetime) -> str:
    """The complaints filed before the storm (how many, the oldest's filing time, how many
    unresolved) in one sentence: "3 related complaints filed before the storm, the oldest
    26 h before it began, 2 still unresolved." """
    count, oldest, unresolved = linked
    many = count != 1
    text = f"{count} related complaint{'s' * many} filed before the storm"
    if oldest is not None:
        text += f", {'the oldest ' if many else ''}{hours_words(began - oldest)} before it began"
    if unresolved == count:
        state = "all still unresolved" if many else "still unresolved"
    elif unresolved == 0:
        state = "all resolved since" if many else "resolved since"
    else:
        state = f"{unresolved} still unresolved"
    return f"{text}, {state}."


def hours_words(delta: timedelta) -> str:
    """A lead time as people say it: "40 min", "26 h" (the sign is dropped)."""
    minutes = abs(delta.total_seconds()) / 60
    return f"{minutes / 60:.0f} h" if minutes >= 90 else f"{minutes:.0f} min"


def _posts_to_watch(rows: list[dict[str, Any]], limit: int = 3) -> list[dict[str, Any]]:
    """The incident's posts most likely to spread (early-warning score), best first."""
    scored = [r for r in rows if (r.get("early_warning") or 0.0) >= WATCH_FLOOR]
    scored.sort(key=lambda r: -r["early_warning"])
    return _distinct_stories(scored)[:limit]


def _chance(observed: float, expected: float) -> str:
    """How likely so many mentions are if they kept arriving at the expected rate, by
    the Poisson law: "a chance of 1 in 2,400", "a chance below 1 in a million"; empty
    when the count is not above what was expected. Real mention counts vary more than
    Poisson counts, so this is a lower bound on how often it happens by chance."""
    if observed <= expected or observed < 1:
        return ""
    return chance_words(poisson_tail(int(observed), max(expected, 0.1)))


def chance_words(chance: float) -> str:
    """A probability as people read it: "a chance of 1 in 2,400", "a chance below 1 in
    a million"."""
    if chance < 1e-6:
        return "a chance below 1 in a million"
    return f"a chance of 1 in {round(1 / chance):,}"


def poisson_tail(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate)."""
    if count <= 0:
        return 1.0
    return min(1.0, math.exp(poisson_log_tail(count, rate)))


def explain_incident(
    incident: Incident,
    rows: list[dict[str, Any]],
    brand: Brand | None,
    bucket_label: str,
    signals: dict[str, Judgement] | None = None,
    linked: tuple[int, datetime | None, int] = (0, None, 0),
) -> tuple[str, dict[str, Any]]:
    """A one-paragraph summary and structured details from the incident's mentions.

    ``linked``: the complaint records filed before the storm began (``Predating`` of
    ``monitor.store.complaintlinks``): how many, when the oldest was filed, and how many
    are still unresolved."""
    n = len(rows)
    negative = sum(1 for r in rows if r["sentiment_label"] == "negative")
    complaint = sum(1 for r in rows if r["complaint"])
    risk = Counter(t for r in rows for t in r["risk_terms"])
    safety = Counter(t for r in rows for t in r.get("safety_terms", []))
    complaint_terms = Counter(t for r in rows for t in r["complaint_terms"])
    words = top_terms((f"{r['title']} {r['text']}" for r in rows), brand.terms if brand else ())
    sources = Counter(r["source"] for r in rows).most_common(5)
    langs = Counter(r["lang"] for r in rows).most_common(5)
    by_tone = sorted(rows, key=lambda r: (r["sentiment"], -len(r["risk_terms"])))
    samples = _distinct_stories(by_tone)[:5]
    signals = signals or {}
    details = {
        "observed": incident.observed,
        "expected": incident.expected,
        "score": incident.score,
        "peak_score": incident.peak_score,
        "bucket": bucket_label,
        "signals": incident.kind.split("+"),
        "mentions": n,
        "negative_share": round(negative / n, 3) if n else 0.0,
        "complaints": complaint,
        "top_terms": [t for t, _ in words],
        "complaint_terms": [t for t, _ in complaint_terms.most_common(8)],
        "risk_terms": [t for t, _ in risk.most_common(8)],
        "safety_terms": [t for t, _ in safety.most_common(8)],
        "sources": [{"source": s, "mentions": c} for s, c in sources],
        "languages": [{"lang": lang, "mentions": c} for lang, c in langs],
        "sample_mention_ids": [r["id"] for r in samples],
        "samples": [
            {
                "id": r["id"],
                "title": r["title"][:160],
                "url": r["url"],
                "sentiment": r["sentiment_label"],
                "copies": r.get("copies", 1),
            }
            for r in samples
        ],
    }
    details["signal_scores"] = {
        name: {
            "observed": j.value,
            "expected": j.expected,
            "score": j.score,
            "anomalous": j.anomalous,
            **({"part": j.label} if j.label else {}),
        }
        for name, j in signals.items()
    }
    watch = _posts_to_watch(rows)
    details["posts_to_watch"] = [
        {
            "id": r["id"],
            "title": r["title"][:160],
            "url": r["url"],
            "early_warning": r["early_warning"],
        }
        for r in watch
    ]
    parts = [_headline(incident, bucket_label, signals)]
    parts.extend(_focus(signals, bucket_label))
    if n:
        parts.append(
            f"Since the storm began: {n} mentions, {round(100 * negative / n)}% negative, "
            f"{complaint} complaints."
        )
    if details["safety_terms"]:
        parts.append(
            "Safety-critical (harm to people or a legal threat): "
            + ", ".join(details["safety_terms"][:5])
            + "."
        )
    other_risks = [t for t in details["risk_terms"] if t not in details["safety_terms"]]
    if other_risks:
        parts.append("Risk terms: " + ", ".join(other_risks[:5]) + ".")
    if details["top_terms"]:
        parts.append("Top terms: " + ", ".join(details["top_terms"][:6]) + ".")
    copied = max(rows, key=lambda r: r.get("copies", 1), default=None)
    if copied is not None and copied.get("copies", 1) > 1:  # a wire story on many sites
        parts.append(f'One story ran {copied["copies"]} times: "{copied["title"][:80]}".')
    if sources:
        parts.append("Driven by " + ", ".join(f"{s} ({c})" for s, c in sources[:3]) + ".")
    count, _, unresolved = linked
    details["linked_complaints"] = count  # filed before the storm
    details["unresolved_complaints"] = unresolved
    if count:
        parts.append(predating_sentence(linked, incident.began_at))
    if watch:
        top = watch[0]
        score = top["early_warning"]
        parts.append(f'Post to watch: "{top["title"][:80]}" (early-warning score {score:.2f}).')
    if any(j.warming_up for j in signals.values()):
        parts.append("Note: the baseline is still warming up.")
    return " ".join(parts), details
