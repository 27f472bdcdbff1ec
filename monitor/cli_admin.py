"""``monitor complaints|sources|incidents ...``: inspect and manage records."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(cli: click.Group, pass_ctx, now_utc) -> None:
    """Attach the record-management command groups to the main CLI."""

    @cli.group()
    def complaints() -> None:
        """Complaint records (helpdesk exports)."""

    @complaints.command("import")
    @click.argument("file", type=click.Path(dir_okay=False))
    @pass_ctx
    def complaints_import(c, file: str) -> None:
        """Import complaint records from a CSV export, then link them to incidents."""
        from monitor.complaints import import_complaints
        from monitor.store.complaints import link_complaints

        report = import_complaints(c.config, c.store, file)
        linked = link_complaints(c.store, c.config.complaints.link_before, now_utc())
        for error in report.errors:
            click.echo(error, err=True)
        click.echo(
            f"{file}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} rows skipped; "
            f"{linked} linked to incidents"
        )

    @complaints.command("list")
    @click.option("--incident", type=int, help="Only complaints linked to this incident.")
    @pass_ctx
    def complaints_list(c, incident: int | None) -> None:
        """List complaint records, oldest first."""
        from monitor.store.complaints import list_complaints

        for row in list_complaints(c.store, incident_id=incident):
            linked = f"incident {row['incident_id']}" if row["incident_id"] else "-"
            click.echo(
                f"{row['external_id']}\t{row['created_at']:%Y-%m-%d %H:%M}\t"
                f"{row['brand'] or '?'}\t{row['status']}\t{linked}\t{row['text'][:60]}"
            )

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
