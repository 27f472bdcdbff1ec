"""An incident's owner and notes, and the forms to comment, assign and resolve it.

Each action is recorded with who and when (``monitor.incidentactions``); resolving
closes the incident now and tells the receivers that were alerted. Viewers and wall
screens see the notes only (``dashboard.access``)."""

from __future__ import annotations

import streamlit as st

from dashboard import access, data
from dashboard.format import plain, utc
from monitor.errors import MonitorError
from monitor.incidentactions import (
    assign_incident,
    comment_incident,
    describe,
    incident_notes_of,
    owner_of,
    resolve_incident,
)
from monitor.models import Incident

__all__ = ["incident_actions"]

_FLASH = "incident_action_flash"  # what the last action said, shown once
NO_NAME = "Write your name first: every action is recorded with who took it and when."


def incident_actions(incident: Incident) -> None:
    if incident.id is None:
        return
    notes = incident_notes_of(data.current().store, incident.id)
    owner = owner_of(notes)
    with st.expander(f"Owner: {owner or 'nobody yet'} · {len(notes)} notes", expanded=False):
        flash = st.session_state.pop(_FLASH, None)
        if flash is not None:
            (st.success if flash[0] == "success" else st.error)(flash[1])
        for note in notes:
            st.markdown(f"- {utc(note.at)}: {plain(describe(note))}")
        if not notes:
            st.caption("No comments yet.")
        if access.permit("incidents"):
            _forms(incident)


def _forms(incident: Incident) -> None:
    assert incident.id is not None
    access.name_input("incident_action_name", "Recorded with what you do here.")
    comment, assign, resolve = st.columns(3)
    with comment.form("incident_comment", border=False):
        st.text_area("Comment", key="incident_comment_text", height=68)
        st.form_submit_button("Add comment", on_click=_act, args=("comment", incident.id))
    with assign.form("incident_assign", border=False):
        st.text_input("Owner", key="incident_owner", help="The one person who drives the response.")
        st.form_submit_button("Assign", on_click=_act, args=("assign", incident.id))
    if incident.status == "open":
        with resolve.form("incident_resolve", border=False):
            st.text_input("Why it is over (optional)", key="incident_resolve_note")
            st.form_submit_button(
                "Resolve",
                on_click=_act,
                args=("resolve", incident.id),
                help="Close it now; those alerted get the resolved notice.",
            )


def _act(action: str, incident_id: int) -> None:
    """A form's callback: record the action with the name, or say why not."""
    state = st.session_state
    if not access.allowed(access.current_user(), "incidents"):
        return  # the forms are not shown to those who may not; a stale one records nothing
    by = access.typed_name("incident_action_name")
    if not by:
        state[_FLASH] = ("error", NO_NAME)
        return
    store, now = data.current().store, data.clock()
    try:
        if action == "comment":
            comment_incident(store, incident_id, by, state.get("incident_comment_text", ""), now)
            state["incident_comment_text"] = ""
            said = "Comment added."
        elif action == "assign":
            owner = state.get("incident_owner", "")
            assign_incident(store, incident_id, owner, by, now)
            said = f"{' '.join(owner.split())} owns the response now."
        else:
            note = state.get("incident_resolve_note", "")
            resolve_incident(data.config(), store, incident_id, by, now, note)
            said = "Resolved: the incident is closed; those alerted get the resolved notice."
    except MonitorError as exc:
        state[_FLASH] = ("error", plain(str(exc)))
        return
    state[_FLASH] = ("success", plain(said))
    st.cache_data.clear()  # the incident, its timeline and lists all changed
