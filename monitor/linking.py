"""Link complaint records to incidents, and group complaints about the same issue.

**Linking.** A complaint may link to an incident when it was filed up to
``complaints.link_before`` before the storm began, or while the incident was open. Its
score, 0 to 1, adds up what they have in common:

- same brand: 0.15;
- time: 0.15 when filed during the incident, falling linearly to 0 at ``link_before``
  before the storm began;
- a shared identifier found in the incident's posts (order or booking number, licence
  plate, flight number, @handle): 0.35; a shared product name only 0.175;
- shared key terms (the incident's top, complaint and risk terms among the complaint's
  words): 0.20 for three or more, a third of it per term;
- text like a post's: 0.15 when ``TEXT_FULL`` of the complaint's word pairs
  (``monitor.stories``) are in one of the incident's posts, in proportion down to
  ``TEXT_LIKE``, nothing below. Not Jaccard: a complaint pasted into a long post is
  that post's text, however much more the post says.

A complaint of the incident's brand always links: brand and time alone are a weak link
(0.15 to 0.30), but an incident must list the complaints that predate it. A complaint
with no brand on record links only when it shares an identifier other than a product
and scores at least ``UNBRANDED_FLOOR``. A linked complaint moves to another incident
only when it scores ``RELINK_MARGIN`` more there: the first link stands otherwise, with
the score and reason it was given. Every link and move is a ``linked`` event in the
complaint's history.

**Grouping.** Two complaints of one brand filed within ``link_before`` of each other are
about the same issue when their texts are near copies (half their word pairs shared,
found by MinHash as in ``monitor.stories``), when they share an identifier other than
a product, or when they share at least ``GROUP_TERMS`` key terms making up
``GROUP_TERM_SHARE`` of their terms together. Groups are joined transitively; a group
(a cluster) is known by its earliest complaint's id, stored as every member's
``cluster_id`` (the head's own id on the head, and on a complaint alone).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from monitor.complaintstatus import is_resolved
from monitor.config import Config
from monitor.explain import hours_words, top_terms
from monitor.identifiers import STRONG, Features, features, find_identifiers
from monitor.models import Incident
from monitor.store import Store
from monitor.store.complaintlinks import (
    ComplaintRow,
    cluster_members,
    clustered,
    group_pool,
    link_candidates,
    mark_alone,
    save_group,
    save_link,
    ungrouped_complaints,
    unlinked_spans,
)
from monitor.store.incidents import list_incidents
from monitor.store.mentions import MentionFilter, mention_rows
from monitor.stories import MIN_PHRASES, MIN_SIMILARITY, phrases, similarity
from monitor.textfold import fold_words

__all__ = [
    "Cluster",
    "Link",
    "clusters",
    "group_complaints",
    "link_complaints",
    "score_link",
]

WEIGHTS = {"brand": 0.15, "time": 0.15, "identifier": 0.35, "terms": 0.20, "text": 0.15}
FULL_TERMS = 3  # shared key terms that count in full
TEXT_LIKE = 0.4  # a post holding this share of the complaint's word pairs reads like it
TEXT_FULL = 0.8
UNBRANDED_FLOOR = 0.5  # a complaint with no brand links from this score, on an identifier
RELINK_MARGIN = 0.2  # how much better another incident must score to take a complaint
MAX_POSTS = 2000  # an incident's newest posts compared with its complaints
LINK_INCIDENTS = 500  # the newest incidents considered each cycle
GROUP_TERMS = 3
GROUP_TERM_SHARE = 0.4

# --- linking ---------------------------------------------------------------------------


@dataclass
class _Profile:
    """An incident's side of the comparison: its key terms, its posts' identifiers
    (key -> posts naming it) and their word pairs."""

    terms: tuple[str, ...]
    ids: Counter[str]
    posts: list[frozenset[str]]


@dataclass(frozen=True)
class Link:
    score: float
    reason: str
    strong_id: bool


def _profile(store: Store, incident: Incident, brand_terms: tuple[str, ...]) -> _Profile:
    d = incident.details
    terms = [*d.get("top_terms", []), *d.get("complaint_terms", []), *d.get("risk_terms", [])]
    assert incident.id is not None
    ids, posts = _posts(store, incident.id, incident.updated_at, brand_terms)
    return _Profile(tuple(dict.fromkeys(fold_words(t) for t in terms)), ids, posts)


@lru_cache(maxsize=16)
def _posts(
    store: Store, incident_id: int, updated_at: datetime, brand_terms: tuple[str, ...]
) -> tuple[Counter[str], list[frozenset[str]]]:
    """The identifiers (key -> posts naming it) and word pairs of an incident's newest
    posts, kept while the incident is unchanged (its mentions change only with it)."""
    ids: Counter[str] = Counter()
    posts = []
    where = MentionFilter(incident_id=incident_id)
    for row in mention_rows(store, where, limit=MAX_POSTS, newest_first=True):
        ids.update(find_identifiers(f"{row['title']}\n{row['text']}", brand_terms).keys())
        posts.append(phrases(row["title"], row["text"]))
    return ids, posts


def score_link(
    complaint: Features,
    profile: _Profile,
    created: datetime,
    incident: Incident,
    window: timedelta,
    same_brand: bool,
) -> Link:
    """How strongly a complaint belongs to an incident, and why, in words."""
    lead = incident.began_at - created
    closeness = 1.0 if lead <= timedelta(0) else max(0.0, 1 - lead / window)
    shared_ids = [i for k, i in complaint.ids.items() if profile.ids[k]]
    strong = [i for i in shared_ids if i.kind in STRONG]
    id_part = 1.0 if strong else (0.5 if shared_ids else 0.0)
    named = {fold_words(i.shown).lstrip("#@") for i in complaint.ids.values()}
    terms = [t for t in profile.terms if t not in named and complaint.has_term(t)]
    terms.sort(key=lambda t: (complaint.folded.find(t), t))  # as the complaint says them
    sims = [_contained(complaint.phrases, post) for post in profile.posts]
    best = max(sims, default=0.0)
    parts = {
        "brand": 1.0 if same_brand else 0.0,
        "time": closeness,
        "identifier": id_part,
        "terms": min(1.0, len(terms) / FULL_TERMS),
        "text": min(1.0, best / TEXT_FULL) if best >= TEXT_LIKE else 0.0,
    }
    score = round(sum(WEIGHTS[k] * v for k, v in parts.items()), 2)
    who = "same brand" if same_brand else "no brand on record"
    when = (
        f"filed {hours_words(lead)} before the storm began"
        if lead > timedelta(0)
        else "filed during the incident"
    )
    evidence = []
    if shared_ids:
        evidence.append(", ".join(i.words() for i in shared_ids[:3]))
    if terms:
        evidence.append(f"the term{'s' * (len(terms) > 1)} {', '.join(terms[:5])}")
    reason = f"{who}, {when}"
    if evidence:
        reason += "; shares " + " and ".join(evidence)
    like = sum(1 for s in sims if s >= TEXT_LIKE)
    if like:
        reason += f"; text like {like} of its posts"
    if not evidence and not like:
        reason += "; nothing else in common"
    return Link(score, reason, bool(strong))


def _contained(mine: frozenset[str], post: frozenset[str]) -> float:
    """The share of a complaint's word pairs found in a post (0 for a text too short to
    tell, as ``monitor.stories`` judges it)."""
    if len(mine) < MIN_PHRASES:
        return 0.0
    return len(mine & post) / len(mine)


def link_complaints(config: Config, store: Store, now: datetime) -> int:
    """Link complaints to the incidents they belong to (see the module docstring), then
    group complaints about the same issue. Returns how many links were made or moved."""
    window = config.complaints.link_before
    terms = {b.name: tuple(b.terms) for b in config.brands}
    spans = unlinked_spans(store)
    best: dict[int, tuple[Link, int, ComplaintRow]] = {}
    for incident in sorted(list_incidents(store, limit=LINK_INCIDENTS), key=_began):
        live = incident.status == "open"  # only a live storm takes strangers and moves
        if not live and not _overlaps(spans.get(incident.brand), incident, window, now):
            continue
        brand_terms = terms.get(incident.brand, (incident.brand,))
        profile: _Profile | None = None
        for row in link_candidates(store, incident, window, now, live):
            if row.incident_id is not None and (row.link_score or 0) > 1 - RELINK_MARGIN:
                continue
            same = row.brand == incident.brand
            found = _features(row.text, brand_terms)
            if not same and not found.strong_ids():
                continue
            profile = profile or _profile(store, incident, brand_terms)
            link = score_link(found, profile, row.created_at, incident, window, same)
            if not same and (not link.strong_id or link.score < UNBRANDED_FLOOR):
                continue
            if row.incident_id is not None and link.score < (row.link_score or 0) + RELINK_MARGIN:
                continue
            if row.id not in best or link.score > best[row.id][0].score:
                best[row.id] = (link, incident.id or 0, row)
    made = sum(
        save_link(store, row, incident_id, link.score, link.reason, now)
        for link, incident_id, row in best.values()
    )
    group_complaints(config, store, now)
    return made


def _overlaps(
    span: tuple[datetime, datetime] | None, incident: Incident, window: timedelta, now: datetime
) -> bool:
    """Whether unlinked complaints filed within ``span`` may fall in the incident's window."""
    if span is None:
        return False
    first, last = span
    return first <= (incident.closed_at or now) and last >= incident.began_at - window


