"""English: complaint, risk and safety terms, and function words.

Sentiment for English comes from VADER (``sentiment.analyzers.en``), so there is
no word list here. Written for this project from general knowledge of English.
"""

from __future__ import annotations

COMPLAINT = (
    "complain", "complaint", "refund", "scam", "rip-off", "ripoff", "rip off", "fraud",
    "worst", "terrible", "awful", "horrible", "disgusting", "unacceptable", "useless",
    "never again", "never fly", "never buy", "rude", "cancelled", "canceled", "delayed",
    "lost my", "lost luggage", "broke my", "broken", "damaged", "overcharged",
    "charged twice", "no response", "no reply", "ignored", "on hold", "hung up",
    "still waiting", "waited", "customer service", "unresolved", "disappointed", "angry",
    "furious", "shame on", "compensation", "chargeback", "misleading", "false advertising",
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
