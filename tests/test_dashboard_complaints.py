"""The Complaints page through Streamlit's AppTest, against a real SQLite store.

The store is written by the monitor's own functions, as the pipeline writes it: records
imported with ``upsert_complaints`` (safety flag, start tier and SLA from the config),
one safety-critical complaint escalated by ``escalate_overdue``, one resolved by
``monitor.ownership.resolve``, one linked to an incident and two grouped as one issue
by the linking store. The dashboard's clock is pinned to ``NOW`` (``dashboard.data.clock``),
so every countdown is exact:

============  =======  ======================================  ==========================
complaint     brand    state at NOW (14:00 UTC)                 why
============  =======  ======================================  ==========================
C-1           Acme     4 h 5 min overdue (red)                 high priority: 8 h SLA
C-4           Acme     due in 30 min (amber), level 2           safety: 4 h, escalated once
C-2           Acme     due in 3 h 10 min (amber)               20 h SLA, under 5 h left
C-6           Acme     due in 18 h, status pending              grouped with C-2
C-3           Globex   due in 19 h, linked to an incident      20 h SLA
C-5           Acme     resolved 20 h before NOW                 the Resolved section
============  =======  ======================================  ==========================
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.complaint_detail import NO_NAME
from dashboard.format import age, change_line, escalation, sla_countdown, sla_state
from monitor.complaints import placement
from monitor.config import load_config
from monitor.models import Complaint, Incident
from monitor.ownership import escalate_overdue, resolve
from monitor.store import open_store
from monitor.store.complaintlinks import save_group, save_link, ungrouped_complaints
from monitor.store.complaints import upsert_complaints
from monitor.store.incidents import save_incident

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
H, MIN = timedelta(hours=1), timedelta(minutes=1)
CONFIG = """\
database: sqlite:///monitor.db
brands:
  - name: Acme Coffee
    aliases: [Acme]
  - name: Globex
    aliases: [Globex Bank]
sources: []
complaints:
  tiers:
    - name: agent
      owners: [dana, lee]
    - name: team lead
      owners: [maria]
    - name: head of customer service
    - name: executive
      owners: [sam]
"""
LINK_REASON = "same brand (Globex), filed 30 min before the storm began; shared term: card"
BOARD_ORDER = ["C-1", "C-4", "C-2", "C-6", "C-3"]


def _record(ref, created, text, brand="Acme Coffee", **fields) -> Complaint:
    return Complaint(ref, created, text, brand=brand, channel=fields.pop("channel", "email"),
                     customer=f"cust-{ref}", **fields)  # fmt: skip


def build_store(folder: Path, now: datetime = NOW) -> Path:
    """Write the config and the store described in the module docstring, its times
    relative to ``now``; returns the config's path."""
    path = folder / "sources.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(str(path))
    store = open_store(config.database)
    place = placement(config.complaints)
    try:

        def imported(records, at):
            upsert_complaints(store, records, place, "helpdesk.csv", actor="import:helpdesk.csv",
                              at=at)  # fmt: skip

        # a safety-critical complaint starts at the team lead with a 4 h SLA, misses it and
        # moves up once (a run before the others were imported, so only it moves)
        safety = "The driver hit me and I was injured; my lawyer will call you"
        imported([(_record("C-4", now - 7 * H - 40 * MIN, safety, owner="maria"), True)],
                 now - 7 * H - 30 * MIN)  # fmt: skip
        assert [e.to_tier for e in escalate_overdue(config, store, now - 3 * H - 30 * MIN)] == [
            "head of customer service"
        ]
        imported([
            (_record("C-1", now - 12 * H - 5 * MIN, "Lid came off, coffee burnt my hand",
                     priority="high", owner="dana"), False),
            (_record("C-2", now - 16 * H - 50 * MIN, "Order arrived cold", owner="lee",
                     channel="chat"), False),
            (_record("C-6", now - 2 * H, "Order arrived cold again", owner="lee",
                     status="pending"), False),
            (_record("C-3", now - H, "Card declined twice", brand="Globex", owner="lee",
                     channel="phone"), False),
            (_record("C-5", now - 30 * H, "Wrong order delivered", owner="dana"), False),
        ], now - 50 * MIN)  # fmt: skip
        resolve(config, store, "C-5", actor="lee", now=now - 20 * H, note="refund sent")
        storm = save_incident(store, Incident(
            brand="Globex", kind="volume", status="open", severity="warning",
            opened_at=now - 20 * MIN, updated_at=now - 10 * MIN, began_at=now - 30 * MIN,
            observed=12.0, expected=3.0, score=6.2, peak_score=6.2,
        ))  # fmt: skip
        rows = {r.external_id: r for r in ungrouped_complaints(store)}
        assert storm.id is not None
        save_link(store, rows["C-3"], storm.id, 0.82, LINK_REASON, now - 10 * MIN)
        save_group(store, rows["C-2"].id, [rows["C-6"]], {}, now - 10 * MIN)
    finally:
        store.close()
    return path