def _began(incident: Incident) -> tuple[datetime, int]:
    return incident.began_at, incident.id or 0


@lru_cache(maxsize=4096)
def _features(text: str, brand_terms: tuple[str, ...]) -> Features:
    return features(text, brand_terms)


# --- grouping --------------------------------------------------------------------------

COMMON_SHARE = 0.2  # a term in more of a brand's complaints than this is its daily vocabulary
COMMON_POOL = 20  # ... when there are at least this many to tell


def group_complaints(config: Config, store: Store, now: datetime) -> int:
    """Give every complaint not grouped yet its cluster (see the module docstring).
    Returns how many complaints joined or changed cluster."""
    window = config.complaints.link_before
    terms = {b.name: tuple(b.terms) for b in config.brands}
    by_brand: dict[str, list[ComplaintRow]] = defaultdict(list)
    for row in ungrouped_complaints(store):
        by_brand[row.brand or ""].append(row)
    changed = 0
    for brand, rows in by_brand.items():
        changed += _group_brand(store, brand, rows, terms.get(brand, (brand,)), window, now)
    return changed


def _group_brand(
    store: Store,
    brand: str,
    new: list[ComplaintRow],
    brand_terms: tuple[str, ...],
    window: timedelta,
    now: datetime,
) -> int:
    pool = {r.id: r for r in group_pool(store, brand, new[0].created_at - window,
                                          new[-1].created_at + window)}  # fmt: skip
    feats = {cid: _features(r.text, brand_terms) for cid, r in pool.items()}
    common = _common_terms(feats.values())
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in pool.values():
        parent[find(r.id)] = find(r.cluster_id if r.cluster_id is not None else r.id)
    index: dict[object, list[int]] = defaultdict(list)
    for cid, f in feats.items():
        for key in _index_keys(f, common):
            index[key].append(cid)
    notes: dict[int, str] = {}
    for r in new:
        mine = feats[r.id]
        for other in sorted({o for k in _index_keys(mine, common) for o in index[k]} - {r.id}):
            if abs(pool[other].created_at - r.created_at) > window:
                continue
            why = _same_issue(mine, feats[other], common)
            if why:
                parent[find(r.id)] = find(other)
                notes.setdefault(r.id, f"same issue as {pool[other].external_id}: {why}")
    components: dict[int, set[int]] = defaultdict(set)
    for cid in list(parent):
        components[find(cid)].add(cid)
    new_ids = {r.id for r in new}
    alone: list[int] = []
    changed = 0
    for members in components.values():
        fresh = members & new_ids
        if not fresh:
            continue
        if len(members) == 1:
            alone.extend(fresh)
            continue
        heads = {m for m in members if m not in pool}  # heads filed before the pool
        heads |= {c for m in members if m in pool and (c := pool[m].cluster_id) is not None}
        everyone = {r.id: r for r in cluster_members(store, heads)}
        everyone.update({m: pool[m] for m in fresh})
        head = min(everyone.values(), key=lambda r: (r.created_at, r.id))
        why = {m: notes.get(m) or f"same issue as {head.external_id}, filed earlier"
               for m in everyone}  # fmt: skip
        changed += save_group(store, head.id, everyone.values(), why, now)
    mark_alone(store, alone)
    return changed


