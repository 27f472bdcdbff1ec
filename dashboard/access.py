"""Who is using the dashboard and what they may do: the one place that knows.

``dashboard.login`` (``monitor.dashboardsettings``) decides how people sign in:

- ``none``: only allowed on a loopback address; the one local user acts as admin and
  types their name into the "Your name" fields, as before logins existed;
- ``password``: a name and password form; passwords are compared in constant time
  (``hmac.compare_digest``); after ``MAX_TRIES`` wrong tries a session is refused
  further tries for ``LOCKOUT``;
- ``oidc``: Streamlit's ``st.login()`` with the provider in ``.streamlit/secrets.toml``
  ``[auth]``; the email ``st.user`` reports is matched to ``dashboard.users``.

Roles rank ``viewer`` < ``responder`` < ``admin``; ``NEEDS`` names the least role each
action takes. When logged in, the name recorded with an action is the user's name.
A wall screen (``monitor dashboard --wall``, told through ``WALL_ENV``) caps everyone
at viewer and hides the logout button. The Acknowledge page needs no login: its signed
token is the credential. :func:`gate` is what ``app.py`` calls before a page runs.
"""

from __future__ import annotations

import hmac
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

import streamlit as st

from dashboard import data
from dashboard.format import plain
from monitor.dashboardsettings import ROLES, WALL_ENV, DashboardSettings, DashboardUser

__all__ = [
    "LOCKED", "LOCKOUT", "MAX_TRIES", "NEEDS", "OPEN_PAGES", "WRONG", "Tries", "User",
    "NAME_KEY", "acting_name", "allowed", "check_password", "current_user", "gate",
    "name_input", "oidc_claims", "oidc_match", "oidc_problem", "permit", "typed_name", "wall",
]  # fmt: skip

Role = Literal["viewer", "responder", "admin"]
MAX_TRIES = 5
LOCKOUT = timedelta(seconds=30)
OPEN_PAGES = {"acknowledge"}  # pages that run without a login (their link is the credential)
NEEDS: dict[str, Role] = {  # action -> the least role that may take it; others need admin
    "acknowledge": "responder",  # an incident's alerts, on its page
    "complaints": "responder",  # acknowledge, assign, resolve, reopen, escalate
    "silences": "responder",  # add one, lift one
    "incidents": "responder",  # comment on one, give it an owner, resolve it
}
WHAT = {
    "acknowledge": "Acknowledging an incident",
    "complaints": "Acting on a complaint",
    "silences": "Adding or lifting a silence",
    "incidents": "Commenting on, assigning or resolving an incident",
}
WRONG = "Wrong name or password."
LOCKED = "Too many wrong tries: wait {seconds} s, then try again."
_USER = "access_user"  # the name logged in with a password, for this session
_TRIES = "access_tries"  # this session's Tries
_FLASH = "access_flash"  # what the last login attempt said
_NOBODY = b"\0" * 32  # compared against when the name is unknown, so timing says nothing


@dataclass(frozen=True)
class User:
    """Who is using the dashboard: ``login`` is how they came (none, password, oidc)."""

    name: str
    role: Role
    login: str


@dataclass(frozen=True)
class Tries:
    """A session's wrong passwords in a row, and until when it may not try again."""

    failures: int = 0
    locked_until: datetime | None = None

    def wait(self, now: datetime) -> int:
        """Seconds left before another try is allowed (0: may try now)."""
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return max(1, round((self.locked_until - now).total_seconds()))

    def failed(self, now: datetime) -> Tries:
        failures = (0 if self.locked_until else self.failures) + 1  # a new round after a wait
        if failures >= MAX_TRIES:
            return Tries(failures, now + LOCKOUT)
        return Tries(failures)


def allowed(user: User | None, action: str) -> bool:
    """Whether ``user`` may take ``action`` (a key of ``NEEDS``; anything else: admin)."""
    if user is None:
        return False
    return ROLES.index(user.role) >= ROLES.index(NEEDS.get(action, "admin"))


