"""One owner at a time, an SLA clock, one tier up per missed SLA, the new owner told.

Records come in through the real import (a CSV export, as a helpdesk writes it) and
every time-dependent call gets its ``now``; notifications go through the real outbox
to a webhook receiver and an SMTP server on 127.0.0.1.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from click.testing import CliRunner

from monitor.alerts import dispatch_alerts
from monitor.cli import cli
from monitor.complaints import import_complaints
from monitor.errors import InputError
from monitor.ownership import (
    TOP_TIER_NOTE,
    ActionError,
    Escalation,
    acknowledge,
    assign,
    assign_unowned,
    escalate_overdue,
    reopen,
    resolve,
)
from monitor.pipeline import Pipeline
from monitor.runner import run_cycle
from monitor.store import open_store
from monitor.store.alerts import list_ops_alerts
from monitor.store.complainthistory import complaint_history
from monitor.store.complaints import list_complaints

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
H = timedelta(hours=1)

CONFIG = """
database: "{database}"
brands:
  - {{name: Skyline Air}}
alerts:
  dashboard_url: http://dash.example
  channels:
{channels}
complaints:
  sla: 20h
  tiers:
{tiers}
  notify: {notify}
"""
TIERS = """\
    - {name: agent, owners: [Ana, Dan, Li]}
    - {name: team lead, owners: [Maria, Tom]}
    - {name: head of customer service, sla: 30h}
    - {name: executive, owners: [Eve], sla: 2h}
"""
HEADER = "id,created_at,text,priority,status,owner\n"
_exports = count(1)


def setup(write_config, database, tiers=TIERS, channels="    []", notify="[]"):
    config = write_config(
        CONFIG.format(database=database, channels=channels, tiers=tiers, notify=notify)
    )
    return config, open_store(config.database)


def load(config, store, tmp_path, rows: list[tuple], now=NOW) -> None:
    """Import rows (id, created_at, text, priority, status, owner) as a helpdesk export."""
    path = tmp_path / f"export-{next(_exports)}.csv"
    lines = [",".join(f'"{v}"' if isinstance(v, str) else _iso(v) for v in r) for r in rows]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    report = import_complaints(config, store, path, now=now)
    assert report.errors == []


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def records(store) -> dict[str, dict]:
    return {r["external_id"]: r for r in list_complaints(store)}


def actions(store, complaint_id: int) -> list[tuple]:
    return [
        (e["action"], e["actor"], e["at"], e["note"])
        for e in complaint_history(store, complaint_id)
        if e["action"] not in ("imported", "updated")
    ]


def subject(message) -> str:
    """An email's subject, unfolded (a long header is folded over lines on the wire)."""
    return " ".join(str(message["Subject"]).split())


# --- assignment -----------------------------------------------------------------------


def test_a_new_complaint_goes_to_the_least_loaded_owner_of_its_tier(
    write_config, database_url, tmp_path
):
    config, store = setup(write_config, database_url)
    bag = "Skyline Air lost my bag"
    load(config, store, tmp_path, [
        ("ZD-1", NOW - 3 * H, bag, "normal", "open", "Ana"),
        ("ZD-2", NOW - 3 * H, bag, "normal", "pending", "Ana"),
        ("ZD-3", NOW - 3 * H, bag, "normal", "open", "Dan"),
        ("ZD-4", NOW - 3 * H, bag, "normal", "Closed", "Dan"),  # resolved: not a load
        ("ZD-5", NOW - 2 * H, bag, "normal", "open", ""),
        ("ZD-6", NOW - 90 * timedelta(minutes=1), bag, "normal", "open", ""),
        ("ZD-7", NOW - 1 * H, bag, "normal", "open", ""),
        ("ZD-8", NOW - 1 * H, bag, "normal", "done", ""),  # resolved: left alone
    ])  # fmt: skip

    assert assign_unowned(config, store, NOW) == 3
    owners = {ref: r["owner"] for ref, r in records(store).items()}
    # loads Ana 2, Dan 1, Li 0 -> Li; then Dan and Li tie at 1 -> Dan (listed first) -> Li
    assert owners == {
        "ZD-1": "Ana", "ZD-2": "Ana", "ZD-3": "Dan", "ZD-4": "Dan",
        "ZD-5": "Li", "ZD-6": "Dan", "ZD-7": "Li", "ZD-8": None,
    }  # fmt: skip
    zd5 = records(store)["ZD-5"]
    assert (zd5["level"], zd5["tier"]) == (0, "agent")
    (event,) = [e for e in complaint_history(store, zd5["id"]) if e["action"] == "assigned"]
    assert (event["actor"], event["at"], event["changes"]["owner"]) == (
        "monitor",
        NOW,
        [None, "Li"],
    )

    assert assign_unowned(config, store, NOW + H) == 0  # nothing left without an owner


