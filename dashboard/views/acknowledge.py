"""Acknowledge: where the one-click link in an alert lands (``/acknowledge?token=...``).

The token (``monitor.alerts.acklink``) names what it acknowledges (``incident:12``) and
the receiver it was sent to, signed with ``alerts.ack.secret``. A valid one records an
acknowledgement by that receiver, ``via="link"``, once: opening the same link again, or
the page rerunning, records nothing new until another alert of the incident is sent.
A damaged, foreign or expired link says why and records nothing; without a secret
configured, links are off and the incident's page is where to acknowledge.

The page needs no login (``dashboard.access.OPEN_PAGES``): the signed token is the
credential, and the page shows only the confirmation; the incident, one click away,
asks for a login. A wall screen (``--wall``) records nothing.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import access, alerts_data, data
from dashboard.format import plain, utc
from monitor.alerts.acklink import AckClaim, AckLinkError, read_ack_token
from monitor.errors import StoreError
from monitor.store.acks import record_ack

INCIDENTS = "[Open the Incidents page](/incidents)"
NO_SECRET = (
    "One-click acknowledge links are off: alerts.ack.secret is not set in sources.yaml. "
    "Acknowledge on the incident's page instead."
)
WALL = (
    "This dashboard is a read-only wall screen: it records nothing. Open the alert's "
    "acknowledge link on the monitor's own dashboard (alerts.dashboard_url)."
)
NO_TOKEN = (
    "This page records the acknowledge links that alerts carry; this address has none. "
    "To acknowledge an incident, open it on the Incidents page and press Acknowledge."
)


def sentence(message: str) -> str:
    """An ``AckLinkError``'s message as a sentence: capitalised, with a full stop."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def what(subject: str) -> str:
    """``"incident #12 (Acme Coffee)"``, or the subject as written (an ops alert's)."""
    incident_id = alerts_data.incident_of(subject)
    if incident_id is None:
        return subject
    found = data.incident(incident_id)
    return f"incident #{incident_id} ({found.brand})" if found else f"incident #{incident_id}"


def record_once(claim: AckClaim, at: datetime) -> tuple[bool, datetime]:
    """Record the link's acknowledgement unless it already is (since the newest alert of
    its subject was sent); whether it was recorded now, and when it was."""
    try:
        earlier = alerts_data.link_ack_since_last_alert(claim.subject, claim.channel)
        if earlier is not None:
            return False, earlier["at"]
        store = data.current().store
        record_ack(store, claim.subject, claim.channel, "link", at, channel=claim.channel)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot record the acknowledgement: {reason}") from None
    alerts_data.forget()
    return True, at


def open_button(subject: str) -> None:
    """A button to the incident acknowledged (in this tab, as the Overview's), or to the
    Alerts page for an ops alert."""
    incident_id = alerts_data.incident_of(subject)
    if incident_id is None:
        if st.button("Open the Alerts page"):
            st.switch_page("views/alerts.py")
    elif st.button(f"Open incident #{incident_id}", type="primary"):
        st.session_state["incident_requested"] = incident_id
        st.switch_page("views/incidents.py")


st.title("Acknowledge")
if access.wall():  # a wall screen changes nothing, not even through a link
    st.info(WALL)
    st.stop()
secret = data.config().alerts.ack.secret
token = st.query_params.get("token")
if not secret:
    st.info(NO_SECRET)
    st.markdown(INCIDENTS)
    st.stop()
if not token:
    st.info(NO_TOKEN)
    st.markdown(INCIDENTS)
    st.stop()
try:
    claim = read_ack_token(secret, token, data.clock())
except AckLinkError as exc:
    st.error(plain(sentence(str(exc))), icon=":material/link_off:")
    st.markdown(INCIDENTS)
    st.stop()

incident_id = alerts_data.incident_of(claim.subject)
if incident_id is not None and data.incident(incident_id) is None:
    st.error(
        f"Incident #{incident_id} is not in this database: the link was made by another "
        "monitor. Nothing was recorded."
    )
    st.markdown(INCIDENTS)
    st.stop()

recorded, at = record_once(claim, data.clock())
told = plain(f"{what(claim.subject)} for {claim.channel}")
if recorded:
    st.success(f"Acknowledged {told} at {utc(at)}.", icon=":material/task_alt:")
else:
    st.info(
        f"Already acknowledged: {told} at {utc(at)}, from this link. Nothing more to do "
        "until another alert is sent."
    )
open_button(claim.subject)
