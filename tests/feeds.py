"""Build RSS feeds for tests: a calm baseline, then a storm of complaints."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape

CALM = [
    "Acme Air opens a new lounge in {city}",
    "Nice flight with Acme Air to {city} today",
    "Acme Air publishes its summer timetable for {city}",
    "Is Acme Air economy to {city} comfortable?",
]
STORM = [
    "Acme Air lost my luggage in {city} and customer service hung up, I want a refund",
    "Worst airline ever: Acme Air cancelled my flight to {city}, no refund, no response",
    "Boycott Acme Air, they broke my guitar in {city} and ignored my complaint",
]
CITIES = ["Oslo", "Lisbon", "Taipei", "Bucharest", "Dublin"]


def calm_posts(end: datetime, hours: int = 48, per_hour: int = 4, seed: int = 1):
    rng = random.Random(seed)
    posts = []
    for hour in range(hours, 0, -1):
        base = end - timedelta(hours=hour)
        for n in range(per_hour + rng.randint(-1, 1)):
            at = base + timedelta(minutes=rng.randint(1, 59))
            posts.append((f"calm-{hour}-{n}", rng.choice(CALM).format(city=rng.choice(CITIES)), at))
    return posts


def storm_posts(start: datetime, count: int = 60, minutes: int = 50, seed: int = 2):
    rng = random.Random(seed)
    return [
        (
            f"storm-{n}",
            rng.choice(STORM).format(city=rng.choice(CITIES)),
            start + timedelta(seconds=rng.randint(0, minutes * 60)),
        )
        for n in range(count)
    ]


def rss(posts) -> bytes:
    items = "".join(
        f"<item><guid>{guid}</guid><title>{escape(title)}</title>"
        f"<link>https://news.example/{guid}</link><pubDate>{format_datetime(at)}</pubDate>"
        f"<description>{escape(title)}</description></item>"
        for guid, title, at in posts
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>https://news.example/</link><description>d</description>{items}"
        "</channel></rss>"
    ).encode()