@pytest.fixture
def config_path(tmp_path) -> Path:
    """A fresh store per test: the action tests change it."""
    return build_store(tmp_path)


@pytest.fixture
def open_complaints(monkeypatch, config_path):
    """Run the Complaints page with the dashboard's clock pinned to NOW."""
    monkeypatch.setattr(data, "clock", lambda: NOW)

    def run(**query: str) -> AppTest:
        monkeypatch.setenv("MONITOR_CONFIG", str(config_path))
        at = AppTest.from_file(APP, default_timeout=30)
        at.switch_page("views/complaints.py")
        at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def board(at: AppTest):
    return at.dataframe[0].value


def history(at: AppTest) -> list[tuple[str, str, str, str]]:
    """The picked complaint's history: (who, what, what changed, note)."""
    events = at.dataframe[-1].value
    return [(e.actor, e.action, e.changes, e.note or "") for e in events.itertuples(index=False)]


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# formatting


def test_sla_countdown_reads_as_time_left_or_overdue():
    assert sla_countdown(NOW + 3 * H + 10 * MIN, NOW) == "due in 3 h 10 min"
    assert sla_countdown(NOW - 4 * H - 5 * MIN, NOW) == "4 h 5 min overdue"
    assert sla_countdown(NOW + 45 * MIN + timedelta(seconds=59), NOW) == "due in 45 min"
    assert sla_countdown(NOW + 2 * H, NOW) == "due in 2 h"
    assert sla_countdown(NOW - 50 * H, NOW) == "2 d 2 h overdue"
    assert sla_countdown(NOW + timedelta(seconds=30), NOW) == "due now"
    assert sla_countdown(None, NOW) == "no SLA"


def test_sla_state_turns_amber_under_a_quarter_and_red_when_past():
    sla = 20 * H
    assert sla_state(NOW + 5 * H, NOW, sla) == "on time"
    assert sla_state(NOW + 5 * H - MIN, NOW, sla) == "due soon"
    assert sla_state(NOW, NOW, sla) == "overdue"
    assert sla_state(None, NOW, sla) is None


def test_escalation_age_and_history_changes_read_as_text():
    assert escalation(2, "head of customer service") == "2 · head of customer service"
    assert age(NOW - 26 * H, NOW) == "26 h"
    assert change_line({"owner": ["dana", "lee"], "acknowledged_at": [None, NOW.isoformat()]}) == (
        "owner: dana → lee; acknowledged_at: — → 2026-11-20 14:00 UTC"
    )


# the board


def test_board_lists_unresolved_overdue_first_with_countdowns(open_complaints):
    at = open_complaints()
    assert texts(at.title) == ["Complaints"]
    assert metrics(at) == {
        "Unresolved": "5",
        "Overdue": "1",
        "Safety-critical": "1",
        "Linked to incidents": "1",
        "Median age": "8 h",  # C-4, filed 7 h 40 min ago
    }
    shown = board(at)
    assert list(shown["external_id"]) == BOARD_ORDER
    assert list(shown["sla"]) == [
        "4 h 5 min overdue", "due in 30 min", "due in 3 h 10 min", "due in 18 h", "due in 19 h",
    ]  # fmt: skip
    assert list(shown["level"]) == [
        "0 · agent", "2 · head of customer service", "0 · agent", "0 · agent", "0 · agent",
    ]  # fmt: skip
    assert list(shown["owner"]) == ["dana", "head of customer service", "lee", "lee", "lee"]
    assert list(shown["safety"]) == [False, True, False, False, False]
    assert list(shown["priority"]) == ["high", "normal", "normal", "normal", "normal"]
    assert list(shown["age"]) == ["12 h", "8 h", "17 h", "2 h", "1 h"]
    assert list(shown["cluster_size"]) == [1, 1, 2, 2, 1]
    linked = shown.set_index("external_id").loc["C-3"]
    assert linked["incident"] == "/incidents?incident=1"
    assert linked["link_reason"] == LINK_REASON
    assert at.expander[0].label == "Resolved (1)"
    assert list(at.dataframe[1].value["external_id"]) == ["C-5"]