def test_a_tier_without_owners_is_the_owner_a_queue(write_config, tmp_path):
    tiers = "    - {name: front desk}\n    - {name: supervisors, owners: [Sam]}\n"
    config, store = setup(write_config, f"sqlite:///{tmp_path}/m.db", tiers=tiers)
    load(config, store, tmp_path, [("Q-1", NOW - 21 * H, "Where is my refund?", "", "", "")])

    assign_unowned(config, store, NOW)
    assert records(store)["Q-1"]["owner"] == "front desk"
    (moved,) = escalate_overdue(config, store, NOW)
    assert moved.describe() == (
        "complaint Q-1 escalated front desk -> supervisors: Sam, due 2026-11-23 08:00 UTC"
    )


def test_a_complaint_past_its_sla_at_the_top_without_an_owner_gets_one(write_config, tmp_path):
    tiers = "    - {name: front desk}\n    - {name: supervisors, owners: [Sam]}\n"
    config, store = setup(write_config, f"sqlite:///{tmp_path}/m.db", tiers=tiers)
    text = "My lawyer will write to you"  # safety-critical: starts at the second tier, the top
    load(config, store, tmp_path, [("Q-2", NOW - 5 * H, text, "", "", "")])

    (flagged,) = escalate_overdue(config, store, NOW)  # before any assignment ran
    assert (flagged.from_tier, flagged.to_tier, flagged.owner) == ("supervisors",) * 2 + ("Sam",)
    assert records(store)["Q-2"]["owner"] == "Sam"


# --- escalation -----------------------------------------------------------------------


def test_escalation_moves_one_tier_per_missed_sla_up_to_the_top(
    write_config, database_url, tmp_path
):
    config, store = setup(write_config, database_url)
    created = NOW - 21 * H  # SLA 20 h: due an hour ago
    load(config, store, tmp_path, [("ZD-1", created, "Skyline Air lost my bag", "", "", "")])
    assign_unowned(config, store, NOW)
    cid = records(store)["ZD-1"]["id"]

    runs = [escalate_overdue(config, store, NOW) for _ in range(5)]  # a cycle every 20 s
    assert (
        runs == [[Escalation(cid, "ZD-1", "agent", "team lead", "Maria", NOW + 20 * H)]] + [[]] * 4
    )
    row = records(store)["ZD-1"]
    assert (row["level"], row["tier"], row["owner"]) == (1, "team lead", "Maria")
    assert row["sla_due_at"] == NOW + 20 * H
    (first,) = [e for e in complaint_history(store, cid) if e["action"] == "escalated"]
    assert first["actor"] == "monitor"
    assert first["changes"] == {
        "level": [0, 1],
        "tier": ["agent", "team lead"],
        "owner": ["Ana", "Maria"],
        "sla_due_at": [(created + 20 * H).isoformat(), (NOW + 20 * H).isoformat()],
    }
    assert escalate_overdue(config, store, NOW + 19 * H) == []  # still within its SLA

    t2 = NOW + 20 * H + timedelta(minutes=1)
    t3 = t2 + 30 * H + timedelta(minutes=1)  # the head's own SLA is 30 h
    t4 = t3 + 2 * H + timedelta(minutes=1)  # the executive tier's own SLA is 2 h
    assert [e.describe() for e in escalate_overdue(config, store, t2)] == [
        "complaint ZD-1 escalated team lead -> head of customer service, due 2026-11-24 14:01 UTC"
    ]
    assert escalate_overdue(config, store, t3) == [
        Escalation(cid, "ZD-1", "head of customer service", "executive", "Eve", t3 + 2 * H)
    ]
    # the top: it stays, and the missed SLA is flagged once however long it waits
    top = [escalate_overdue(config, store, t) for t in (t4, t4, t4 + H, t4 + 48 * H)]
    assert top == [
        [Escalation(cid, "ZD-1", "executive", "executive", "Eve", t3 + 2 * H)],
        [],
        [],
        [],
    ]
    assert top[0][0].describe() == (
        "complaint ZD-1 past its SLA at the top tier (executive: Eve), was due 2026-11-24 16:02 UTC"
    )
    assert [(a, at, note) for a, _, at, note in actions(store, cid)] == [
        ("assigned", NOW, None),
        ("escalated", NOW, None),
        ("escalated", t2, None),
        ("escalated", t3, None),
        ("escalated", t4, TOP_TIER_NOTE),
    ]

    # reopened later, it gets a new SLA at the top, and missing that one is a new breach
    t5 = t4 + 50 * H
    resolve(config, store, "ZD-1", "Eve", t5)
    reopen(config, store, "ZD-1", "Eve", t5 + H)
    assert escalate_overdue(config, store, t5 + 2 * H) == []
    assert len(escalate_overdue(config, store, t5 + 4 * H)) == 1
    assert escalate_overdue(config, store, t5 + 5 * H) == []


