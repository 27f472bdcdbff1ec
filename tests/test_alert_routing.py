"""The routing tree in sources.yaml: which receivers hear which alert, under which policy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.alerts.routing import Labels, Policy, route_alert
from monitor.config import parse_config
from monitor.errors import ConfigError

CHANNELS = """
alerts:
  channels:
    - {name: pr-slack, type: slack, url: "http://127.0.0.1:1/a"}
    - {name: pr-lead, type: webhook, url: "http://127.0.0.1:1/b"}
    - {name: head-comms, type: webhook, url: "http://127.0.0.1:1/c"}
    - {name: ceo, type: webhook, url: "http://127.0.0.1:1/d", min_severity: critical}
    - {name: ops-slack, type: slack, url: "http://127.0.0.1:1/e", audience: ops}
"""

TREE = (
    CHANNELS
    + """
  route:
    receivers: [pr-slack]
    group_wait: 30s
    repeat_interval: 6h
    routes:
      - match: {kind: safety}
        receivers: [pr-lead]
        escalate_to: [head-comms, ceo]
        escalate_after: {critical: 15m}
        continue: true
      - match: {brand: [Acme Air, Skyline Air], severity: critical}
        receivers: [pr-lead, ceo]
        group_by: [brand, severity]
        routes:
          - match: {kind: negativity}
            receivers: [head-comms]
      - match: {kind: ops}
        receivers: [ops-slack]
"""
)


def route(text: str, brand: str | None, severity: str, *kinds: str) -> dict[str, Policy]:
    config = parse_config(text, "sources.yaml")
    return {d.channel: d.policy for d in route_alert(config.alerts, Labels(brand, severity, kinds))}


def test_an_alert_no_route_matches_goes_to_the_roots_receivers():
    assert list(route(TREE, "Other Brand", "warning", "spike")) == ["pr-slack"]


def test_the_first_matching_route_takes_the_alert_with_the_settings_it_inherits():
    routed = route(TREE, "Acme Air", "critical", "spike")
    assert list(routed) == ["pr-lead", "ceo"]  # not pr-slack: a route below took it
    policy = routed["pr-lead"]
    assert policy.group_wait == 30 and policy.repeat_interval == 6 * 3600  # from the root
    assert policy.group_by == ("brand", "severity")  # its own


def test_a_child_route_takes_what_it_matches_and_inherits_the_rest():
    routed = route(TREE, "Skyline Air", "critical", "negativity")
    assert list(routed) == ["head-comms"]
    assert routed["head-comms"].group_by == ("brand", "severity")  # from its parent route


def test_continue_lets_later_routes_match_too():
    routed = route(TREE, "Acme Air", "critical", "safety")
    assert list(routed) == ["pr-lead", "ceo"]  # the safety route, then the critical one
    assert routed["pr-lead"].escalate_to == ("head-comms", "ceo")  # the first route's policy
    assert routed["pr-lead"].escalates_after("critical") == timedelta(minutes=15)
    assert routed["pr-lead"].escalates_after("warning") == timedelta(hours=2)  # the default


def test_a_warning_skips_receivers_that_take_critical_alerts_only():
    routed = route(TREE, "Acme Air", "warning", "safety")
    assert list(routed) == ["pr-lead"]  # the safety route continues; nothing else matches...
    assert "ceo" not in route(TREE, "Acme Air", "warning", "safety")


def test_ops_alerts_reach_ops_receivers_only_and_are_never_lost():
    assert list(route(TREE, None, "warning", "ops")) == ["ops-slack"]
    # a tree that sends everything to leadership still keeps ops alerts away from them
    everything = CHANNELS + "  route:\n    receivers: [pr-slack, ceo]\n"
    assert list(route(everything, None, "warning", "ops")) == ["ops-slack"]
    assert list(route(everything, "Acme Air", "critical", "spike")) == ["pr-slack", "ceo"]


def test_without_a_tree_executive_channels_hear_incidents_and_ops_channels_ops():
    assert list(route(CHANNELS, "Acme Air", "warning", "spike")) == [
        "pr-slack",
        "pr-lead",
        "head-comms",
    ]
    assert list(route(CHANNELS, "Acme Air", "critical", "spike"))[-1] == "ceo"
    assert list(route(CHANNELS, None, "warning", "ops")) == ["ops-slack"]
    assert route(CHANNELS, "Acme Air", "critical", "sla_breach") == {}  # owners hear of those


def test_group_keys_follow_group_by():
    policy = route(TREE, "Acme Air", "critical", "spike")["pr-lead"]
    assert policy.group_key(Labels("Acme Air", "critical", ("spike",))) == (
        "brand=Acme Air,severity=critical"
    )
    assert Policy().group_key(Labels("Acme Air", "warning", ("spike",))) == "brand=Acme Air"


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        (
            "  route:\n    receivers: [pr-slack]\n    routes:\n      - receivers: [cfo]\n",
            "line 12: alerts.route.routes[0].receivers: cfo: not in alerts.channels (ceo, "
            "head-comms, ops-slack, pr-lead, pr-slack); name a channel there",
        ),
        (
            "  route:\n    receivers: [pr-slack]\n    escalate_to: [board]\n",
            "line 11: alerts.route.escalate_to: board: not in alerts.channels",
        ),
        ("  route:\n    group_wait: 30s\n", "the root of the routing tree needs receivers"),
        (
            "  route:\n    receivers: [pr-slack]\n    routes:\n      - match: {kind: outage}\n",
            "alerts.route.routes[0].match.kind[0]: Input should be 'spike', 'negativity'",
        ),
        (
            "  route:\n    receivers: [pr-slack]\n    routes:\n"
            "      - match: {sevrity: critical}\n",
            "line 12: alerts.route.routes[0].match.sevrity: unknown setting",
        ),
    ],
)
def test_a_bad_tree_is_refused_at_load_naming_where_and_why(tree, message):
    with pytest.raises(ConfigError) as caught:
        parse_config(CHANNELS + tree, "sources.yaml")
    assert message in str(caught.value)


def test_quiet_hours_and_digests_are_checked_at_load():
    bad = CHANNELS.replace(
        'url: "http://127.0.0.1:1/b"}',
        'url: "http://127.0.0.1:1/b", timezone: Mars/Olympus, '
        'quiet_hours: {start: "22:00", end: "22:00"}}',
    ).replace("audience: ops}", "audience: ops, digest: daily}")
    with pytest.raises(ConfigError) as caught:
        parse_config(bad, "sources.yaml")
    text = str(caught.value)
    assert "unknown time zone 'Mars/Olympus'" in text
    assert "start and end are the same time" in text
    assert "digests are for executive channels" not in text or "digest" in text
    assert "the daily and weekly briefs are for executive channels" in text


def test_two_channels_of_one_name_are_refused():
    twice = CHANNELS + '    - {name: ceo, type: webhook, url: "http://127.0.0.1:1/f"}\n'
    with pytest.raises(ConfigError, match="channels: the name 'ceo' is used twice"):
        parse_config(twice, "sources.yaml")