def _common_terms(all_features: Iterable[Features]) -> frozenset[str]:
    found = list(all_features)
    if len(found) < COMMON_POOL:
        return frozenset()
    counts = Counter(t for f in found for t in f.terms)
    return frozenset(t for t, n in counts.items() if n > COMMON_SHARE * len(found))


def _index_keys(f: Features, common: frozenset[str]) -> list[object]:
    keys: list[object] = [("band", i, b) for i, b in enumerate(f.bands or ())]
    keys += [("id", k) for k in f.strong_ids()]
    keys += [("term", t) for t in f.terms if t not in common]
    return keys


def _same_issue(a: Features, b: Features, common: frozenset[str]) -> str:
    """Why two complaints are about the same issue, or "" if they are not."""
    ids = [a.ids[k] for k in a.strong_ids() & b.strong_ids()]
    if ids:
        return "shares " + ", ".join(sorted(i.words() for i in ids))
    if a.bands and b.bands and similarity(a.phrases, b.phrases) >= MIN_SIMILARITY:
        return "nearly the same text"
    mine = set(a.terms) - common
    theirs = set(b.terms) - common
    shared = mine & theirs
    if len(shared) >= GROUP_TERMS and len(shared) >= GROUP_TERM_SHARE * len(mine | theirs):
        return "shares the terms " + ", ".join(t for t in a.terms if t in shared)
    return ""