def test_a_safety_complaint_starts_at_the_second_tier_with_a_4_hour_sla(
    write_config, database_url, tmp_path
):
    config, store = setup(write_config, database_url)
    created = NOW - 5 * H
    text = "Skyline Air driver hit my son, he is in hospital"
    load(config, store, tmp_path, [("ZD-9", created, text, "low", "open", "")])
    row = records(store)["ZD-9"]
    assert (row["safety"], row["level"], row["tier"]) == (True, 1, "team lead")
    assert row["sla_due_at"] == created + 4 * H  # safety_sla, not the 48 h of "low"

    assign_unowned(config, store, NOW)
    assert records(store)["ZD-9"]["owner"] == "Maria"
    (moved,) = escalate_overdue(config, store, NOW)
    assert (moved.to_tier, moved.owner, moved.due) == (
        "head of customer service",
        "head of customer service",
        NOW + 4 * H,  # safety_sla, shorter than the head tier's 30 h
    )
    (moved,) = escalate_overdue(config, store, NOW + 5 * H)
    assert (moved.to_tier, moved.owner, moved.due) == ("executive", "Eve", NOW + 7 * H)


def test_workers_running_the_same_cycle_escalate_each_complaint_once(
    write_config, database_url, tmp_path
):
    tiers = "    - {name: agent, owners: [Ana]}\n    - {name: team lead, owners: [Maria, Tom]}\n"
    config, store = setup(write_config, database_url, tiers=tiers)
    rows = [(f"ZD-{i}", NOW - 21 * H, "Skyline Air lost my bag", "", "", "Ana") for i in range(8)]
    load(config, store, tmp_path, rows)

    def race(now: datetime) -> list[str]:
        """Four workers, each with its own connections, run the cycle's escalation at once."""
        start = threading.Barrier(4)
        results: list[list[Escalation]] = []

        def worker():
            own = open_store(config.database)
            start.wait()
            results.append(escalate_overdue(config, own, now))
            own.close()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(e.external_id for run in results for e in run)

    assert race(NOW) == sorted(r[0] for r in rows)  # each moved up once, by one worker
    assert {r["level"] for r in records(store).values()} == {1}
    assert {r["owner"] for r in records(store).values()} <= {"Maria", "Tom"}
    assert race(NOW + 21 * H) == sorted(r[0] for r in rows)  # at the top: flagged once
    for row in records(store).values():
        escalated = [e for e in complaint_history(store, row["id"]) if e["action"] == "escalated"]
        assert [e["note"] for e in escalated] == [None, TOP_TIER_NOTE]


