"""Who may open the dashboard and what they may do there (``dashboard.access``).

The stores are those of tests/test_dashboard_alerts.py (open incidents, alerts sent,
an acknowledge secret) and tests/test_dashboard_complaints.py (complaint records), with
a ``dashboard:`` section added: a password login for three users, one per role, whose
passwords come from environment variables. Pages run through Streamlit's AppTest with
the dashboard's clock pinned (``dashboard.data.clock``), so the 30 s lockout is exact.
A wall screen is the environment variable ``monitor dashboard --wall`` sets.
The start-up refusal is checked as the function that decides and as a real
``monitor dashboard --host 0.0.0.0`` process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest
from test_dashboard_alerts import NOW, SECRET, build_store, stored_acks
from test_dashboard_complaints import NOW as COMPLAINTS_NOW
from test_dashboard_complaints import build_store as build_complaints

from dashboard import access, data
from dashboard.access import LOCKED, WRONG, Tries, User, allowed, check_password, oidc_match
from monitor import runner
from monitor.alerts.acklink import ack_link
from monitor.cli import cli
from monitor.config import parse_config, redacted
from monitor.dashboardsettings import WALL_ENV, DashboardSettings, is_loopback, startup_refusal
from monitor.errors import ConfigError

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PASSWORDS = {"VERA_PASSWORD": "vera-sees-all", "ROB_PASSWORD": "rob-acts-fast",
             "ADA_PASSWORD": "ada-runs-it-all"}  # fmt: skip
USERS = """\
dashboard:
  login: password
  users:
    - name: Vera Viewer
      password: ${VERA_PASSWORD}
    - name: Rob Responder
      role: responder
      password: ${ROB_PASSWORD}
    - name: Ada Admin
      role: admin
      password: ${ADA_PASSWORD}
"""
OIDC_USERS = """\
dashboard:
  host: 0.0.0.0
  login: oidc
  users:
    - name: Maria Chen
      role: responder
      email: maria.chen@example.com
"""
PASSWORD_OF = {"Vera Viewer": "vera-sees-all", "Rob Responder": "rob-acts-fast",
               "Ada Admin": "ada-runs-it-all"}  # fmt: skip
WALL = ("This dashboard is a read-only wall screen: it records nothing. Open the alert's "
        "acknowledge link on the monitor's own dashboard (alerts.dashboard_url).")  # fmt: skip
WRITING = {"Acknowledge", "Assign", "Resolve", "Reopen", "Escalate", "Add silence",
           "Lift silence", "Log out"}  # fmt: skip


def with_section(config_path: Path, section: str) -> Path:
    config_path.write_text(config_path.read_text(encoding="utf-8") + section, encoding="utf-8")
    return config_path


@pytest.fixture
def clock(monkeypatch):
    """The dashboard's clock, pinned to ``NOW``; ``clock.advance(seconds)`` moves it."""

    class Clock:
        now = NOW

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    pinned = Clock()
    monkeypatch.setattr(data, "clock", lambda: pinned.now)
    return pinned


@pytest.fixture
def db(tmp_path, monkeypatch, clock):
    """The alerts store, with a password login."""
    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)
    for name, value in PASSWORDS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(WALL_ENV, raising=False)
    seeded = build_store(tmp_path)
    with_section(seeded.config_path, USERS)
    return seeded


@pytest.fixture
def open_page(monkeypatch, db):
    """``open_page("alerts", incident="2")``: that page, nobody logged in yet."""

    def run(page: str = "overview", config: Path | None = None, **query: str) -> AppTest:
        monkeypatch.setenv("MONITOR_CONFIG", str(config or db.config_path))
        at = AppTest.from_file(APP, default_timeout=30)
        at.switch_page(f"views/{page}.py")
        at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def log_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="access_name").input(name)
    at.text_input(key="access_password").input(PASSWORD_OF.get(name, "") if password is None
                                               else password)  # fmt: skip
    button(at, "Log in").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def said(elements) -> list[str]:
    """What messages say, without the backslashes that keep their text plain."""
    return [e.value.replace("\\", "") for e in elements]


# logging in with a password


def test_every_page_but_acknowledge_asks_for_a_login_first(open_page):
    for page in ("overview", "incidents", "alerts", "mentions", "complaints", "sources",
                 "export", "report"):  # fmt: skip
        at = open_page(page)
        assert texts(at.title) == ["Log in"], page
        assert not at.dataframe and not at.metric, page  # nothing of the records shows
        assert labels(at) == {"Log in"}, page


