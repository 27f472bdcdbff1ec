"""Syndicated copies of one story are grouped: the same wire article on many sites is one
story with a copy count, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from monitor.explain import explain_incident
from monitor.models import Analysis, Incident, Item, Mention
from monitor.store import open_store
from monitor.store.mentions import MentionFilter, mention_rows, save_items, story_copies
from monitor.store.schema import items, meta
from monitor.stories import fingerprint, similarity, strip_publisher

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)

WIRE = (
    "Acme Air grounded its whole fleet on Friday morning after a software fault in its "
    "flight planning system. The airline said no aircraft was unsafe and that the fault "
    "affected only the calculation of fuel loads. About 40,000 passengers were delayed, "
    "and more than 200 flights were cancelled across Europe. Engineers restored the "
    "system shortly after noon, and the first flights left Oslo at 13:10. The company "
    "said passengers on cancelled flights could rebook free of charge or ask for a refund. "
    "Aviation regulators asked the airline for a full report within seven days. Shares in "
    "the company fell four percent in early trading."
)
CHANGED = WIRE.replace(
    "Shares in the company fell four percent in early trading.",
    "The airline's chief executive apologised in a video posted on social media.",
)
OTHER = (
    "Acme Air will open a new route between Lisbon and Taipei next spring, the airline "
    "announced at a tourism fair on Friday. Tickets go on sale in January, with three "
    "flights a week on its newest long-haul aircraft. The company expects most travellers "
    "to be tourists, and hopes to add a fourth weekly flight in the summer season."
)
ZH_WIRE = (
    "阿克美航空周五上午因航班计划系统出现软件故障，停飞了全部飞机。航空公司表示，没有任何飞机存在安全问题，"
    "故障只影响燃油量的计算。约四万名旅客受到延误，欧洲各地有两百多个航班取消。工程师在中午过后修复了系统。"
)
ZH_COPY = (
    "阿克美航空週五上午因航班計劃系統出現軟件故障，停飛了全部飛機。航空公司表示，沒有任何飛機存在安全問題，"
    "故障只影響燃油量的計算。約四萬名旅客受到延誤，歐洲各地有兩百多個航班取消。"
)


def item(key: str, source: str, title: str, text: str, at: datetime = NOW) -> tuple:
    analysis = Analysis("en", -0.4, "negative", (), ())
    made = Item(
        key=key,
        source=source,
        url=f"https://{source}.example/{key}",
        title=title,
        text=text,
        published_at=at,
        fetched_at=at,
        event_at=at,
        analysis=analysis,
    )
    return made, [Mention(key, "Acme Air", "Acme Air", ((0, 8),))]


def stories(store) -> dict[str, int]:
    """Item key -> story id."""
    with store.engine.connect() as conn:
        return dict(conn.execute(select(items.c.key, items.c.story_id)).all())


def test_three_syndicated_copies_are_one_story_with_three_copies(database_url):
    store = open_store(database_url)
    batch = [
        item("wire", "wire", "Acme Air grounds fleet after software fault", WIRE),
        item(
            "herald",
            "herald",
            "Acme Air grounds fleet after software fault - Daily Herald",
            WIRE + "\nCopyright Daily Herald. All rights reserved.",
            NOW + timedelta(hours=2),
        ),
        item(
            "city",
            "city-paper",
            "Acme Air grounds fleet after software fault",
            CHANGED,
            NOW + timedelta(days=1),
        ),
        item("route", "wire", "Acme Air opens Lisbon to Taipei route", OTHER),
    ]
    assert save_items(store, batch) == 4
    story = stories(store)
    assert story["herald"] == story["city"] == story["wire"]  # the first item's id
    assert story["route"] != story["wire"]
    assert story_copies(store, story["wire"]) == 3
    assert story_copies(store, story["route"]) == 1

    rows = mention_rows(store, MentionFilter())
    assert sorted((r["source"], r["copies"]) for r in rows) == [
        ("city-paper", 3),
        ("herald", 3),
        ("wire", 1),
        ("wire", 3),
    ]

    # saving the same items again changes nothing
    assert save_items(store, batch) == 0
    assert stories(store) == story
    assert story_copies(store, story["wire"]) == 3


def test_copies_far_apart_in_time_are_separate_stories(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    save_items(store, [item("a", "wire", "Acme Air grounds fleet", WIRE)])
    later = NOW + timedelta(days=5)
    save_items(store, [item("b", "herald", "Acme Air grounds fleet", WIRE, later)])
    story = stories(store)
    assert story["a"] != story["b"]


def test_chinese_copies_in_either_script_are_one_story(database_url):
    store = open_store(database_url)
    save_items(
        store,
        [
            item("sina", "sina", "阿克美航空因软件故障停飞全部飞机_新浪新闻", ZH_WIRE),
            item("hk", "hk", "阿克美航空因軟件故障停飛全部飛機", ZH_COPY, NOW + timedelta(hours=3)),
        ],
    )
    story = stories(store)
    assert story["sina"] == story["hk"]
    assert story_copies(store, story["sina"]) == 2


def test_publisher_suffixes_are_stripped_but_titles_with_dashes_are_kept():
    assert strip_publisher("Acme Air grounds fleet - Reuters") == "Acme Air grounds fleet"
    assert strip_publisher("Acme Air grounds fleet | The Daily Herald") == "Acme Air grounds fleet"
    assert strip_publisher("阿克美航空停飞全部飞机_新浪新闻") == "阿克美航空停飞全部飞机"
    assert strip_publisher("Live - BBC") == "Live - BBC"  # too little left
    kept = "Acme Air cuts fares - and most travellers will not notice the small print at all"
    assert strip_publisher(kept) == kept


def test_similarity_is_the_share_of_word_pairs_in_common():
    wire = fingerprint("Acme Air grounds fleet", WIRE)
    assert similarity(wire.phrases, fingerprint("Acme Air grounds fleet - AP", WIRE).phrases) == 1
    assert 0.75 < similarity(wire.phrases, fingerprint("Acme Air grounds fleet", CHANGED).phrases)
    assert similarity(wire.phrases, fingerprint("", OTHER).phrases) < 0.1
    assert fingerprint("Live updates", "").bands is None  # too short to compare


def test_fingerprints_do_not_change_between_releases():
    # stored items must keep matching new ones: a change here needs a migration
    assert fingerprint("Acme Air grounds fleet", WIRE).bands == (
        -3763299753365818383,
        3503918293961974132,
        3747006850679087099,
        -4550132235493870199,
    )


def test_incident_samples_show_one_row_per_story_and_its_copies(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    save_items(
        store,
        [
            item("wire", "wire", "Acme Air grounds fleet after software fault", WIRE),
            item("herald", "herald", "Acme Air grounds fleet - Daily Herald", WIRE),
            item("city", "city-paper", "Fleet grounded at Acme Air", CHANGED),
            item("route", "wire", "Acme Air opens Lisbon to Taipei route", OTHER),
        ],
    )
    rows = list(mention_rows(store, MentionFilter(), newest_first=True))
    incident = Incident(
        brand="Acme Air",
        kind="volume",
        status="open",
        severity="warning",
        opened_at=NOW,
        updated_at=NOW,
        began_at=NOW,
        observed=4,
        expected=1,
        score=5,
        peak_score=5,
    )
    summary, details = explain_incident(incident, rows, None, "1h")
    assert sorted((s["title"], s["copies"]) for s in details["samples"]) == [
        ("Acme Air grounds fleet after software fault", 3),
        ("Acme Air opens Lisbon to Taipei route", 1),
    ]
    assert 'One story ran 3 times: "Acme Air grounds fleet after software fault".' in summary


def test_a_database_from_before_stories_gains_the_columns_and_keeps_its_items(database_url):
    store = open_store(database_url)
    save_items(store, [item("old", "wire", "Acme Air grounds fleet", WIRE)])
    with store.engine.begin() as conn:  # make it look like schema version 1
        for name in ("ix_items_band0", "ix_items_band1", "ix_items_band2", "ix_items_band3"):
            conn.exec_driver_sql(f"DROP INDEX {name}")
        conn.exec_driver_sql("DROP INDEX ix_items_story")
        for column in ("band0", "band1", "band2", "band3", "story_id"):
            conn.exec_driver_sql(f"ALTER TABLE items DROP COLUMN {column}")
        conn.execute(update(meta).values(value="1"))
    store.close()

    store = open_store(database_url)
    save_items(store, [item("new", "herald", "Acme Air grounds fleet - Herald", WIRE)])
    story = stories(store)
    assert story["old"] is None  # stored before stories: a story of its own
    assert story["new"] is not None
    (old,) = [r for r in mention_rows(store, MentionFilter()) if r["source"] == "wire"]
    assert (old["story_id"], old["copies"]) == (None, 1)