def sla_colors(at: AppTest) -> dict[int, str]:
    """The board's countdown colours by row, from the Styler's CSS rules."""
    colors = {}
    for selectors, rule in re.findall(r"([^{}]+)\{([^}]*)\}", at.dataframe[0].proto.styler.styles):
        color = re.search(r"(?<!-)color: (#[0-9a-f]+)", rule)
        for row in re.findall(r"_row(\d+)_col0\b", selectors):
            colors[int(row)] = color.group(1) if color else ""
    return colors


def test_overdue_countdowns_are_red_and_nearly_due_ones_amber(open_complaints):
    at = open_complaints()
    # C-1 red; C-4 (30 min of 4 h left) and C-2 (3 h 10 min of 20 h) amber; the rest plain
    assert sla_colors(at) == {0: "#d32f2f", 1: "#b26a00", 2: "#b26a00"}


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        ("complaints_brand", "Globex", ["C-3"]),
        ("complaints_status", "pending", ["C-6"]),
        ("complaints_owner", "lee", ["C-2", "C-6", "C-3"]),
        ("complaints_tier", "head of customer service", ["C-4"]),
    ],
)
def test_filters_narrow_the_board(open_complaints, widget, value, expected):
    at = open_complaints()
    at.selectbox(key=widget).select(value).run()
    assert list(board(at)["external_id"]) == expected
    assert metrics(at)["Unresolved"] == str(len(expected))


def test_overdue_only(open_complaints):
    at = open_complaints()
    at.checkbox(key="complaints_overdue").check().run()
    assert list(board(at)["external_id"]) == ["C-1"]
    assert metrics(at)["Overdue"] == metrics(at)["Unresolved"] == "1"
    at.selectbox(key="complaints_brand").select("Globex").run()
    assert texts(at.info) == ["No unresolved complaints match these filters."]
    assert metrics(at)["Median age"] == "—"


# one complaint in full


def test_the_first_complaint_is_open_with_its_sla_in_red(open_complaints):
    at = open_complaints()
    assert at.selectbox(key="complaints_pick").value == 2  # C-1, the most overdue
    assert at.query_params["complaint"] == ["2"]
    said = texts(at.markdown)
    assert "**SLA:** :red[**4 h 5 min overdue**] (due 2026-11-20 09:55 UTC)" in said
    assert "Lid came off, coffee burnt my hand" in at.get("html")[0].proto.body
    assert history(at) == [
        (
            "import:helpdesk.csv",
            "imported",
            "brand: — → Acme Coffee; channel: — → email; customer: — → cust-C-1; "
            "text: — → Lid came off, coffee burnt my hand; priority: — → high; "
            "status: — → open; owner: — → dana; level: — → 0; tier: — → agent; "
            "safety: — → no; sla_due_at: — → 2026-11-20 09:55 UTC",
            "",
        )
    ]


def test_the_detail_shows_escalation_history_link_and_cluster(open_complaints):
    at = open_complaints(complaint="C-4")  # the address an owner's notification carries
    said = "\n".join(texts(at.markdown))
    assert "**SLA:** :orange[**due in 30 min**] (due 2026-11-20 14:30 UTC)" in said
    assert "**Escalation:** 2 · head of customer service" in said
    assert ":red-badge[safety-critical]" in said
    assert history(at)[-1] == (
        "monitor",
        "escalated",
        "level: 1 → 2; tier: team lead → head of customer service; "
        "owner: maria → head of customer service; "
        "sla_due_at: 2026-11-20 10:20 UTC → 2026-11-20 14:30 UTC",
        "",
    )
    at.selectbox(key="complaints_pick").select(5).run()  # C-3, by its number
    said = "\n".join(texts(at.markdown))
    assert f"**Incident:** [#1](/incidents?incident=1) · {LINK_REASON}, score 0.82" in said
    assert history(at)[-1][:2] == ("monitor", "linked")
    at.selectbox(key="complaints_pick").select(3).run()  # C-2, grouped with C-6
    assert "**Cluster:** 2 complaints about the same issue" in "\n".join(texts(at.markdown))


def test_an_unknown_complaint_in_the_address_is_a_warning(open_complaints):
    at = open_complaints(complaint="C-999")
    assert texts(at.warning) == [
        "` complaint=C-999 ` in the address is not a complaint in this database."
    ]
    assert at.selectbox(key="complaints_pick").value == 2  # the board's first