def check_password(settings: DashboardSettings, name: str, password: str) -> DashboardUser | None:
    """The user whose name and password these are, or None; constant time per password."""
    user = settings.user(name)
    expected = (user.password or "").encode() if user else _NOBODY
    same = hmac.compare_digest(password.encode(), expected)
    return user if user is not None and user.password and same else None


def oidc_match(
    settings: DashboardSettings, claims: Mapping[str, Any]
) -> tuple[DashboardUser | None, str]:
    """The user an identity provider's claims (``st.user``) name, or None and why not."""
    email = str(claims.get("email") or "").strip()
    if not email:
        return None, (
            "Your identity provider did not say your email address, so the dashboard cannot "
            "tell who you are: ask an administrator to include the email claim."
        )
    if claims.get("email_verified") is False:
        return None, f"The email address {email} is not verified with your identity provider."
    for user in settings.users:
        if user.email and user.email.casefold() == email.casefold():
            return user, ""
    return None, (
        f"You are signed in as {email}, who is not among this dashboard's users: ask an "
        "administrator to add you to dashboard.users in sources.yaml."
    )


def wall() -> bool:
    """Whether this dashboard is a read-only wall screen (``monitor dashboard --wall``)."""
    return os.environ.get(WALL_ENV) == "1"


def oidc_claims() -> dict[str, Any]:
    """What ``st.user`` says about this session's visitor (empty when nobody signed in)."""
    try:
        return dict(st.user)
    except Exception:  # no script context or no auth configured: nobody
        return {}


def current_user() -> User | None:
    """Who is using this session, or None when nobody has logged in."""
    settings = data.config().dashboard
    user: User | None = None
    if settings.login == "none":
        user = User("wall screen" if wall() else "local user", "admin", "none")
    elif settings.login == "password":
        name = st.session_state.get(_USER)  # read again: sources.yaml may have changed
        found = settings.user(name) if name else None
        user = User(found.name, found.role, "password") if found and found.password else None
    elif oidc_claims().get("is_logged_in"):
        found, _ = oidc_match(settings, oidc_claims())
        user = User(found.name, found.role, "oidc") if found else None
    if user is not None and wall():
        user = replace(user, role="viewer")
    return user


def acting_name() -> str | None:
    """The name to record with an action: the logged-in user's (the "Your name" fields
    are then filled in and locked); None without a login (the name typed is used)."""
    user = current_user()
    return user.name if user is not None and user.login != "none" else None


def permit(action: str) -> bool:
    """Whether this session may take ``action``; when not, a caption says which roles
    may (none on a wall screen, which only shows)."""
    user = current_user()
    if allowed(user, action):
        return True
    if not wall() and user is not None:
        roles = " or ".join(ROLES[ROLES.index(NEEDS.get(action, "admin")) :])
        st.caption(
            f"{WHAT.get(action, 'This')} needs the {roles} role; you are logged in as "
            f"{plain(user.name)} ({user.role})."
        )
    return False


def gate(page: str) -> User | None:
    """Before ``page`` runs: the user, or the login form instead of the page (the script
    stops there). The pages in ``OPEN_PAGES`` run without a login (None)."""
    user = current_user()
    if user is not None:
        _sidebar(user)
        return user
    if page in OPEN_PAGES:
        return None
    settings = data.config().dashboard
    if settings.login == "password":
        _password_form()
    else:
        _oidc_login()
    st.stop()
    return None  # not reached: st.stop() ends the run


def _sidebar(user: User) -> None:
    if user.login == "none" or wall():
        return  # nobody to log out; a wall screen stays logged in
    with st.sidebar:
        st.caption(f"Logged in as **{plain(user.name)}** ({user.role})")
        st.button("Log out", key="access_logout", icon=":material/logout:", on_click=_log_out,
                  args=(user.login,))  # fmt: skip


def _log_out(login: str) -> None:
    """The Log out button's callback: nothing of this person stays in the browser tab."""
    st.session_state.clear()
    if login == "oidc":
        st.logout()  # clears the identity cookie and starts a new session