@dataclass(frozen=True)
class Cluster:
    """Complaints about one issue: for the dashboard and the customer-service report."""

    head_id: int  # the earliest complaint's id, every member's cluster_id
    head: str  # its external id
    brand: str | None
    size: int
    customers: int  # distinct customers (a complaint without one counts as one)
    first_filed: datetime
    last_filed: datetime
    top_terms: list[str]
    unresolved: int
    ids: list[int]


def clusters(store: Store, brand: str | None = None, min_size: int = 2) -> list[Cluster]:
    """Clusters of at least ``min_size`` complaints, the largest first (then the latest)."""
    groups: dict[int, list[ComplaintRow]] = defaultdict(list)
    for row in clustered(store, brand, min_size):
        groups[row.cluster_id or row.id].append(row)
    out = []
    for head_id, rows in groups.items():
        if len(rows) < min_size:
            continue
        head = next((r for r in rows if r.id == head_id), rows[0])
        counted = top_terms((r.text for r in rows), [head.brand or ""], limit=None)
        terms = sorted(counted, key=lambda t: (-t[1], t[0]))[:5]  # ties in a stable order
        out.append(
            Cluster(
                head_id=head_id,
                head=head.external_id,
                brand=head.brand,
                size=len(rows),
                customers=len({r.customer or f"#{r.id}" for r in rows}),
                first_filed=min(r.created_at for r in rows),
                last_filed=max(r.created_at for r in rows),
                top_terms=[t for t, n in terms if n > 1] or [t for t, _ in terms[:3]],
                unresolved=sum(1 for r in rows if _unresolved(r)),
                ids=[r.id for r in rows],
            )
        )
    out.sort(key=lambda c: (-c.size, -c.last_filed.timestamp(), c.head_id))
    return out


def _unresolved(row: ComplaintRow) -> bool:
    return row.resolved_at is None and not is_resolved(row.status)