def test_a_password_login_opens_the_page_asked_for_and_logging_out_closes_it(open_page, db):
    at = open_page("incidents", incident=str(db.acme))
    log_in(at, "rob responder", "rob-acts-fast")  # the name's case does not matter
    assert texts(at.title) == ["Incidents"]
    assert at.subheader[0].value == f"#{db.acme} Acme Coffee: warning, open"
    assert texts(at.sidebar.caption) == ["Logged in as **Rob Responder** (responder)"]

    at.sidebar.button[0].click().run()  # Log out
    assert texts(at.title) == ["Log in"]
    assert not at.subheader and labels(at) == {"Log in"}


def test_a_wrong_password_or_an_unknown_name_is_refused(open_page):
    at = open_page()
    log_in(at, "Rob Responder", "rob-acts-slow")
    assert texts(at.title) == ["Log in"]
    assert texts(at.error) == [WRONG]
    log_in(at, "Nobody", "rob-acts-fast")
    assert texts(at.error) == [WRONG]
    assert at.text_input(key="access_password").value == ""  # never kept in the form


def test_five_wrong_tries_lock_the_form_for_30_seconds(open_page, clock):
    at = open_page()
    for _ in range(4):
        log_in(at, "Ada Admin", "guess-again")
        assert texts(at.error) == [WRONG]
    log_in(at, "Ada Admin", "guess-again")
    assert texts(at.error) == [LOCKED.format(seconds=30)]
    assert LOCKED.format(seconds=30) == "Too many wrong tries: wait 30 s, then try again."

    clock.advance(20)
    log_in(at, "Ada Admin")  # the right password, still refused
    assert texts(at.error) == [LOCKED.format(seconds=10)]
    assert texts(at.title) == ["Log in"]

    clock.advance(11)
    log_in(at, "Ada Admin")
    assert texts(at.title) == ["Overview"]


def test_tries_start_a_new_round_after_the_wait():
    tries = Tries()
    for _ in range(5):
        tries = tries.failed(NOW)
    assert tries.wait(NOW) == 30 and tries.wait(NOW + timedelta(seconds=30)) == 0
    again = tries.failed(NOW + timedelta(seconds=31))
    assert again == Tries(1) and again.wait(NOW + timedelta(seconds=31)) == 0


def test_passwords_are_checked_whole_and_by_name():
    settings = load_settings(USERS, PASSWORDS)
    assert check_password(settings, "  vera   VIEWER ", "vera-sees-all").name == "Vera Viewer"
    assert check_password(settings, "Vera Viewer", "vera-sees-al") is None
    assert check_password(settings, "Vera Viewer", "vera-sees-all ") is None
    assert check_password(settings, "Vera Viewer", "rob-acts-fast") is None  # another's
    assert check_password(settings, "Nobody", "") is None
    assert check_password(settings, "Vera Viewer", "véra-sees-all") is None  # not ASCII


# roles


def test_a_viewer_reads_but_sees_no_acknowledge_or_silence_controls(open_page, db):
    at = log_in(open_page("incidents", incident=str(db.acme)), "Vera Viewer")
    assert at.subheader[0].value == f"#{db.acme} Acme Coffee: warning, open"
    assert not labels(at) & WRITING - {"Log out"}
    assert not [t for t in at.text_input if t.key == "incident_ack_name"]
    assert ("Acknowledging an incident needs the responder or admin role; you are logged in "
            "as Vera Viewer (viewer).") in texts(at.caption)  # fmt: skip

    at.switch_page("views/alerts.py").run()
    assert texts(at.title) == ["Alerts"]
    assert not labels(at) & {"Add silence", "Lift silence"}
    assert ("Adding or lifting a silence needs the responder or admin role; you are logged "
            "in as Vera Viewer (viewer).") in texts(at.caption)  # fmt: skip


def test_a_responder_acknowledges_under_their_own_name(open_page, db):
    at = log_in(open_page("incidents", incident=str(db.acme)), "Rob Responder")
    field = at.text_input(key="incident_ack_name")
    assert field.value == "Rob Responder" and field.disabled
    field.input("Somebody Else")  # a locked field: what it says is not what is recorded
    button(at, "Acknowledge").click().run()
    assert stored_acks(db, db.acme) == [("Rob Responder", "dashboard", None, NOW)]
    assert said(at.success) == [
        f"Incident #{db.acme} acknowledged by Rob Responder at 2026-11-23 10:30 UTC."
    ]

    at.switch_page("views/alerts.py").run()
    assert "Add silence" in labels(at)  # (no silence in force to lift)
    silence_name = at.text_input(key="silence_name")
    assert silence_name.value == "Rob Responder" and silence_name.disabled