def _password_form() -> None:
    st.title("Log in")
    st.caption("The dashboard holds complaint records: log in with your dashboard name.")
    kind, text = st.session_state.pop(_FLASH, (None, None))
    if kind:
        st.error(text, icon=":material/lock:")
    form, _ = st.columns([2, 3])  # a form of two short fields, not the page's width
    with form, st.form("access_login"):
        st.text_input("Name", key="access_name", autocomplete="username")
        st.text_input(
            "Password", type="password", key="access_password", autocomplete="current-password"
        )
        st.form_submit_button("Log in", type="primary", on_click=_try_password)


def _try_password() -> None:
    """The Log in button's callback: log in, or count a wrong try (and lock after five)."""
    state = st.session_state
    now = data.clock()
    tries: Tries = state.get(_TRIES, Tries())
    name, password = str(state.get("access_name") or ""), str(state.get("access_password") or "")
    state["access_password"] = ""
    if tries.wait(now):
        state[_FLASH] = ("error", LOCKED.format(seconds=tries.wait(now)))
        return
    found = check_password(data.config().dashboard, name, password)
    if found is None:
        tries = tries.failed(now)
        state[_TRIES] = tries
        locked = tries.wait(now)
        state[_FLASH] = ("error", LOCKED.format(seconds=locked) if locked else WRONG)
        return
    state.pop(_TRIES, None)
    state[_USER] = found.name


def _oidc_login() -> None:
    st.title("Log in")
    problem = oidc_problem()
    if problem:
        st.error(problem, icon=":material/error:")
        return
    claims = oidc_claims()
    if claims.get("is_logged_in"):  # signed in, but not one of dashboard.users
        _, why = oidc_match(data.config().dashboard, claims)
        st.warning(plain(why), icon=":material/block:")
        if st.button("Log out", key="access_oidc_out"):
            st.logout()
        return
    st.caption("The dashboard holds complaint records: log in with your organisation's account.")
    for provider in _providers():
        label = "Log in" if provider is None else f"Log in with {provider}"
        if st.button(label, type="primary", key=f"access_oidc_{provider}"):
            if provider is None:
                st.login()
            else:
                st.login(provider)


def oidc_problem() -> str | None:
    """Why ``st.login`` cannot work here, in one sentence; None when it can."""
    if not hasattr(st, "login"):
        return "dashboard.login is oidc, but this Streamlit has no st.login: upgrade Streamlit."
    if not _auth_section():
        return (
            "dashboard.login is oidc, but .streamlit/secrets.toml has no [auth] section: add "
            "redirect_uri, cookie_secret, client_id, client_secret and server_metadata_url as "
            "docs/dashboard.md shows, or set dashboard.login to password."
        )
    if importlib.util.find_spec("authlib") is None:
        return (
            "dashboard.login is oidc, and st.login needs the Authlib package: "
            "pip install 'Authlib>=1.3.2', then restart the dashboard."
        )
    return None


def _auth_section() -> Mapping[str, Any]:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        section = st.secrets.get("auth")
    except Exception:  # a malformed secrets.toml: no usable [auth]
        return {}
    return section if isinstance(section, Mapping) else {}


def _providers() -> list[str | None]:
    """``[None]`` for the [auth] section's own provider, else its named ones ([auth.NAME])."""
    auth = _auth_section()
    if "client_id" in auth:
        return [None]
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return named or [None]


NAME_KEY = "your_name"  # the name typed last, remembered across pages for this session


def name_input(key: str, help: str) -> None:
    """A "Your name" field, filled in with the name typed last on any page; when logged
    in, the user's name, locked (``access.acting_name``)."""
    state = st.session_state
    fixed = acting_name()
    if fixed:
        state[key] = fixed
    elif key not in state:
        state[key] = state.get(NAME_KEY, "")
    st.text_input("Your name", key=key, help=help, disabled=bool(fixed))


def typed_name(key: str) -> str:
    """The name in the field ``key``, trimmed; remembered for the next field when given.
    When logged in, the user's name whatever the field says."""
    name = acting_name() or " ".join(str(st.session_state.get(key) or "").split())
    if name:
        st.session_state[NAME_KEY] = name
    return name