# --- people's actions -----------------------------------------------------------------


def test_acknowledge_assign_resolve_reopen_are_recorded_with_who_and_when(
    write_config, database_url, tmp_path
):
    config, store = setup(write_config, database_url)
    load(config, store, tmp_path, [("ZD-1", NOW - H, "Skyline Air lost my bag", "", "", "Ana")])
    cid = records(store)["ZD-1"]["id"]

    acked = acknowledge(config, store, "ZD-1", "Ana", NOW, note="called back")
    assert (acked["status"], acked["acknowledged_at"]) == ("acknowledged", NOW)
    moved = assign(config, store, cid, "Dan", "Maria", NOW + H)  # by number as well
    assert moved["owner"] == "Dan"
    done = resolve(config, store, str(cid), "Dan", NOW + 2 * H, note="refunded")
    assert (done["status"], done["resolved_at"], done["acknowledged_at"]) == (
        "resolved",
        NOW + 2 * H,
        NOW,
    )
    again = reopen(config, store, "ZD-1", "Maria", NOW + 3 * H)
    assert (again["status"], again["resolved_at"]) == ("open", None)
    assert again["sla_due_at"] == NOW + 23 * H  # the agent tier's 20 h, from the reopening
    assert again == records(store)["ZD-1"]  # what the call returns is what is stored

    assert actions(store, cid) == [
        ("acknowledged", "Ana", NOW, "called back"),
        ("assigned", "Maria", NOW + H, None),
        ("resolved", "Dan", NOW + 2 * H, "refunded"),
        ("reopened", "Maria", NOW + 3 * H, None),
    ]
    history = complaint_history(store, cid)
    assert history[-3]["changes"] == {"owner": ["Ana", "Dan"]}
    assert history[-2]["changes"] == {
        "status": ["acknowledged", "resolved"],
        "resolved_at": [None, (NOW + 2 * H).isoformat()],
    }


def test_refused_actions_are_one_line_errors_that_change_nothing(write_config, tmp_path):
    config, store = setup(write_config, f"sqlite:///{tmp_path}/m.db")
    load(config, store, tmp_path, [("ZD-1", NOW - H, "Skyline Air lost my bag", "", "", "Ana")])
    acknowledge(config, store, "ZD-1", "Ana", NOW)
    before = len(complaint_history(store, 1))

    def refused(call, *args) -> str:
        with pytest.raises(ActionError) as caught:
            call(config, store, *args)
        return str(caught.value)

    assert refused(acknowledge, "ZD-1", "Dan", NOW) == (
        "ZD-1 was already acknowledged at 2026-11-22 12:00 UTC"
    )
    assert refused(assign, "ZD-1", "Ana", "Maria", NOW) == "ZD-1 is already owned by Ana"
    assert refused(reopen, "ZD-1", "Ana", NOW) == (
        "ZD-1 is not resolved (status acknowledged): nothing to reopen"
    )
    assert refused(resolve, "ZD-404", "Ana", NOW) == (
        "no complaint ZD-404: see 'monitor complaints list' for the ids"
    )
    assert refused(resolve, "ZD-1", "  ", NOW) == (
        "say who acts (--by NAME): every action is recorded with who did it"
    )
    assert len(complaint_history(store, 1)) == before
    resolve(config, store, "ZD-1", "Ana", NOW)
    for call, args in ((resolve, ()), (acknowledge, ()), (assign, ("Dan",))):
        verb = call.__name__
        assert refused(call, "ZD-1", *args, "Ana", NOW) == (
            f"cannot {verb} ZD-1: it is resolved; reopen it first"
        )
    assert issubclass(ActionError, InputError)


# --- notifications --------------------------------------------------------------------


