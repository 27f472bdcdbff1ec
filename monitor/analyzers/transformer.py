"""Transformer sentiment: any Hugging Face sequence-classification model, offline.

``hf:MODEL`` in ``sentiment.analyzers`` or ``sentiment.default`` scores texts with a
fine-tuned classifier (e.g. a Twitter RoBERTa sentiment model). ``MODEL`` is a local
directory (as written by ``save_pretrained`` or ``hf download --local-dir``) or the name
of a model already in the local Hugging Face cache. Nothing is ever downloaded: the
monitor runs without network access to the Hub.

The model's labels (``config.id2label``) are mapped by name: a label containing "neg",
"neu" or "pos" (any case) is negative, neutral or positive. Anonymous labels
(``LABEL_0``, ``LABEL_1``, ...) follow the common conventions: two labels are negative,
positive; three are negative, neutral, positive. Anything else is refused, naming the
labels found.

Polarity is P(positive) - P(negative) from the softmax, so in [-1, 1]. A text is
negative at or below -0.25 and positive above 0.25: the winning side needs a margin of a
quarter of the probability mass (for a two-label model, P >= 0.625), so a model that
hesitates, or a three-label model whose mass sits on neutral, gives neutral.

Needs the optional packages ``transformers`` and ``torch``
(``pip install 'crisis-monitor[transformers]'``). Errors:
:class:`~monitor.errors.AnalyzerError`, whose one-line message says what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from monitor.analyzers import Analyzer
from monitor.errors import AnalyzerError

__all__ = [
    "NEGATIVE_AT",
    "POSITIVE_ABOVE",
    "AnalyzerError",
    "label_indices",
    "transformer_analyzer",
]

NEGATIVE_AT = -0.25
POSITIVE_ABOVE = 0.25
MAX_TOKENS = 512  # longer texts are truncated to the model's limit, at most this
_ANONYMOUS = re.compile(r"label_?\d+")
_KINDS = {"neg": "negative", "neu": "neutral", "pos": "positive"}


def transformer_analyzer(model: str) -> Analyzer:
    """The analyzer ``hf:{model}``: a sequence-classification model loaded from a local
    directory or the local Hugging Face cache, on CPU. Raises :class:`AnalyzerError`."""
    name = f"hf:{model}"
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
    except ImportError as exc:
        raise AnalyzerError(
            f"sentiment analyzer {name} needs the optional packages ({exc.name} is missing): "
            "pip install 'crisis-monitor[transformers]'"
        ) from None
    source = str(Path(model).expanduser()) if model.startswith("~") else model
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        classifier = AutoModelForSequenceClassification.from_pretrained(
            source, local_files_only=True
        )
    except (OSError, ValueError) as exc:
        raise AnalyzerError(_not_loaded(name, source, exc)) from None
    negative, positive = label_indices(classifier.config.id2label, name)
    classifier.eval()
    limit = min(
        MAX_TOKENS,
        int(tokenizer.model_max_length),
        int(getattr(classifier.config, "max_position_embeddings", MAX_TOKENS)),
    )

    def polarity(text: str) -> float:
        inputs = tokenizer(text, truncation=True, max_length=limit, return_tensors="pt")
        with torch.inference_mode():
            probabilities = torch.softmax(classifier(**inputs).logits[0], dim=-1)
        return float(probabilities[positive] - probabilities[negative])

    return Analyzer(name, polarity, NEGATIVE_AT, POSITIVE_ABOVE)


def label_indices(id2label: dict[int, str], name: str = "the model") -> tuple[int, int]:
    """The class indices of the negative and positive labels of ``id2label``.

    Raises :class:`AnalyzerError` naming the labels when they cannot be mapped."""
    labels = {int(index): str(label) for index, label in id2label.items()}
    kinds: dict[str, list[int]] = {kind: [] for kind in _KINDS.values()}
    for index, label in labels.items():
        found = [kind for key, kind in _KINDS.items() if key in label.lower()]
        if len(found) == 1:
            kinds[found[0]].append(index)
    named = sum(len(indices) for indices in kinds.values()) == len(labels)
    if named and len(kinds["negative"]) == 1 and len(kinds["positive"]) == 1:
        return kinds["negative"][0], kinds["positive"][0]
    anonymous = all(_ANONYMOUS.fullmatch(label.lower()) for label in labels.values())
    if anonymous and sorted(labels) == list(range(len(labels))) and len(labels) in (2, 3):
        return 0, len(labels) - 1
    found = ", ".join(labels[index] for index in sorted(labels))
    raise AnalyzerError(
        f"sentiment analyzer {name}: cannot tell negative from positive among its labels "
        f"({found}): it needs labels naming negative/neutral/positive, or LABEL_0..LABEL_1 "
        "(negative, positive) or LABEL_0..LABEL_2 (negative, neutral, positive); "
        "fix id2label in the model's config.json"
    )


def _not_loaded(name: str, source: str, exc: Any) -> str:
    """The one-line message for a model that could not be loaded."""
    if Path(source).is_dir():
        if not (Path(source) / "config.json").is_file():
            reason = "it has no config.json"
        elif str(exc).strip():
            reason = str(exc).strip().splitlines()[0]
        else:
            reason = type(exc).__name__
        return (
            f"sentiment analyzer {name}: cannot load the model in {source}: {reason}; "
            "it needs the config, weights and tokenizer files written by save_pretrained"
        )
    if source.startswith(("/", "./", "../", "~")) or Path(source).exists():
        return (
            f"sentiment analyzer {name}: no model directory at {source}: give the path of a "
            "directory written by save_pretrained, or the name of a model in the local "
            "Hugging Face cache"
        )
    return (
        f"sentiment analyzer {name}: model {source} is not available locally (models are "
        f"never downloaded at run time): download it once with `hf download {source}`, "
        "or give a directory path"
    )
