"""The demo's story: a fictional airline's quiet days, then a wheelchair broken on a
flight, a complaint left unhandled, and a storm of angry posts in three languages.

Everything is generated from the templates below with a fixed seed, so every
run tells the same story. The brand is invented; any likeness is accidental.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

__all__ = ["BRAND", "DemoPost", "Scenario", "build_scenario"]

BRAND = "Skyline Air"
SOURCES = ("news", "forum", "reviews")

_CITIES = ["Lisbon", "Oslo", "Bucharest", "Shanghai", "Taipei", "Dublin", "Vienna", "Porto"]

_CALM = [
    (
        "en",
        "Skyline Air adds a new daily route from {a} to {b}",
        "The carrier said the route starts next month with two daily rotations.",
    ),
    (
        "en",
        "Smooth flight with Skyline Air to {a}",
        "Crew was friendly and we landed early. Good coffee too.",
    ),
    (
        "en",
        "Skyline Air publishes its winter schedule",
        "Extra frequencies to {a} and {b} during the holidays.",
    ),
    (
        "en",
        "Skyline Air flight to {a} delayed 20 minutes",
        "A short delay at the gate, the captain explained why. Fine otherwise.",
    ),
    (
        "en",
        "Anyone flown Skyline Air premium economy to {a}?",
        "Thinking of booking for a family trip, is the legroom worth it?",
    ),
    ("zh-Hans", "天际航空开通{a}新航线", "天际航空今天宣布开通飞往{a}的新航线，每周三班。"),
    ("zh-Hant", "天際航空冬季航班表公佈", "天際航空公佈冬季航班表，增加飛往{a}的班次。"),
    (
        "ro",
        "Zbor liniștit cu Skyline Air spre {a}",
        "Echipajul a fost foarte amabil și am aterizat la timp.",
    ),
]

_STORM = [
    (
        "en",
        "Skyline Air baggage crew broke my daughter's wheelchair",
        "They threw it on the belt in {a}. Customer service hung up on me twice. No refund, no "
        "response. Unacceptable.",
    ),
    (
        "en",
        "Shame on Skyline Air: wheelchair destroyed, complaint ignored",
        "My complaint sat unresolved for a day. Now the video is everywhere. #SkylineAirBrokeIt",
    ),
    (
        "en",
        "Boycott Skyline Air until they pay for the wheelchair",
        "A disabled passenger left stranded in {a}. Worst airline, never again.",
    ),
    (
        "en",
        "Video: Skyline Air crew throwing a wheelchair goes viral",
        "The clip filmed in {a} has been shared hundreds of thousands of times; passengers "
        "demand compensation.",
    ),
    (
        "en",
        "Skyline Air customer service is a disgrace",
        "Waited 3 hours on hold about my damaged wheelchair, then they cancelled my claim.",
    ),
    (
        "en",
        "Lawyer says Skyline Air could face legal action over wheelchair",
        "Disability groups call it unacceptable and talk of a lawsuit.",
    ),
    (
        "zh-Hans",
        "天际航空弄坏乘客轮椅还拒绝赔偿",
        "投诉无门，客服态度差，要求退款被拒绝。大家一起曝光！",
    ),
    ("zh-Hant", "天際航空摔壞輪椅 客服不處理", "乘客投訴一天都沒人管，影片已經瘋傳，要求賠償。"),
    (
        "ro",
        "Skyline Air a distrus un scaun cu rotile",
        "Reclamație fără răspuns de o zi. Nu recomand, dezamăgit total de compania asta.",
    ),
]

# mentions per simulated hour once the storm begins
STORM_CURVE = (18, 70, 120, 150, 130, 95)
CALM_RATE = 4


@dataclass(frozen=True)
class DemoPost:
    id: str
    source: str
    published_at: datetime
    lang: str
    title: str
    text: str
    author: str
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    start: datetime
    storm_at: datetime
    end: datetime
    posts: list[DemoPost]
    complaints: list[dict[str, str]]

    def published(self, source: str, since: datetime, until: datetime) -> list[DemoPost]:
        """Posts of ``source`` published in ``(since, until]``, newest first."""
        found = [p for p in self.posts if p.source == source and since < p.published_at <= until]
        return sorted(found, key=lambda p: p.published_at, reverse=True)


def _post(rng: random.Random, number: int, at: datetime, templates) -> DemoPost:
    lang, title, text = rng.choice(templates)
    a, b = rng.sample(_CITIES, 2)
    return DemoPost(
        id=f"demo-{number:05d}",
        source=rng.choice(SOURCES),
        published_at=at,
        lang=lang,
        title=title.format(a=a, b=b),
        text=text.format(a=a, b=b),
        author=f"user{rng.randint(100, 999)}",
        metrics={"score": float(rng.randint(1, 40)), "comments": float(rng.randint(0, 12))},
    )


def build_scenario(start: datetime, calm_hours: int = 50, seed: int = 7) -> Scenario:
    """The whole story, starting at ``start`` (an hour boundary, UTC)."""
    rng = random.Random(seed)
    posts: list[DemoPost] = []
    storm_at = start + timedelta(hours=calm_hours)
    for hour in range(calm_hours + len(STORM_CURVE)):
        base = start + timedelta(hours=hour)
        storm_hour = hour - calm_hours
        if storm_hour < 0:
            count = max(1, CALM_RATE + rng.randint(-1, 1))
            templates = _CALM
        else:
            count = STORM_CURVE[storm_hour]
            templates = _STORM
        for _ in range(count):
            at = base + timedelta(seconds=rng.randint(1, 3599))
            chosen = templates if rng.random() > 0.1 else _CALM
            posts.append(_post(rng, len(posts), at, chosen))
    complaints = [
        {
            "id": "HD-1041",
            "created_at": (storm_at - timedelta(hours=26)).isoformat(),
            "channel": "phone",
            "customer": "cust-5521",
            "priority": "high",
            "status": "open",
            "text": "Skyline Air flight SK212: passenger's wheelchair damaged at baggage claim, "
            "asked for a callback and compensation.",
        },
        {
            "id": "HD-1057",
            "created_at": (storm_at - timedelta(hours=20)).isoformat(),
            "channel": "email",
            "customer": "cust-8810",
            "priority": "normal",
            "status": "open",
            "text": "Skyline Air: my mobility aid arrived broken, nobody answers my complaint.",
        },
        {
            "id": "HD-1090",
            "created_at": (storm_at - timedelta(hours=3)).isoformat(),
            "channel": "chat",
            "customer": "cust-1202",
            "priority": "normal",
            "status": "open",
            "text": "Saw a video of Skyline Air staff throwing a wheelchair, is this my flight?",
        },
        {
            "id": "HD-0990",
            "created_at": (start - timedelta(days=4)).isoformat(),
            "channel": "email",
            "customer": "cust-3003",
            "priority": "low",
            "status": "resolved",
            "text": "Skyline Air seat selection fee charged twice.",
        },
    ]
    end = storm_at + timedelta(hours=len(STORM_CURVE))
    return Scenario(start, storm_at, end, posts, complaints)
