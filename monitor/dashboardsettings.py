"""``dashboard:`` in sources.yaml: where the dashboard listens and who may use it.

``login`` chooses how people sign in: ``none`` (only on a loopback address: one local
user, who acts as admin), ``password`` (each of ``users`` with a password read from an
environment variable) or ``oidc`` (Streamlit's ``st.login`` with an identity provider
set up in ``.streamlit/secrets.toml``; each of ``users`` matched by email). Each user
has a role: ``viewer`` reads everything, ``responder`` also acts on incidents,
complaints and silences, ``admin`` may do anything the dashboard offers.

:func:`startup_refusal` is the rule ``monitor dashboard`` and ``monitor run`` apply
before they start: no login on an address others can reach is refused. ``WALL_ENV`` is
the environment variable through which ``--wall`` tells the dashboard process to be a
read-only wall screen.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_serializer, field_validator

from monitor.settingsbase import SettingsModel as _Model

__all__ = [
    "LOGINS",
    "ROLES",
    "WALL_ENV",
    "DashboardSettings",
    "DashboardUser",
    "is_loopback",
    "startup_refusal",
]

Role = Literal["viewer", "responder", "admin"]
Login = Literal["none", "password", "oidc"]
ROLES: tuple[Role, ...] = ("viewer", "responder", "admin")  # each may do what those before may
LOGINS: tuple[Login, ...] = ("none", "password", "oidc")
WALL_ENV = "MONITOR_DASHBOARD_WALL"  # "1": a read-only wall screen (set by --wall only)
MIN_PASSWORD = 8


class DashboardUser(_Model):
    """One person who may open the dashboard, and what they may do there."""

    name: str = Field(min_length=1, description="recorded with every action they take")
    role: Role = "viewer"
    password: str | None = Field(None, repr=False, description="login: password; ${ENV} only")
    email: str | None = Field(None, description="login: oidc; the address the provider reports")

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("must not be blank")
        return name

    @field_validator("password")
    @classmethod
    def _long_enough(cls, value: str | None) -> str | None:
        if value is not None and len(value) < MIN_PASSWORD:
            raise ValueError(
                f"must be at least {MIN_PASSWORD} characters: set its environment variable "
                "to a longer password"
            )
        return value

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        address = value.strip()
        if "@" not in address[1:-1] or any(c.isspace() for c in address):
            raise ValueError(f"{value!r} is not an email address: write e.g. maria@example.com")
        return address

    @field_serializer("password")
    def _masked(self, value: str | None) -> str | None:
        return None if value is None else "***"  # never printed, e.g. by check-config --show


class DashboardSettings(_Model):
    host: str = "127.0.0.1"
    port: int = Field(8501, ge=1, le=65535)
    login: Login = Field("none", description="none (loopback only), password or oidc")
    users: list[DashboardUser] = Field(default_factory=list, validate_default=True)

    @field_validator("users")
    @classmethod
    def _users_fit_the_login(
        cls, users: list[DashboardUser], info: ValidationInfo
    ) -> list[DashboardUser]:
        login = info.data.get("login")  # None: login itself is wrong, reported on its own
        problems = _duplicates(users)
        if login == "none" and users:
            problems.append(
                "users are only used with a login: set dashboard.login to password or oidc"
            )
        if login in ("password", "oidc") and not users:
            problems.append(f"login: {login} needs at least one user")
        for i, user in enumerate(users):
            if login == "password" and user.password is None:
                problems.append(
                    f"[{i}] ({user.name}): login: password needs a password for every user: "
                    f"write password: ${{{_env_name(user.name)}_PASSWORD}} and set that "
                    "environment variable"
                )
            if login == "oidc" and user.email is None:
                problems.append(
                    f"[{i}] ({user.name}): login: oidc needs an email for every user: write "
                    "the address their identity provider reports, e.g. email: maria@example.com"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return users

    def user(self, name: str) -> DashboardUser | None:
        """The user of this name (case and spacing ignored), or None."""
        wanted = " ".join(name.split()).casefold()
        return next((u for u in self.users if u.name.casefold() == wanted), None)


def _env_name(name: str) -> str:
    """``"Li Wei"`` -> ``"LI_WEI"``: a name for the environment variable of their password."""
    word = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()
    return word if word and not word[0].isdigit() else f"USER_{word}".rstrip("_")


def _duplicates(users: list[DashboardUser]) -> list[str]:
    problems = []
    for what in ("name", "email"):
        seen: set[str] = set()
        for user in users:
            value = getattr(user, what)
            if value is None:
                continue
            if value.casefold() in seen:
                problems.append(f"the {what} {value!r} is used twice; each user needs their own")
            seen.add(value.casefold())
    return problems


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def startup_refusal(settings: DashboardSettings, host: str, authlib: bool = True) -> str | None:
    """Why the dashboard must not start listening on ``host``, in one line; None if it may.

    ``authlib``: whether the Authlib package, which ``st.login`` needs, is installed.
    """
    if settings.login == "none" and not is_loopback(host):
        return (
            f"the dashboard holds complaint records and would listen on {host} without a "
            "login: set dashboard.login to password or oidc (with dashboard.users), or listen "
            "on 127.0.0.1"
        )
    if settings.login == "oidc" and not authlib:
        return (
            "dashboard.login is oidc, and Streamlit's st.login needs the Authlib package: "
            "pip install 'Authlib>=1.3.2' (or set dashboard.login to password)"
        )
    return None
