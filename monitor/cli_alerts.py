"""``monitor alerts list|ack|silence|silences|unsilence``: what was sent, who saw it,
what is muted.

The same records the dashboard shows: both outboxes (incident alerts and ops alerts),
acknowledgements (:mod:`monitor.store.acks`, recorded ``via="cli"``) and silences
(:mod:`monitor.store.silences`). Every action names who did it (``--by``). A refused
action (an unknown incident or silence, a silence that would mute everything or last
too long) is a one-line error with exit code 1; an unreadable value exits with 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from monitor.alertsettings import KINDS, SEVERITIES
from monitor.durations import parse_duration

__all__ = ["MAX_SILENCE", "STATUSES", "register"]

# What an outbox row's status can be: pending | sent | failed, or never sent and why.
STATUSES = ("pending", "sent", "failed", "silenced", "inhibited", "deduplicated")
MAX_SILENCE = timedelta(days=30)

_BY = "Who does it (recorded with it)."


def when(moment: datetime | None) -> str:
    """``2026-11-22 17:05 UTC``, or ``-``."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if moment else "-"


# --- alerts list ----------------------------------------------------------------------


def outbox_rows(
    store,
    incident: int | None = None,
    status: str | None = None,
    channel: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Rows of both outboxes, newest first, each with ``outbox`` ("alerts" or "ops")."""
    from monitor.store.alerts import list_alerts, list_ops_alerts

    rows = [{**r, "outbox": "alerts"} for r in list_alerts(store, incident)]
    if incident is None:
        rows += [{**r, "outbox": "ops"} for r in list_ops_alerts(store)]
    rows = [
        r
        for r in rows
        if (status is None or r["status"] == status)
        and (channel is None or r["channel"] == channel)
    ]
    rows.sort(key=lambda r: (r["created_at"], r["outbox"] == "alerts", r["id"]), reverse=True)
    return rows[:limit]


def alert_line(row: dict[str, Any]) -> str:
    """``alert#12  created ...  sent ...  pr-lead  incident 3 opened  sent  note``."""
    if row["outbox"] == "alerts":
        ident, what = f"alert#{row['id']}", f"incident {row['incident_id']} {row['event']}"
    else:
        ident, what = f"ops#{row['id']}", f"{row['topic']} {row['event']}"
    sent = f"sent {when(row['sent_at'])}" if row["sent_at"] else "not sent"
    why = " ".join(str(row.get("note") or row["last_error"] or "").split())
    return "\t".join(
        (
            ident,
            f"created {when(row['created_at'])}",
            sent,
            row["channel"],
            what,
            row["status"],
            why,
        )
    ).rstrip()


# --- alerts ack -----------------------------------------------------------------------


def covered(store, incident_id: int, at: datetime) -> list[dict[str, Any]]:
    """The incident's alerts sent at or before ``at``: what acknowledging it covers."""
    from monitor.store.alerts import list_alerts

    return [
        r
        for r in list_alerts(store, incident_id)
        if r["status"] == "sent" and r["sent_at"] is not None and r["sent_at"] <= at
    ]


def ack_line(incident, by: str, at: datetime, sent: list[dict[str, Any]]) -> str:
    """``incident 12 (Acme) acknowledged by Maria at ... UTC; covers 3 alerts sent to ...``"""
    line = f"incident {incident.id} ({incident.brand}) acknowledged by {by} at {when(at)}; "
    if sent:
        channels = ", ".join(dict.fromkeys(r["channel"] for r in sent))
        noun = "alert" if len(sent) == 1 else "alerts"
        line += f"covers {len(sent)} {noun} sent to {channels}"
    else:
        line += "no alert of it has been sent yet"
    if incident.status == "closed":
        line += f"; the incident is closed (since {when(incident.closed_at)})"
    return line


# --- alerts silence -------------------------------------------------------------------


def known_names(given: Iterable[str], known: Iterable[str], what: str, option: str) -> list[str]:
    """``given`` spelled as configured (any case), or a one-line error listing ``known``."""
    spelled = {name.casefold(): name for name in known}
    names, unknown = [], []
    for name in given:
        if name.casefold() in spelled:
            names.append(spelled[name.casefold()])
        else:
            unknown.append(name)
    if unknown:
        listed = ", ".join(sorted(spelled.values())) or "none configured"
        raise click.ClickException(
            f"{option}: no {what} named {', '.join(map(repr, unknown))} in the configuration "
            f"(known: {listed})"
        )
    return list(dict.fromkeys(names))


def silence_end(now: datetime, duration: str | None, until: str | None) -> datetime:
    """When a silence set ``now`` ends: ``--for`` or ``--until``, at most 30 days away."""
    from monitor.cli import parse_when

    if (duration is None) == (until is None):
        raise click.ClickException(
            "say how long to silence: --for DURATION (e.g. 4h) or --until TIME, one of them"
        )
    if duration is not None:
        try:
            end = now + parse_duration(duration)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--for'") from None
    else:
        end = parse_when(until)
        assert end is not None
        if end <= now:
            raise click.ClickException(
                f"--until {until} is in the past (now {when(now)}): give a later time"
            )
    if end - now > MAX_SILENCE:
        raise click.ClickException(
            "silences longer than 30 days hide real crises: give --for 30d or less and set "
            "a new one if it is still needed, or change alerts.route so these alerts go "
            "where they belong"
        )
    return end


def matchers_text(matchers: dict[str, list[str]]) -> str:
    """``brand=Acme Air; kind=spike,safety`` (every alert when there are none)."""
    parts = [f"{key}={','.join(matchers[key])}" for key in sorted(matchers) if matchers[key]]
    return "; ".join(parts) or "every alert"


# --- alerts silences / unsilence ------------------------------------------------------


def silence_state(row: dict[str, Any], now: datetime) -> str:
    """``active until ...``, ``lifted ... by ...``, ``ended ...`` or ``starts ...``."""
    if row["expired_at"] is not None:
        return f"lifted {when(row['expired_at'])} by {row['expired_by']}"
    if row["ends_at"] <= now:
        return f"ended {when(row['ends_at'])}"
    if row["starts_at"] > now:
        return f"starts {when(row['starts_at'])}, until {when(row['ends_at'])}"
    return f"active until {when(row['ends_at'])}"


def silence_line(row: dict[str, Any], now: datetime) -> str:
    """``silence 3  active until ...  brand=Acme Air  by Maria: reason``."""
    return "\t".join(
        (
            f"silence {row['id']}",
            silence_state(row, now),
            matchers_text(row["matchers"]),
            f"by {row['created_by']}: {' '.join(row['reason'].split())}",
        )
    )


def refused_unsilence(store, silence_id: int, now: datetime) -> str:
    """Why silence ``silence_id`` cannot be lifted, in one line."""
    from monitor.store.silences import list_silences

    row = next((s for s in list_silences(store) if s["id"] == silence_id), None)
    if row is None:
        return f"no silence {silence_id}: see 'monitor alerts silences --all' for the ids"
    return (
        f"silence {silence_id} is no longer in force ({silence_state(row, now)}): nothing to lift"
    )


# --- the commands ---------------------------------------------------------------------


def register(cli: click.Group, pass_ctx, now_utc) -> None:
    """Attach the ``alerts`` command group to the main CLI."""

    @cli.group()
    def alerts() -> None:
        """Alerts sent and held, acknowledgements and silences."""

    @alerts.command("list")
    @click.option("--incident", type=int, help="Only this incident's alerts.")
    @click.option("--status", type=click.Choice(STATUSES), help="Only alerts in this state.")
    @click.option("--channel", help="Only alerts to this channel.")
    @click.option(
        "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most N."
    )
    @pass_ctx
    def alerts_list(
        c, incident: int | None, status: str | None, channel: str | None, limit: int
    ) -> None:
        """Alerts of both outboxes (incident and ops), newest first."""
        rows = outbox_rows(c.store, incident, status, channel, limit)
        if not rows:
            filtered = incident is not None or status or channel
            click.echo("no alerts" + (" matching the filters" if filtered else " yet"))
        for row in rows:
            click.echo(alert_line(row))

    @alerts.command("ack")
    @click.argument("incident", type=int)
    @click.option("--by", "actor", required=True, help=_BY)
    @click.option("--note", help="A note kept with the acknowledgement.")
    @pass_ctx
    def alerts_ack(c, incident: int, actor: str, note: str | None) -> None:
        """Acknowledge an incident: covers every alert of it sent so far."""
        from monitor.store.acks import record_ack
        from monitor.store.incidents import get_incident

        found = get_incident(c.store, incident)
        if found is None:
            raise click.ClickException(
                f"no incident {incident}: see 'monitor incidents list' for the ids"
            )
        now = now_utc()
        try:
            record_ack(c.store, f"incident:{incident}", actor, "cli", now, note=note)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(ack_line(found, actor.strip(), now, covered(c.store, incident, now)))

    @alerts.command("silence")
    @click.option("--brand", "brands", multiple=True, help="Alerts about this brand (repeatable).")
    @click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Of this kind.")
    @click.option(
        "--severity",
        "severities",
        multiple=True,
        type=click.Choice(SEVERITIES),
        help="Of this severity.",
    )
    @click.option(
        "--channel", "channels", multiple=True, help="Alerts to this channel (repeatable)."
    )
    @click.option("--for", "duration", metavar="DURATION", help="How long, e.g. 4h or 2d.")
    @click.option("--until", metavar="TIME", help="Until this time (ISO 8601).")
    @click.option("--reason", required=True, help="Why (shown wherever the silence is listed).")
    @click.option("--by", "actor", required=True, help=_BY)
    @pass_ctx
    def alerts_silence(
        c, brands, kinds, severities, channels, duration, until, reason: str, actor: str
    ) -> None:
        """Hold matching alerts (recorded, not sent) for up to 30 days."""
        from monitor.store.silences import add_silence

        if not (brands or kinds or severities or channels):
            raise click.ClickException(
                "a silence with no --brand/--kind/--severity/--channel would mute every "
                "alert: name what to silence"
            )
        config = c.config
        matchers = {
            "brand": known_names(brands, (b.name for b in config.brands), "brand", "--brand"),
            "kind": list(dict.fromkeys(kinds)),
            "severity": list(dict.fromkeys(severities)),
            "channel": known_names(
                channels, (ch.name for ch in config.alerts.channels), "channel", "--channel"
            ),
        }
        now = now_utc()
        end = silence_end(now, duration, until)
        try:
            silence_id = add_silence(c.store, matchers, reason, actor, now, end)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(
            f"silence {silence_id}: {matchers_text(matchers)} silenced by {actor.strip()} "
            f"until {when(end)}"
        )

    @alerts.command("silences")
    @click.option("--all", "show_all", is_flag=True, help="Also those ended or lifted.")
    @pass_ctx
    def alerts_silences(c, show_all: bool) -> None:
        """Silences in force (or every one), newest first."""
        from monitor.store.silences import active_silences, list_silences

        now = now_utc()
        if show_all:
            rows = list_silences(c.store)
        else:
            rows = sorted(active_silences(c.store, now), key=lambda r: r["id"], reverse=True)
        if not rows:
            past = not show_all and list_silences(c.store)
            click.echo(
                "no silences in force; 'monitor alerts silences --all' lists past ones"
                if past
                else "no silences" + ("" if show_all else " in force")
            )
        for row in rows:
            click.echo(silence_line(row, now))

    @alerts.command("unsilence")
    @click.argument("silence", metavar="ID", type=int)
    @click.option("--by", "actor", required=True, help=_BY)
    @pass_ctx
    def alerts_unsilence(c, silence: int, actor: str) -> None:
        """Lift a silence now: alerts queued from now on that it matched go out again."""
        from monitor.store.silences import expire_silence

        now = now_utc()
        try:
            lifted = expire_silence(c.store, silence, actor, now)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if not lifted:
            raise click.ClickException(refused_unsilence(c.store, silence, now))
        click.echo(f"silence {silence} lifted by {actor.strip()} at {when(now)}")
