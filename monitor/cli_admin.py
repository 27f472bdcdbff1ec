"""``monitor complaints|sources|incidents ...``: inspect and manage records."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import click

__all__ = ["register"]

_IMPORT_SHOWN = ("status", "priority", "owner", "tier", "safety", "sla_due_at")
_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def register(cli: click.Group, pass_ctx, now_utc) -> None:
    """Attach the record-management command groups to the main CLI."""

    @cli.group()
    def complaints() -> None:
        """Complaint records (helpdesk exports)."""

    from monitor.cli_ownership import register_actions  # ack, assign, resolve, reopen...

    register_actions(complaints, pass_ctx, now_utc)

    @complaints.command("import")
    @click.argument("file", type=click.Path(dir_okay=False))
    @pass_ctx
    def complaints_import(c, file: str) -> None:
        """Import complaint records from a CSV or JSON export, then link them to incidents."""
        from monitor.complaints import import_complaints
        from monitor.linking import link_complaints

        now = now_utc()
        report = import_complaints(c.config, c.store, file, now=now)
        linked = link_complaints(c.config, c.store, now)
        for error in report.errors:
            click.echo(error, err=True)
        click.echo(f"{report.summary(file)}; {linked} linked to incidents")

    @complaints.command("list")
    @click.option("--incident", type=int, help="Only complaints linked to this incident.")
    @click.option("--status", help="Only complaints with this status (e.g. open).")
    @click.option("--owner", help="Only complaints this person (or tier) owns.")
    @click.option("--overdue", is_flag=True, help="Only unresolved complaints past their SLA.")
    @pass_ctx
    def complaints_list(
        c, incident: int | None, status: str | None, owner: str | None, overdue: bool
    ) -> None:
        """List complaint records, oldest first."""
        from monitor.store.complaints import list_complaints

        now = now_utc()
        found = list_complaints(
            c.store,
            incident_id=incident,
            status=status,
            owner=owner,
            overdue_at=now if overdue else None,
        )
        for row in found:
            linked = f"incident {row['incident_id']}" if row["incident_id"] else "-"
            click.echo(
                f"{row['external_id']}\t{row['created_at']:%Y-%m-%d %H:%M}\t"
                f"{row['brand'] or '?'}\t{row['status']}\t{_tier(row)}\t{row['owner'] or '-'}\t"
                f"{_clock(row, now)}\t{linked}\t{_line(row['text'])[:60]}"
            )

    @complaints.command("show")
    @click.argument("complaint", metavar="ID")
    @pass_ctx
    def complaints_show(c, complaint: str) -> None:
        """One complaint record and its whole history (ID: its helpdesk id or number)."""
        from monitor.store.complainthistory import complaint_history
        from monitor.store.complaints import find_complaint

        row = find_complaint(c.store, complaint)
        if row is None:
            raise click.ClickException(
                f"no complaint {complaint}: see 'monitor complaints list' for the ids"
            )
        for line in _record_lines(row, now_utc()):
            click.echo(line)
        click.echo("history:")
        for event in complaint_history(c.store, row["id"]):
            click.echo(_event_line(event))

    @cli.group()
    def sources() -> None:
        """Source health and control."""

    @sources.command("list")
    @pass_ctx
    def sources_list(c) -> None:
        """Each source's last poll, error count and last error."""
        from monitor.store.sourcestate import source_health, sync_sources

        sync_sources(c.store, c.config.sources)
        configured = {s.name: s for s in c.config.sources}
        for row in source_health(c.store):
            state = "DISABLED" if row["disabled"] else (row["problem"] or "ok")
            if state == "ok" and row["error_count"]:
                state = "failing"
            if row["name"] not in configured:
                state = "not in config"
            elif not configured[row["name"]].enabled:
                state = "off (enabled: false)"
            checked = (
                f"{row['last_checked_at']:%Y-%m-%d %H:%M}" if row["last_checked_at"] else "never"
            )
            click.echo(
                f"{row['name']}\t{state}\tchecked {checked}\terrors {row['error_count']}\t"
                f"{row['last_error'] or row['last_warning'] or ''}"
            )

    @sources.command("reset")
    @click.argument("name")
    @pass_ctx
    def sources_reset(c, name: str) -> None:
        """Re-enable a disabled source and clear its errors."""
        from monitor.store.sourcestate import reset_source, sync_sources

        sync_sources(c.store, c.config.sources)
        if not reset_source(c.store, name):
            raise click.ClickException(f"no source named {name!r}: see 'monitor sources list'")
        click.echo(f"{name}: reset; it will be polled on the next cycle")

    @cli.group()
    def incidents() -> None:
        """Incidents found by detection."""

    @incidents.command("list")
    @click.option("--brand")
    @click.option("--status", type=click.Choice(["open", "closed"]))
    @pass_ctx
    def incidents_list(c, brand: str | None, status: str | None) -> None:
        """Incidents, newest first, with their explanation."""
        from monitor.store.incidents import list_incidents

        found = list_incidents(c.store, brand=brand, status=status)
        if not found:
            click.echo("no incidents" + (" matching the filters" if brand or status else " yet"))
        for inc in found:
            click.echo(
                f"#{inc.id} [{inc.status}/{inc.severity}] {inc.brand} since "
                f"{inc.began_at:%Y-%m-%d %H:%M} UTC: {inc.summary}"
            )

    @incidents.command("show")
    @click.argument("incident", metavar="ID", type=int)
    @pass_ctx
    def incidents_show(c, incident: int) -> None:
        """An incident's explanation, owner, and every step of its timeline."""
        from monitor.incidentactions import incident_notes_of, owner_of
        from monitor.store.incidents import get_incident
        from monitor.timeline import incident_timeline, timeline_summary

        found = get_incident(c.store, incident)
        if found is None:
            raise click.ClickException(f"no incident {incident}: see 'monitor incidents list'")
        owner = owner_of(incident_notes_of(c.store, incident)) or "nobody yet"
        click.echo(f"#{found.id} [{found.status}/{found.severity}] {found.brand}; owner: {owner}")
        click.echo(found.summary)
        entries = incident_timeline(c.store, found)
        click.echo(timeline_summary(entries))
        for entry in entries:
            click.echo(f"  {_when(entry.at)}  {entry.text}")

    @incidents.command("comment")
    @click.argument("incident", metavar="ID", type=int)
    @click.argument("text")
    @click.option("--by", "actor", required=True, help="Who comments (recorded).")
    @pass_ctx
    def incidents_comment(c, incident: int, text: str, actor: str) -> None:
        """Add a comment to an incident (what was done, what is planned)."""
        from monitor.incidentactions import comment_incident

        comment_incident(c.store, incident, actor, text, now_utc())
        click.echo(f"incident {incident}: comment by {actor.strip()} recorded")

    @incidents.command("assign")
    @click.argument("incident", metavar="ID", type=int)
    @click.argument("owner")
    @click.option("--by", "actor", required=True, help="Who assigns (recorded).")
    @pass_ctx
    def incidents_assign(c, incident: int, owner: str, actor: str) -> None:
        """Make OWNER the one person who drives the incident's response."""
        from monitor.incidentactions import assign_incident

        assign_incident(c.store, incident, owner, actor, now_utc())
        click.echo(f"incident {incident}: owner {owner.strip()} (assigned by {actor.strip()})")

    @incidents.command("resolve")
    @click.argument("incident", metavar="ID", type=int)
    @click.option("--by", "actor", required=True, help="Who resolves it (recorded).")
    @click.option("--note", default="", help="Why it is over (kept with the incident).")
    @pass_ctx
    def incidents_resolve(c, incident: int, actor: str, note: str) -> None:
        """Close an open incident now, as handled; those alerted get the resolved notice."""
        from monitor.incidentactions import resolve_incident

        closed = resolve_incident(c.config, c.store, incident, actor, now_utc(), note)
        click.echo(
            f"incident {incident} ({closed.brand}) resolved by {actor.strip()}; resolved "
            "notices queued for those alerted (sent on the next cycle)"
        )