@pytest.fixture
def complaints_config(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "clock", lambda: COMPLAINTS_NOW)
    for name, value in PASSWORDS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(WALL_ENV, raising=False)
    path = with_section(build_complaints(tmp_path), USERS)
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    return path


def open_complaints(who: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/complaints.py")
    at.run()
    return log_in(at, who)


def test_complaint_actions_are_for_responders_and_recorded_under_their_name(complaints_config):
    viewer = open_complaints("Vera Viewer")
    assert texts(viewer.title) == ["Complaints"] and viewer.dataframe  # the board, read
    assert not labels(viewer) & WRITING - {"Log out"}
    assert ("Acting on a complaint needs the responder or admin role; you are logged in as "
            "Vera Viewer (viewer).") in texts(viewer.caption)  # fmt: skip

    at = open_complaints("Ada Admin")
    assert {"Acknowledge", "Assign", "Resolve", "Reopen", "Escalate"} <= labels(at)
    actor = at.text_input(key="complaint_actor")
    assert actor.value == "Ada Admin" and actor.disabled
    button(at, "Acknowledge").click().run()
    assert said(at.success) == ["C-1 acknowledged by Ada Admin at 2026-11-20 14:00 UTC."]
    events = at.dataframe[-1].value
    assert list(events["actor"])[-1] == "Ada Admin"


def test_the_roles_rank_viewer_responder_admin():
    viewer, responder, admin = (User("x", role, "password") for role in
                                ("viewer", "responder", "admin"))  # fmt: skip
    for action in ("acknowledge", "complaints", "silences"):
        assert not allowed(viewer, action)
        assert allowed(responder, action) and allowed(admin, action)
    assert not allowed(responder, "anything else that writes") and allowed(admin, "reports")
    assert not allowed(None, "acknowledge")


# the wall screen


def test_a_wall_screen_shows_every_page_and_nothing_that_writes(open_page, db, monkeypatch):
    monkeypatch.setenv(WALL_ENV, "1")
    at = log_in(open_page("incidents", incident=str(db.acme)), "Ada Admin")  # even an admin
    assert at.subheader[0].value == f"#{db.acme} Acme Coffee: warning, open"
    assert not labels(at) & WRITING  # no Acknowledge, and no Log out either
    assert not at.sidebar.button and not at.sidebar.caption
    assert not [c for c in texts(at.caption) if "role" in c]  # a wall says nothing of roles
    at.switch_page("views/alerts.py").run()
    assert texts(at.title) == ["Alerts"] and not labels(at) & WRITING

    link = ack_link("http://127.0.0.1:8501", SECRET, f"incident:{db.acme}", "pr-lead-email",
                    NOW - timedelta(minutes=30), timedelta(days=7))  # fmt: skip
    at = open_page("acknowledge", token=link.split("token=", 1)[1])
    assert texts(at.info) == [WALL]
    assert stored_acks(db, db.acme) == []


def test_a_wall_screen_without_a_login_is_a_viewer(monkeypatch, tmp_path, clock):
    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)
    monkeypatch.setenv(WALL_ENV, "1")
    seeded = build_store(tmp_path)  # login: none, on loopback
    monkeypatch.setenv("MONITOR_CONFIG", str(seeded.config_path))
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/incidents.py")
    at.query_params["incident"] = str(seeded.acme)
    at.run()
    assert at.subheader[0].value == f"#{seeded.acme} Acme Coffee: warning, open"
    assert not labels(at) & WRITING
    at.switch_page("views/complaints.py").run()
    assert not labels(at) & WRITING


# the one-click acknowledge link


def test_an_acknowledge_link_works_without_a_login(open_page, db):
    link = ack_link("http://127.0.0.1:8501", SECRET, f"incident:{db.acme}", "pr-lead-email",
                    NOW - timedelta(minutes=30), timedelta(days=7))  # fmt: skip
    at = open_page("acknowledge", token=link.split("token=", 1)[1])
    assert texts(at.title) == ["Acknowledge"]
    assert said(at.success) == [
        f"Acknowledged incident #{db.acme} (Acme Coffee) for pr-lead-email at 2026-11-23 10:30 UTC."
    ]
    assert stored_acks(db, db.acme) == [("pr-lead-email", "link", "pr-lead-email", NOW)]
    assert not at.sidebar.button  # nobody is logged in

    button(at, f"Open incident #{db.acme}").click().run()  # the rest needs a login
    assert texts(at.title) == ["Log in"]
    log_in(at, "Vera Viewer")  # AppTest reruns the page it was sent to; a browser stays
    at.switch_page("views/incidents.py").run()  # on /incidents (the browser test checks)
    assert at.subheader[0].value == f"#{db.acme} Acme Coffee: warning, open"  # as asked