def test_the_new_owner_is_told_by_webhook_and_email_once(
    write_config, tmp_path, webhook, smtp_server
):
    controller, mail = smtp_server
    channels = f"""\
    - {{name: cs-hook, type: webhook, url: "{webhook.url}"}}
    - {{name: cs-mail, type: email, smtp_host: 127.0.0.1, smtp_port: {controller.port},
        sender: monitor@example.com, to: [cs@example.com], audience: ops}}
    - {{name: board, type: webhook, url: "{webhook.url}/board"}}
"""
    config, store = setup(
        write_config,
        f"sqlite:///{tmp_path}/m.db",
        channels=channels,
        notify="[cs-hook, cs-mail]",
    )
    text = "Skyline Air lost my bag " + "and nobody answers " * 20
    load(config, store, tmp_path, [("ZD-1", NOW - 21 * H, text, "", "", "")])
    cid = records(store)["ZD-1"]["id"]

    report = Pipeline(config, store).after_collect(NOW)
    assert report.complaints_assigned == 1
    assert [e.describe() for e in report.escalations] == [
        "complaint ZD-1 escalated agent -> team lead: Maria, due 2026-11-23 08:00 UTC"
    ]
    Pipeline(config, store).after_collect(NOW + timedelta(seconds=20))  # the next cycle

    # the board channel is not in complaints.notify: it hears nothing
    assigned, escalated = webhook.received
    assert (assigned["type"], assigned["owner"], assigned["tier"]) == (
        "complaint.assigned",
        "Ana",
        "agent",
    )
    assert escalated == escalated | {
        "type": "complaint.escalated",
        "complaint_id": cid,
        "external_id": "ZD-1",
        "brand": "Skyline Air",
        "owner": "Maria",
        "tier": "team lead",
        "previous_tier": "agent",
        "due": (NOW + 20 * H).isoformat(),
        "link": f"http://dash.example/complaints?complaint={cid}",
        "severity": "warning",
    }
    assert escalated["text"].startswith("Skyline Air lost my bag and nobody answers")
    assert len(escalated["text"]) <= 200 and escalated["text"].endswith("and\u2026")

    subjects = [subject(m) for m in mail.messages]
    assert subjects == [
        "[COMPLAINT] ZD-1 assigned to Ana (agent), due 2026-11-22 11:00 UTC",
        "[COMPLAINT] ZD-1 escalated to team lead: Maria, due 2026-11-23 08:00 UTC",
    ]
    (plain,) = [p for p in mail.messages[1].walk() if p.get_content_type() == "text/plain"]
    body = plain.get_payload(decode=True).decode()
    assert "Skyline Air, priority normal, was at agent" in body
    assert f"Open the complaint: http://dash.example/complaints?complaint={cid}" in body
    sent = list_ops_alerts(store)  # one per owner and moment: Ana's, then Maria's
    assert [(r["topic"], r["channel"], r["event"], r["status"]) for r in sent] == [
        ("owner:Ana", "cs-hook", "assigned", "sent"),
        ("owner:Ana", "cs-mail", "assigned", "sent"),
        ("owner:Maria", "cs-hook", "escalated", "sent"),
        ("owner:Maria", "cs-mail", "escalated", "sent"),
    ]

    # a person hands it to the other team lead: Tom is told; the queue is a queue
    assign(config, store, "ZD-1", "Tom", "Maria", NOW + H)
    dispatch_alerts(config, store, NOW + H)
    assert webhook.received[-1]["owner"] == "Tom"
    assert subject(mail.messages[-1]) == (
        "[COMPLAINT] ZD-1 assigned to Tom (team lead), due 2026-11-23 08:00 UTC"
    )
    escalate_overdue(config, store, NOW + 21 * H)
    dispatch_alerts(config, store, NOW + 21 * H)
    assert subject(mail.messages[-1]) == (
        "[COMPLAINT] ZD-1 escalated to head of customer service (queue), due 2026-11-24 15:00 UTC"
    )


def test_a_cycle_prints_its_escalations(write_config, tmp_path, capsys):
    config, store = setup(write_config, f"sqlite:///{tmp_path}/m.db")
    load(config, store, tmp_path, [("ZD-1", NOW - 21 * H, "Skyline Air lost my bag", "", "", "")])
    run_cycle(config, store, NOW)
    assert (
        "12:00:00 complaint ZD-1 escalated agent -> team lead: Maria, due 2026-11-23 08:00 UTC"
    ) in capsys.readouterr().err.splitlines()


