"""Early warning: how likely one post is to become a storm before volume moves.

The "United Breaks Guitars" case: one post, not yet many, that is spreading fast
and angry. The score in [0, 1] weighs what the source says about the post's reach
and engagement, how fast that grew between two polls, and what the post says.
Reference figures, not fitted to any data set::

    E = likes + 2 * comments + 3 * shares + (views + followers) / 100
    reach    r = E / (E + 1000)            # 100 -> 0.09, 1,000 -> 0.5, 10,000 -> 0.91
    growth   g = G / (G + 100)             # G: growth of E per hour between two polls;
                                           # 100/h -> 0.5, 1,000/h -> 0.91
    momentum m = 1 - (1 - r) * (1 - g)     # either one is enough

    negativity n = 0.5 * [label is negative] + 0.5 * max(0, -sentiment)
    complaint  c = 1 if the post holds a complaint term, else 0
    safety     s = 1 if it holds a safety-critical term (harm, a legal threat), else 0

    floor  f = 0.6 * s + 0.1 * c           # what the words alone are worth
    weight w = 0.3 + 0.4 * n + 0.3 * max(c, s)
    score    = f + (1 - f) * w * m

So a neutral post with no figures scores 0; reach and growth raise any post, a
negative complaint about three times as much as a neutral remark (``w`` 0.3 against
about 0.9); a safety-critical complaint starts at 0.7 with no reach at all.

Comments weigh twice a like and shares three times (a share puts the post in front
of a new audience); views and followers count as potential reach, one engagement
per hundred. Metric names are matched case-insensitively (``_KINDS``); others are
ignored. The stored score of a known post is recomputed when a later poll finds its
figures grown (``monitor.store.mentions.save_items``), so it keeps the last growth seen.
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor.models import Analysis

__all__ = ["REACH_HALF", "GROWTH_HALF", "early_warning", "engagement"]

REACH_HALF = 1000.0  # weighted engagements that make reach 0.5
GROWTH_HALF = 100.0  # weighted engagements per hour that make growth 0.5

_KINDS = {  # kind -> (weight, metric names the sources use for it, lower case)
    "likes": (
        1.0,
        {"score", "points", "likes", "like_count", "likes_count", "upvotes", "ups", "votes",
         "favourites", "favorites", "favourites_count", "favorite_count", "reactions", "stars"},
    ),
    "comments": (
        2.0,
        {"comments", "num_comments", "comment_count", "comments_count", "replies",
         "replies_count", "reply_count", "descendants"},
    ),
    "shares": (
        3.0,
        {"boosts", "reblogs", "reblogs_count", "shares", "share_count", "shares_count",
         "retweets", "retweet_count", "reposts", "repost_count", "quotes", "quote_count"},
    ),
    "reach": (
        0.01,
        {"views", "view_count", "views_count", "impressions", "plays", "reads", "followers",
         "followers_count", "follower_count", "subscribers"},
    ),
}  # fmt: skip
_WEIGHTS = {name.lower(): weight for weight, names in _KINDS.values() for name in names}


def engagement(metrics: Mapping[str, float]) -> float:
    """Weighted engagements ``E`` of a post from the figures its source gives (0 for none)."""
    total = 0.0
    for name, value in metrics.items():
        weight = _WEIGHTS.get(name.strip().lower())
        if weight is not None and isinstance(value, int | float) and value > 0:
            total += weight * float(value)
    return total


def _saturate(value: float, half: float) -> float:
    """0 at 0, 0.5 at ``half``, towards 1 above: a logistic curve on a log scale."""
    return value / (value + half) if value > 0 else 0.0


def early_warning(
    metrics: Mapping[str, float],
    analysis: Analysis,
    previous: Mapping[str, float] | None = None,
    hours: float | None = None,
) -> float:
    """The early-warning score of one post in [0, 1] (the formula is in the module doc).

    ``previous`` and ``hours``: the post's figures at an earlier poll and the hours
    since, to weigh how fast it grows; without them only its reach counts.
    """
    now = engagement(metrics)
    reach = _saturate(now, REACH_HALF)
    growth = 0.0
    if previous is not None and hours is not None and hours > 0:
        growth = _saturate(max(0.0, now - engagement(previous)) / hours, GROWTH_HALF)
    momentum = 1 - (1 - reach) * (1 - growth)
    negativity = 0.5 * (analysis.sentiment_label == "negative") + 0.5 * max(
        0.0, min(1.0, -analysis.sentiment)
    )
    complaint = 1.0 if analysis.complaint_terms else 0.0
    safety = 1.0 if analysis.safety_terms else 0.0
    floor = 0.6 * safety + 0.1 * complaint
    weight = 0.3 + 0.4 * negativity + 0.3 * max(complaint, safety)
    return round(min(1.0, floor + (1 - floor) * weight * momentum), 4)