# OIDC (no identity provider runs in tests: the mapping, and what the page says)


def test_oidc_claims_map_to_a_user_by_email():
    settings = load_settings(OIDC_USERS, {})
    found, why = oidc_match(settings, {"is_logged_in": True, "email": "Maria.Chen@Example.com"})
    assert found is not None and (found.name, found.role, why) == ("Maria Chen", "responder", "")
    assert oidc_match(settings, {"email": "eve@example.com"}) == (None, (
        "You are signed in as eve@example.com, who is not among this dashboard's users: ask an "
        "administrator to add you to dashboard.users in sources.yaml."
    ))  # fmt: skip
    unverified = {"email": "maria.chen@example.com", "email_verified": False}
    assert oidc_match(settings, unverified)[1] == (
        "The email address maria.chen@example.com is not verified with your identity provider."
    )
    assert oidc_match(settings, {"is_logged_in": True})[0] is None


@pytest.fixture
def oidc_page(tmp_path, monkeypatch, clock):
    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)
    monkeypatch.delenv(WALL_ENV, raising=False)
    seeded = build_store(tmp_path)
    monkeypatch.setenv("MONITOR_CONFIG", str(with_section(seeded.config_path, OIDC_USERS)))

    def run(secrets: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.secrets.update(secrets or {})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def test_oidc_without_its_setup_says_what_is_missing(oidc_page):
    at = oidc_page()
    assert texts(at.title) == ["Log in"]
    assert texts(at.error) == [
        "dashboard.login is oidc, but .streamlit/secrets.toml has no [auth] section: add "
        "redirect_uri, cookie_secret, client_id, client_secret and server_metadata_url as "
        "docs/dashboard.md shows, or set dashboard.login to password."
    ]
    assert not at.button

    provider = "https://id.example.com/.well-known/openid-configuration"
    auth = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback",
                     "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "secret",
                     "server_metadata_url": provider}}  # fmt: skip
    at = oidc_page(auth)
    if access.importlib.util.find_spec("authlib") is None:
        assert texts(at.error) == [
            "dashboard.login is oidc, and st.login needs the Authlib package: "
            "pip install 'Authlib>=1.3.2', then restart the dashboard."
        ]
    else:
        assert labels(at) == {"Log in"}


def test_oidc_users_get_their_role_and_strangers_are_refused(oidc_page, monkeypatch):
    monkeypatch.setattr(access, "oidc_problem", lambda: None)
    signed_in = {"is_logged_in": True, "email": "maria.chen@example.com"}
    monkeypatch.setattr(access, "oidc_claims", lambda: signed_in)
    at = oidc_page()
    assert texts(at.title) == ["Overview"]
    assert texts(at.sidebar.caption) == ["Logged in as **Maria Chen** (responder)"]

    monkeypatch.setattr(access, "oidc_claims", lambda: {**signed_in, "email": "eve@example.com"})
    at = oidc_page()
    assert texts(at.title) == ["Log in"]
    assert said(at.warning) == [
        "You are signed in as eve@example.com, who is not among this dashboard's users: ask an "
        "administrator to add you to dashboard.users in sources.yaml."
    ]
    assert labels(at) == {"Log out"} and not at.metric


# the settings


def load_settings(text: str, env: dict[str, str]) -> DashboardSettings:
    return parse_config(text, "sources.yaml", env=env).dashboard


def problems(text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "sources.yaml", env=env or {})
    return caught.value.problems


def test_the_default_is_no_login_on_loopback():
    settings = load_settings("", {})
    assert (settings.host, settings.login, settings.users) == ("127.0.0.1", "none", [])


def test_a_login_needs_users_with_what_it_checks():
    assert problems("dashboard:\n  login: password\n") == [
        "line 1: dashboard.users: login: password needs at least one user"
    ]
    text = ("dashboard:\n  login: password\n  users:\n    - name: Li Wei\n"
            "      email: li@example.com\n")  # fmt: skip
    assert problems(text) == [
        "line 3: dashboard.users: [0] (Li Wei): login: password needs a password for every "
        "user: write password: ${LI_WEI_PASSWORD} and set that environment variable"
    ]
    text = "dashboard:\n  login: oidc\n  users:\n    - name: Li Wei\n"
    assert problems(text) == [
        "line 3: dashboard.users: [0] (Li Wei): login: oidc needs an email for every user: "
        "write the address their identity provider reports, e.g. email: maria@example.com"
    ]