# --- the command line -----------------------------------------------------------------


@pytest.fixture
def cli_setup(tmp_path, write_config):
    """A config file and an export with one complaint past its SLA by the real clock."""
    setup(write_config, f"sqlite:///{tmp_path}/m.db")
    created = datetime.now(UTC) - 21 * H
    export = tmp_path / "tickets.csv"
    export.write_text(HEADER + f'ZD-1,{_iso(created)},"Skyline Air lost my bag",,,\n')
    config_path = str(tmp_path / "sources.yaml")

    def run(*args: str):
        return CliRunner().invoke(cli, ["--config", config_path, *args])

    assert run("complaints", "import", str(export)).exit_code == 0
    return run, config_path


def test_cli_acts_on_complaints_and_records_who(cli_setup):
    run, config_path = cli_setup
    before = datetime.now(UTC)

    result = run("complaints", "ack", "ZD-1", "--by", "Ana", "--note", "called back")
    assert (result.exit_code, result.output) == (
        0,
        "ZD-1: acknowledged by Ana, status acknowledged\n",
    )
    result = run("complaints", "assign", "ZD-1", "Dan", "--by", "Ana")
    assert result.exit_code == 0 and result.output.startswith("ZD-1: owner Dan (by Ana), due ")
    result = run("complaints", "escalate")
    lines = result.output.splitlines()
    assert lines[0].startswith("complaint ZD-1 escalated agent -> team lead: Maria, due ")
    assert lines[1:] == ["1 complaint escalated"]
    assert run("complaints", "escalate").output == "nothing to escalate\n"
    assert run("complaints", "resolve", "ZD-1", "--by", "Maria").output == (
        "ZD-1: resolved by Maria\n"
    )
    result = run("complaints", "reopen", "ZD-1", "--by", "Maria")
    assert result.output.startswith("ZD-1: reopened by Maria, team lead (Maria), due ")

    store = open_store(f"sqlite:///{config_path.rsplit('/', 1)[0]}/m.db")
    cid = records(store)["ZD-1"]["id"]
    events = actions(store, cid)
    assert [(a, who, note) for a, who, _, note in events] == [
        ("acknowledged", "Ana", "called back"),
        ("assigned", "Ana", None),
        ("escalated", "monitor", None),
        ("resolved", "Maria", None),
        ("reopened", "Maria", None),
    ]
    assert all(before <= at <= datetime.now(UTC) for _, _, at, _ in events)


