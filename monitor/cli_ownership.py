"""``monitor complaints ack|assign|resolve|reopen|escalate``: who handles a complaint.

The same operations as :mod:`monitor.ownership` (which the dashboard calls too); each
is recorded in the complaint's history with ``--by`` and the time. A refused action
(unknown id, a resolved complaint) is a one-line error with exit code 1.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

__all__ = ["register_actions"]

_BY = click.option("--by", "actor", required=True, help="Who does it (recorded in the history).")
_NOTE = click.option("--note", help="A note kept with the change in the history.")
_ID = click.argument("complaint", metavar="ID")


def _due(row: dict) -> str:
    due: datetime | None = row["sla_due_at"]
    return f"due {due.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if due else "no SLA"


def register_actions(group: click.Group, pass_ctx, now_utc) -> None:
    """Attach the ownership actions to the ``complaints`` command group."""

    @group.command("ack")
    @_ID
    @_BY
    @_NOTE
    @pass_ctx
    def complaints_ack(c, complaint: str, actor: str, note: str | None) -> None:
        """Record the first response to a complaint (ID: its helpdesk id or number)."""
        from monitor.ownership import acknowledge

        row = acknowledge(c.config, c.store, complaint, actor, now_utc(), note)
        click.echo(f"{row['external_id']}: acknowledged by {actor}, status {row['status']}")

    @group.command("assign")
    @_ID
    @click.argument("owner", metavar="OWNER")
    @_BY
    @_NOTE
    @pass_ctx
    def complaints_assign(c, complaint: str, owner: str, actor: str, note: str | None) -> None:
        """Make OWNER the complaint's one owner; they are told through complaints.notify."""
        from monitor.ownership import assign

        row = assign(c.config, c.store, complaint, owner, actor, now_utc(), note)
        click.echo(f"{row['external_id']}: owner {row['owner']} (by {actor}), {_due(row)}")

    @group.command("resolve")
    @_ID
    @_BY
    @_NOTE
    @pass_ctx
    def complaints_resolve(c, complaint: str, actor: str, note: str | None) -> None:
        """Mark a complaint resolved."""
        from monitor.ownership import resolve

        row = resolve(c.config, c.store, complaint, actor, now_utc(), note)
        click.echo(f"{row['external_id']}: resolved by {actor}")

    @group.command("reopen")
    @_ID
    @_BY
    @_NOTE
    @pass_ctx
    def complaints_reopen(c, complaint: str, actor: str, note: str | None) -> None:
        """Reopen a resolved complaint at its tier, with a new SLA from now."""
        from monitor.ownership import reopen

        row = reopen(c.config, c.store, complaint, actor, now_utc(), note)
        click.echo(
            f"{row['external_id']}: reopened by {actor}, {row['tier'] or '?'} "
            f"({row['owner'] or 'no owner'}), {_due(row)}"
        )

    @group.command("escalate")
    @click.argument("complaint", metavar="[ID]", required=False)
    @click.option("--by", "actor", help="With ID: who escalates it (recorded in the history).")
    @_NOTE
    @pass_ctx
    def complaints_escalate(c, complaint: str | None, actor: str | None, note: str | None) -> None:
        """Move every unresolved complaint past its SLA one tier up, now; or, with ID,
        that complaint and its group (the same issue) one tier up together."""
        from monitor.ownership import escalate_group, escalate_overdue

        if complaint is not None:
            if not actor:
                raise click.UsageError("escalating one complaint needs --by NAME")
            rows = escalate_group(c.config, c.store, complaint, actor, now_utc(), note)
            ids = ", ".join(r["external_id"] for r in rows)
            click.echo(f"{ids}: escalated by {actor} to {rows[0]['tier']} ({rows[0]['owner']})")
            return
        moved = escalate_overdue(c.config, c.store, now_utc())
        for escalation in moved:
            click.echo(escalation.describe())
        noun = "complaint" if len(moved) == 1 else "complaints"
        click.echo(f"{len(moved)} {noun} escalated" if moved else "nothing to escalate")
