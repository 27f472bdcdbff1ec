"""English: words added to VADER's lexicon, complaint, risk and safety terms, and
function words.

Sentiment for English comes from VADER (``sentiment.analyzers.en``); ``NEGATIVE``
and ``POSITIVE`` add to its lexicon (or override it) the words of customer service,
news and politics it lacks, so they are single lowercase words without stems.
``NEUTRAL`` words lose the valence VADER gives them: "help" and "please" plead in a
complaint far more often than they praise. Written for this project from general
knowledge of English.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # service failures
    "delays": 1.3, "stranded": 2, "overbooked": 1.5, "outage": 1.5, "glitch": 1.2,
    "glitches": 1.2, "crashed": 1.5, "crashing": 1.5, "unreliable": 1.8, "overpriced": 1.5,
    "overcharged": 2, "scammed": 2.5, "unhelpful": 2, "unanswered": 1.5, "nightmare": 2.5,
    "garbage": 2, "trash": 1.8, "bs": 1.5, "ripoff": 2.5, "incompetent": 2.2,
    "unacceptable": 2.2, "inexcusable": 2.5, "clueless": 1.5, "rudest": 3,
    "worthless": 2.2, "broken": 2, "lousy": 2, "mediocre": 1.2, "subpar": 1.5,
    "inconvenience": 1.2, "inconvenienced": 1.5, "disconnected": 1, "misplaced": 1.2,
    "downgrade": 1.2, "downgraded": 1.5, "refused": 1.2, "denied": 1.2,
    # news and markets
    "layoffs": 1.8, "layoff": 1.5, "plunge": 1.8, "plunged": 1.8, "plummet": 2,
    "plummeted": 2, "slump": 1.5, "slumped": 1.5, "tumble": 1.5, "tumbled": 1.5,
    "bankruptcy": 2.2, "breach": 1.5, "recall": 1.2, "shortage": 1.2, "downturn": 1.5,
    "declined": 0.8, "dropped": 0.8, "fell": 0.8, "lower": 0.5, "decreased": 0.8,
    "decrease": 0.6, "weakened": 1.2, "warning": 1, "massacre": 3, "genocide": 3,
    "invasion": 2, "bombing": 2.5, "bombings": 2.5, "airstrike": 2, "airstrikes": 2,
    # politics and abuse
    "nazi": 2.5, "nazis": 2.5, "fascism": 2.5, "deplorable": 2, "deplorables": 1.5,
    "idiots": 2.3, "corrupt": 2.5, "corruption": 2.5, "rigging": 1.5, "hypocrite": 2.2,
    "hypocrites": 2.2, "hypocrisy": 2, "traitor": 2.5, "traitors": 2.5, "thug": 2,
    "thugs": 2, "dictator": 2, "bigot": 2.5, "bigots": 2.5, "bigotry": 2.5,
    "antisemitic": 2.5, "antisemitism": 2.5, "xenophobic": 2.5, "misogynist": 2.5,
    "sexist": 2.2, "homophobic": 2.5, "crooked": 2, "crook": 2, "crooks": 2,
    "scumbag": 3, "scum": 3, "disgraceful": 2.5, "shameless": 2, "lies": 2,
    "lie": 1.5, "lied": 2, "clown": 1.5, "clowns": 1.5, "puppet": 1, "sham": 2,
    "fake": 1.5, "hoax": 1.5, "propaganda": 1.5, "pathetic": 2.7, "ugh": 1.8,
    "smh": 1.5, "wtf": 2.5, "yikes": 1.2, "meh": 1, "ffs": 2, "notmypresident": 2,
    "apartheid": 2.5, "bigoted": 2.5, "oppression": 2.5, "tyranny": 2.5, "tyrant": 2.5,
    "censorship": 1.5, "inhumane": 2.5, "coverup": 2, "unconstitutional": 2,
    "illegitimate": 2, "authoritarian": 1.5, "dictatorship": 2.5, "looting": 2.5,
    "shooting": 2, "shootings": 2.5, "shooter": 2, "bullies": 2, "deportation": 1,
    "slammed": 1.2, "slams": 1, "blasted": 1, "backlash": 1.5, "crackdown": 1.5,
    "hostage": 2, "bombed": 2.5, "starvation": 2.5,
    "famine": 2.5, "casualties": 2.5, "wounded": 2, "deaths": 2.5, "stole": 2,
    "robbed": 2, "robbery": 2, "crimes": 2, "jail": 1.2, "sexism": 2.5, "misogyny": 2.5,
    "xenophobia": 2.5, "islamophobia": 2.5, "homophobia": 2.5, "transphobia": 2.5,
    "kkk": 2.5, "extremist": 2, "extremists": 2, "jihadist": 2, "jihadists": 2,
    "isis": 1.5, "delusional": 2, "psycho": 2, "creepy": 1.5,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    "lifesaver": 2.5, "seamless": 1.8, "smooth": 1.2, "painless": 1.5, "hassle-free": 2,
    "outstanding": 2.5, "exceptional": 2.5, "superb": 2.8, "flawless": 2.5, "kudos": 2,
    "props": 1.5, "shoutout": 1.5, "upgraded": 1.2, "upgrade": 0.8, "surge": 1,
    "surged": 1.2, "soared": 1.5, "soar": 1.2, "rallied": 1, "outperform": 1.5,
    "outperformed": 1.5, "profitable": 1.5, "rose": 0.8, "increased": 0.6, "grew": 0.8,
    "growth": 1, "record-high": 1.5, "beat": 0.5, "yay": 2, "woohoo": 2, "stoked": 2,
}  # fmt: skip
NEUTRAL = ("help", "please", "joke", "hold")

COMPLAINT = (
    "complain", "complaint", "refund", "scam", "rip-off", "ripoff", "rip off", "fraud",
    "worst", "terrible", "awful", "horrible", "disgusting", "unacceptable", "useless",
    "never again", "never fly", "never buy", "rude", "cancelled", "canceled", "delayed",
    "lost my", "lost luggage", "broke my", "broken", "damaged", "overcharged",
    "charged twice", "no response", "no reply", "ignored", "on hold", "hung up",
    "still waiting", "waited", "customer service", "unresolved", "disappointed", "angry",
    "furious", "shame on", "compensation", "chargeback", "misleading", "false advertising",
    "delay", "stranded", "stuck on", "stuck in", "stuck at", "missed my", "miss my",
    "been waiting", "still no", "still not", "never received", "never arrived",
    "haven't received", "have not received", "not received", "didn't receive",
    "not working", "doesn't work", "does not work", "didn't work", "stopped working",
    "no one", "nobody", "no answer", "not answering", "not responding", "can't get through",
    "cannot get through", "couldn't get through", "not helpful", "no help",
    "ridiculous", "pathetic", "incompetent", "unprofessional", "poor service",
    "bad service", "terrible service", "worst service", "fix this", "what's the point",
    "get your act together", "get its act together", "not acceptable", "not happy",
    "wasted", "waste of", "lost bag", "lost baggage", "lost my bag", "missing bag",
)  # fmt: skip
RISK = ("boycott", "recall", "unsafe", "danger", "dangerous", "hazard")
SAFETY = (
    "death", "dead", "died", "dies", "killed", "kill", "fatal", "murder", "injury",
    "injured", "hurt", "hospital", "assault", "attacked", "rape", "harass", "violence",
    "fire", "explosion", "poison", "food poisoning", "lawsuit", "sue", "suing", "sued",
    "legal action", "lawyer", "class action",
)  # fmt: skip
FUNCTION_WORDS = (
    "the", "and", "is", "are", "was", "were", "this", "that", "with", "you", "your",
    "have", "has", "not", "for", "what", "but", "just", "they", "it's", "i'm", "don't",
    "can't", "my", "me", "been", "will", "would", "of", "to", "from", "at", "why", "how",
)  # fmt: skip