def test_cli_refusals_are_one_line_errors(cli_setup):
    run, config_path = cli_setup
    result = run("complaints", "ack", "ZD-404", "--by", "Ana")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no complaint ZD-404: see 'monitor complaints list' for the ids\n",
    )
    result = run("complaints", "resolve", "ZD-1")
    assert result.exit_code == 2 and "Missing option '--by'" in result.output
    assert run("complaints", "resolve", "ZD-1", "--by", "Ana").exit_code == 0
    process = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", config_path]
        + ["complaints", "resolve", "ZD-1", "--by", "Ana"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (process.returncode, process.stdout, process.stderr) == (
        1,
        "",
        "Error: cannot resolve ZD-1: it is resolved; reopen it first\n",
    )


def test_detect_reports_escalations(cli_setup):
    run, _ = cli_setup
    result = run("detect")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("complaint ZD-1 escalated agent -> team lead: Maria, due ")
    assert ", 1 escalated, " in lines[-1]


def test_a_group_of_complaints_about_one_issue_is_escalated_as_one(
    write_config, database_url, tmp_path
):
    from monitor.linking import link_complaints
    from monitor.ownership import escalate_group

    config, store = setup(write_config, database_url)
    texts = {
        "G-1": "Skyline Air lost my bag, order ORD-2231, nobody answers",
        "G-2": "Skyline Air: bag lost again on ORD-2231, I want a refund",
        "G-3": "ORD-2231 Skyline Air baggage lost, third email",
        "S-1": "Skyline Air seat was broken on my flight to Oslo",
    }
    rows = [
        (key, NOW - (5 - i) * H, text, "high" if key == "G-3" else "normal", "open", "")
        for i, (key, text) in enumerate(texts.items())
    ]
    load(config, store, tmp_path, rows)
    link_complaints(config, store, NOW)
    assign_unowned(config, store, NOW)
    before = records(store)
    assert before["G-1"]["cluster_id"] == before["G-2"]["cluster_id"] == before["G-3"]["cluster_id"]
    assert before["S-1"]["cluster_id"] != before["G-1"]["cluster_id"]

    moved = escalate_group(config, store, "G-2", "Maria", NOW, note="same bag, one answer")
    assert [r["external_id"] for r in moved] == ["G-2", "G-1", "G-3"]
    after = records(store)
    assert {after[g]["tier"] for g in ("G-1", "G-2", "G-3")} == {"team lead"}
    assert len({after[g]["owner"] for g in ("G-1", "G-2", "G-3")}) == 1  # one owner for the issue
    assert after["G-3"]["sla_due_at"] == NOW + 8 * H  # its own priority's clock, from now
    assert after["S-1"]["tier"] == "agent"  # another issue stays where it was
    assert actions(store, after["G-1"]["id"])[-1] == (
        "escalated",
        "Maria",
        NOW,
        "same bag, one answer",
    )

    alone = escalate_group(config, store, "S-1", "Maria", NOW)
    assert [r["external_id"] for r in alone] == ["S-1"] and alone[0]["tier"] == "team lead"
    for _ in range(2):
        escalate_group(config, store, "S-1", "Maria", NOW)
    with pytest.raises(ActionError, match="S-1 is at the top tier \\(executive\\) already"):
        escalate_group(config, store, "S-1", "Maria", NOW)

    result = CliRunner().invoke(
        cli, ["--config", config.path, "complaints", "escalate", "G-1", "--by", "Tom"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("G-1, G-2, G-3: escalated by Tom to head of customer service")


def test_a_cycle_that_moves_many_complaints_sends_each_owner_one_digest(
    write_config, tmp_path, webhook, smtp_server
):
    controller, mail = smtp_server
    channels = f"""\
    - {{name: cs-hook, type: webhook, url: "{webhook.url}"}}
    - {{name: cs-mail, type: email, smtp_host: 127.0.0.1, smtp_port: {controller.port},
        sender: monitor@example.com, to: [cs@example.com]}}
"""
    tiers = "    - {name: agent, owners: [Ana]}\n    - {name: team lead, owners: [Maria]}\n"
    config, store = setup(
        write_config, f"sqlite:///{tmp_path}/m.db", tiers=tiers, channels=channels,
        notify="[cs-hook, cs-mail]",
    )  # fmt: skip
    rows = [
        (f"ZD-{i}", NOW - (30 + i) * H, f"Skyline Air complaint number {i}", "", "", "")
        for i in range(25)
    ]
    load(config, store, tmp_path, rows)
    report = Pipeline(config, store).after_collect(NOW)
    assert report.complaints_assigned == 25 and len(report.escalations) == 25
    # Ana was given 25, then all 25 moved up to Maria: two messages per channel, not 100
    assigned, escalated = webhook.received
    assert (assigned["owner"], 1 + len(assigned["more"])) == ("Ana", 25)
    assert (escalated["owner"], 1 + len(escalated["more"])) == ("Maria", 25)
    subjects = [subject(m) for m in mail.messages]
    assert subjects == [
        "[COMPLAINT] 25 complaints assigned to Ana (agent)",
        "[COMPLAINT] 25 complaints escalated to Maria (team lead)",
    ]
    (plain,) = [p for p in mail.messages[1].walk() if p.get_content_type() == "text/plain"]
    body = plain.get_payload(decode=True).decode()
    assert "- ZD-24 (due 2026-11-23 08:00 UTC): Skyline Air complaint number 24" in body
    assert body.rstrip().endswith("- and 5 more")