# actions


def test_acknowledge_with_a_name_is_recorded_and_shown(open_complaints):
    at = open_complaints()
    at.text_input(key="complaint_actor").input("Priya")
    at.text_input(key="complaint_note").input("called the customer back")
    button(at, "Acknowledge").click().run()
    assert not at.exception and not at.error
    assert texts(at.success) == ["C-1 acknowledged by Priya at 2026-11-20 14:00 UTC."]
    assert history(at)[-1] == (
        "Priya",
        "acknowledged",
        "acknowledged_at: — → 2026-11-20 14:00 UTC; status: open → acknowledged",
        "called the customer back",
    )
    assert board(at)["status"].iloc[0] == "acknowledged"  # the board read again
    assert at.text_input(key="complaint_note").value == ""  # a note is for one action
    assert at.text_input(key="complaint_actor").value == "Priya"

    button(at, "Acknowledge").click().run()  # once only: monitor.ownership says why not
    assert texts(at.error) == ["C-1 was already acknowledged at 2026-11-20 14:00 UTC"]
    assert len(history(at)) == 2


def test_an_action_without_a_name_is_refused(open_complaints):
    at = open_complaints()
    button(at, "Acknowledge").click().run()
    assert texts(at.error) == [NO_NAME]
    assert [h[1] for h in history(at)] == ["imported"]
    assert board(at)["status"].iloc[0] == "open"


def test_assign_to_a_tier_owner_or_anyone(open_complaints):
    at = open_complaints()
    at.text_input(key="complaint_actor").input("Priya")
    button(at, "Assign").click().run()
    assert texts(at.error) == [
        "Choose an owner, or write the name of another person, to assign it to."
    ]
    assert at.selectbox(key="complaint_owner").options == [
        "dana (agent)", "lee (agent)", "maria (team lead)", "head of customer service",
        "sam (executive)",
    ]  # fmt: skip
    at.selectbox(key="complaint_owner").select("maria")
    button(at, "Assign").click().run()
    assert texts(at.success) == ["C-1 assigned to maria by Priya at 2026-11-20 14:00 UTC."]
    assert board(at)["owner"].iloc[0] == "maria"
    at.text_input(key="complaint_other").input("Ana from legal")
    button(at, "Assign").click().run()  # the name typed wins over the list
    assert history(at)[-1][:3] == ("Priya", "assigned", "owner: maria → Ana from legal")


def test_resolve_moves_it_to_resolved_and_reopen_brings_it_back(open_complaints):
    at = open_complaints()
    at.text_input(key="complaint_actor").input("Priya")
    button(at, "Resolve").click().run()
    assert texts(at.success) == ["C-1 resolved by Priya at 2026-11-20 14:00 UTC."]
    assert list(board(at)["external_id"]) == BOARD_ORDER[1:]
    assert at.expander[0].label == "Resolved (2)"
    assert list(at.dataframe[1].value["external_id"]) == ["C-1", "C-5"]  # the latest first
    assert at.selectbox(key="complaints_pick").value == 2  # still open in the detail
    assert "**SLA:** resolved 2026-11-20 14:00 UTC" in texts(at.markdown)

    button(at, "Resolve").click().run()
    assert texts(at.error) == ["cannot resolve C-1: it is resolved; reopen it first"]
    button(at, "Reopen").click().run()
    assert texts(at.success) == ["C-1 reopened by Priya at 2026-11-20 14:00 UTC."]
    # a fresh 8 h clock from now, at its tier
    assert board(at).set_index("external_id").loc["C-1", "sla"] == "due in 8 h"
    assert [h[1] for h in history(at)] == ["imported", "resolved", "reopened"]


def test_empty_store_says_what_to_do(monkeypatch, tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/complaints.py")
    at.run()
    assert texts(at.info) == [
        "No complaint records yet: import a helpdesk export with "
        "`monitor complaints import FILE.csv`."
    ]
    assert not at.metric and not at.dataframe


def test_escalate_moves_the_complaint_and_its_group_up_together(open_complaints):
    at = open_complaints()
    at.selectbox(key="complaints_pick").select(3).run()  # C-2, grouped with C-6
    at.text_input(key="complaint_actor").input("Priya")
    button(at, "Escalate").click().run()
    assert not at.exception and not at.error
    assert texts(at.success)[0].startswith("C-2 escalated with its group by Priya at ")
    last = history(at)[-1]
    assert (last[0], last[1], last[3]) == ("Priya", "escalated", "with its group of 2")