def _when(moment: datetime | str | None) -> str:
    if isinstance(moment, str):  # as the history stores times
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if moment else "-"


def _line(value: Any) -> str:
    """A value on one line: runs of whitespace (newlines too) as one space."""
    return " ".join(str(value).split())


def _tier(row: dict[str, Any]) -> str:
    return f"L{row['level'] or 0} {row['tier'] or '?'}"


def _clock(row: dict[str, Any], now: datetime) -> str:
    """``due ...``, ``OVERDUE ...`` or ``resolved ...`` (UTC)."""
    if row["resolved_at"] is not None:
        return f"resolved {row['resolved_at']:%Y-%m-%d %H:%M}"
    due = row["sla_due_at"]
    if due is None:
        return "no SLA"
    return f"{'OVERDUE' if due < now else 'due'} {due:%Y-%m-%d %H:%M}"


def _change(old: Any, new: Any) -> str:
    """``old -> new`` (``new`` alone when it was set); long texts from a little before
    where they first differ."""

    def shown(value: Any, skip: int = 0) -> str:
        if value is None:
            return "-"
        text = _when(value) if isinstance(value, str) and _ISO.match(value) else _line(value)
        text = "…" + text[skip:] if skip else text
        return text if len(text) <= 60 else text[:59] + "…"

    if old is None:
        return shown(new)
    a, b = _line(old), _line(new)
    same = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    skip = max(0, same - 20) if max(len(a), len(b)) > 60 else 0
    return f"{shown(old, skip)} -> {shown(new, skip)}"


def _event_line(event: dict[str, Any]) -> str:
    """``  2026-11-23 09:00 UTC  import:tickets.json  updated  status: open -> pending``"""
    changes = event["changes"]
    if event["action"] == "imported":  # it holds the whole record; show where it started
        changes = {f: v for f, v in changes.items() if f in _IMPORT_SHOWN}
    what = "; ".join(f"{f}: {_change(old, new)}" for f, (old, new) in changes.items())
    note = f" ({event['note']})" if event["note"] else ""
    return f"  {_when(event['at'])}  {event['actor']}  {event['action']}  {what}{note}".rstrip()


def _record_lines(row: dict[str, Any], now: datetime) -> list[str]:
    incident = "-"
    if row["incident_id"]:
        incident = f"{row['incident_id']} ({row['link_reason'] or 'linked'})"
    return [
        f"{row['external_id']} (#{row['id']}): {row['status']}, {row['brand'] or 'no brand'}",
        f"channel:   {row['channel']}",
        f"customer:  {row['customer'] or '-'}",
        f"created:   {_when(row['created_at'])}",
        f"updated:   {_when(row['updated_at'])}",
        f"category:  {row['category'] or '-'}",
        f"priority:  {row['priority']}" + (", safety-critical" if row["safety"] else ""),
        f"owner:     {row['owner'] or '-'} at {_tier(row)}",
        f"SLA:       {_clock(row, now)} UTC",
        f"acknowledged: {_when(row['acknowledged_at'])}",
        f"incident:  {incident}",
        f"from:      {row['imported_from'] or '-'}",
        "text:",
        *(f"  {line}" for line in row["text"].splitlines()),
    ]