def test_users_names_are_unique_and_need_a_login():
    text = ("dashboard:\n  login: oidc\n  users:\n    - {name: Li, email: li@example.com}\n"
            "    - {name: li, email: LI@example.com}\n")  # fmt: skip
    assert problems(text) == [
        "line 3: dashboard.users: the name 'li' is used twice; each user needs their own; "
        "the email 'LI@example.com' is used twice; each user needs their own"
    ]
    assert problems("dashboard:\n  users:\n    - {name: Li, email: li@example.com}\n") == [
        "line 2: dashboard.users: users are only used with a login: set dashboard.login to "
        "password or oidc"
    ]


def test_passwords_come_from_the_environment_and_are_long_enough():
    text = "dashboard:\n  login: password\n  users:\n    - name: Li\n      password: {}\n"
    assert problems(text.format("hunter2-hunter2")) == [
        "line 5: dashboard.users[0].password: secrets must not be written in the file: use "
        "${PASSWORD} and set that environment variable"
    ]
    assert problems(text.format("${LI_PASSWORD}"), {"LI_PASSWORD": "short"}) == [
        "line 5: dashboard.users[0].password: must be at least 8 characters: set its "
        "environment variable to a longer password"
    ]
    assert problems(text.format("${LI_PASSWORD}"))[0].endswith(
        "environment variable LI_PASSWORD is not set: export LI_PASSWORD=... or write "
        "${LI_PASSWORD:-default}"
    )
    assert problems("dashboard:\n  login: open\n") == [
        "line 2: dashboard.login: Input should be 'none', 'password' or 'oidc'"
    ]
    assert problems("dashboard:\n  login: oidc\n  users:\n    - {name: Li, email: li}\n") == [
        "line 4: dashboard.users[0].email: 'li' is not an email address: write e.g. "
        "maria@example.com"
    ]


def test_passwords_never_show_in_the_config_dump():
    config = parse_config(USERS, "sources.yaml", env=PASSWORDS)
    shown = redacted(config)["dashboard"]["users"]
    assert [u["password"] for u in shown] == ["***", "***", "***"]
    assert "vera-sees-all" not in repr(config)


# refusing to start


def test_no_login_is_refused_off_loopback():
    none = DashboardSettings()
    assert startup_refusal(none, "0.0.0.0") == (
        "the dashboard holds complaint records and would listen on 0.0.0.0 without a login: "
        "set dashboard.login to password or oidc (with dashboard.users), or listen on 127.0.0.1"
    )
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host) and startup_refusal(none, host) is None, host
    for host in ("0.0.0.0", "::", "192.168.1.20", "monitor.example.com", "localhost.evil"):
        assert not is_loopback(host), host
    password = load_settings(USERS, PASSWORDS)
    assert startup_refusal(password, "0.0.0.0") is None
    oidc = load_settings(OIDC_USERS, {})
    assert startup_refusal(oidc, "0.0.0.0", authlib=True) is None
    assert "pip install 'Authlib>=1.3.2'" in startup_refusal(oidc, "0.0.0.0", authlib=False)


def test_monitor_dashboard_on_0_0_0_0_without_a_login_exits_with_the_reason(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("database: sqlite:///monitor.db\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "dashboard",
         "--host", "0.0.0.0", "--port", "8599"],  # fmt: skip
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Error: the dashboard holds complaint records and would listen on 0.0.0.0 without a "
        "login: set dashboard.login to password or oidc (with dashboard.users), or listen on "
        "127.0.0.1"
    )


class FakeProcess:
    """What ``subprocess.Popen`` returns, for a dashboard that is never started."""

    started: list[dict[str, str]] = []

    def __init__(self, command, env):
        FakeProcess.started.append(env)

    def wait(self, timeout=None):
        return 0

    def poll(self):
        return 0


@pytest.mark.parametrize(("flag", "wall"), [(["--wall"], "1"), ([], None)])
def test_wall_is_told_to_the_dashboard_by_the_flag_only(tmp_path, monkeypatch, flag, wall):
    monkeypatch.setattr(runner.subprocess, "Popen", FakeProcess)
    monkeypatch.setenv(WALL_ENV, "1")  # inherited from the shell: not what decides
    FakeProcess.started.clear()
    config = tmp_path / "sources.yaml"
    config.write_text("database: sqlite:///monitor.db\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "dashboard", *flag])
    assert result.exit_code == 0, result.output
    (env,) = FakeProcess.started
    assert env.get(WALL_ENV) == wall
    said = "dashboard: http://127.0.0.1:8501" + (" (read-only wall screen)" if wall else "")
    assert result.stderr.strip() == said
