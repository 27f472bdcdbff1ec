"""Tell SEO spam from real posts, with a reason a person can check.

Spam pages (often hacked sites) carry a headline that is a long list of short
keyword phrases, or a body that repeats the same few words. Four features, each
scored from 0 (ordinary) to 1 (certainly spam); the item's score is the highest:

- keyword list: a line split by commas, pipes, dashes or slashes into many short
  phrases, with no sentence punctuation, and the phrases share their words. It
  counts in full in the title or the first line of the text (where spam puts its
  keywords); deeper in the text (a tag line) only when such lines are a large part
  of the text;
- repetition: in windows of 50 words the same words come back again and again
  (few distinct words in each window);
- keyword density: one word makes up a large share of all words;
- hashtags: most of the words are hashtags.

Text without spaces (Chinese, Japanese) is read as overlapping pairs of
characters, so every feature works for it too.

A source's ``allow_domains`` and ``block_domains`` (``DomainRules``) come first:
an item linking to a blocked domain or one of its subdomains is dropped, one
linking to an allowed domain is never judged spam. This module does no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from monitor.textfold import CJK_RANGES, is_cjk

__all__ = ["DomainRules", "SpamVerdict", "check_spam"]

THRESHOLD = 0.5
MIN_PHRASES = 6
WINDOW = 50

# Not the Chinese comma "，": prose uses it between clauses, keyword lists rarely do.
_SEPARATOR = re.compile(r"\s*(?:[,、|｜/／;；•·~_]|\s[-–—]\s|(?<=\S)[-–—](?=\S))\s*")
# Sentences and "label: value" lines (recipes, schedules) are not keyword lists.
_SENTENCE_END = re.compile(f"[.!?](?:\\s|$|[{CJK_RANGES}])|[。！？：]|:\\s")
_HASHTAG = re.compile(r"#[^\W_]\w*#?")
_EMOTICON = re.compile(r"\[[^\[\]\s]{1,8}\]")  # [怒] [哈哈]: Weibo's emoticon codes
# Characters that glue Chinese prose together; keyword phrases are bare nouns and verbs.
_CJK_FUNCTION = frozenset(
    "的了我你他她它是在就也都很还没这那吗呢吧啊着过们和被把让给说会要"
    "係嘅咗唔佢哋啦咁喺冇"  # Cantonese
)
_REPEATS = re.compile(r"(.)\1{2,}")
_UNIT = re.compile(f"[{CJK_RANGES}]+|#?[^\\W_]+", re.UNICODE)
_STOPWORDS = frozenset(
    """the and for with that this from have has had was were are you your our their they
    them not but all any can could would should will just been into about after over what
    when where which who how its than then also very more most some such only other out
    one two is on in at to of a an or as by be do does did so if no it he she his her
    we us my me i și sau care este sunt pentru din cu la de pe un o ce mai nu să se ca au
    fost""".split()
)


@dataclass(frozen=True)
class SpamVerdict:
    """Whether an item is spam, how sure (0..1), and why, in plain words."""

    is_spam: bool
    score: float
    reason: str


@dataclass(frozen=True)
class DomainRules:
    """A source's lists of domains: ``allow`` skips the spam check, ``block`` drops.

    A domain covers its subdomains: ``example.com`` covers ``news.example.com``.
    """

    allow: Sequence[str] = ()
    block: Sequence[str] = ()

    def allows(self, url: str) -> bool:
        return _covered(url, self.allow)

    def blocks(self, url: str) -> bool:
        return _covered(url, self.block)


def _covered(url: str, domains: Sequence[str]) -> bool:
    if not domains or not url:
        return False
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return False
    for domain in domains:
        domain = domain.strip().lower().lstrip("*.").rstrip(".")
        if "://" in domain:  # a URL where a domain was meant
            domain = (urlsplit(domain).hostname or "").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def check_spam(title: str, text: str = "") -> SpamVerdict:
    """Judge one item from its title and text."""
    scores = [
        _keyword_list(title, text),
        _repetition(f"{title}\n{text}"),
        _density(f"{title}\n{text}"),
        _hashtags(f"{title}\n{text}"),
    ]
    score, reason = max(scores, key=lambda s: s[0])
    if score == 0:
        reason = "reads like ordinary text"
    elif score < THRESHOLD:
        reason = f"reads like ordinary text (a weak sign: {reason})"
    return SpamVerdict(score >= THRESHOLD, round(score, 2), reason)


def _units(text: str) -> list[str]:
    """Words, lower-cased; runs of CJK characters become overlapping character pairs."""
    out: list[str] = []
    for match in _UNIT.finditer(text.lower()):
        run = match.group()
        if is_cjk(run[0]):
            run = _REPEATS.sub(r"\1\1", run)  # 哈哈哈哈 (laughter) is one pair
            out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        else:
            out.append(run)
    return out


def _content(unit: str) -> bool:
    if is_cjk(unit[0]):
        return len(unit) < 2 or unit[0] != unit[1]  # not laughter such as 哈哈
    return len(unit) >= 3 and unit not in _STOPWORDS and not unit.isdigit()


def _ramp(value: float, low: float, high: float) -> float:
    """0 at ``low``, 1 at ``high`` (either direction), linear between."""
    if high == low:
        return 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


def _line_list_score(line: str) -> tuple[float, int]:
    """How much one line looks like a keyword list, and how many phrases it has."""
    line = line.strip()
    phrases = [p for p in _SEPARATOR.split(line) if p]
    if _mostly_cjk(line):  # Chinese keyword lists are often separated by spaces alone
        phrases = [w for p in phrases for w in p.split()]
    if len(phrases) < MIN_PHRASES or _SENTENCE_END.search(line[:-1] + " "):
        return 0.0, len(phrases)
    words = [[u for u in _units(p) if _content(u)] for p in phrases]
    if max((len(p.split()) for p in phrases), default=0) > 6:
        return 0.0, len(phrases)
    if max((len(p) for p in phrases), default=0) > 40:
        return 0.0, len(phrases)
    counts = Counter(u for ws in words for u in set(ws))
    shared = sum(1 for ws in words if any(counts[u] > 1 for u in ws)) / len(phrases)
    prose = sum(1 for p in phrases if _prose_like(p)) / len(phrases)
    length = _ramp(len(phrases), MIN_PHRASES - 1, MIN_PHRASES + 2)
    return _ramp(shared, 0.4, 0.8) * _ramp(prose, 0.5, 0.25) * length, len(phrases)


def _mostly_cjk(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if is_cjk(c)) / len(letters) > 0.5


def _prose_like(phrase: str) -> bool:
    """A clause of a sentence rather than a keyword: it has the little words of prose."""
    if any(c in _CJK_FUNCTION for c in phrase):
        return True
    words = phrase.lower().split()
    return sum(1 for w in words if w in _STOPWORDS) >= 2


def _keyword_list(title: str, text: str) -> tuple[float, str]:
    lines = [line for line in text.split("\n") if line.strip()]
    head = [title] + lines[:1]
    best, phrases = max((_line_list_score(line) for line in head), default=(0.0, 0))
    if best >= THRESHOLD:
        return best, f"the headline is a list of {phrases} keyword phrases"
    listed = [line for line in lines[1:] if _line_list_score(line)[0] >= THRESHOLD]
    share = sum(len(line) for line in listed) / max(1, sum(len(line) for line in lines))
    score = _ramp(share, 0.1, 0.3)
    return score, f"{round(100 * share)}% of the text is lists of keyword phrases"


def _repetition(text: str) -> tuple[float, str]:
    words = _units(text)
    if len(words) < WINDOW:
        return 0.0, ""
    ratios = [
        len(set(words[i : i + WINDOW])) / WINDOW
        for i in range(0, len(words) - WINDOW + 1, WINDOW // 2)
    ]
    ratios.sort()
    typical = ratios[len(ratios) // 2]
    score = _ramp(typical, 0.45, 0.3)
    return score, (
        f"the text keeps repeating itself: only {round(100 * typical)}% of the words "
        f"in a typical run of {WINDOW} are different"
    )


def _density(text: str) -> tuple[float, str]:
    words = [u for u in _units(_EMOTICON.sub(" ", text)) if _content(u) and len(u) > 1]
    if len(words) < 40:
        return 0.0, ""
    word, count = Counter(words).most_common(1)[0]
    share = count / len(words)
    score = _ramp(share, 0.15, 0.3)
    return score, f"'{word}' is {round(100 * share)}% of the words ({count} times)"


def _hashtags(text: str) -> tuple[float, str]:
    tags = _HASHTAG.findall(text)
    words = len(_units(_HASHTAG.sub(" x ", text)))
    if len(tags) < 15 or not words:
        return 0.0, ""
    share = len(tags) / words
    return _ramp(share, 0.5, 0.8), f"{len(tags)} hashtags in {words} words"
