"""The optional transformer backend: ``sentiment: {analyzers: {en: "hf:MODEL"}}``.

Each test builds a tiny BERT classifier on disk (8 hidden units, one layer, a 20-word
vocabulary) whose classifier has zero weights and a bias that makes one label win, so the
expected score is exact: softmax of (4, 0, 0) gives P(winner) - P(other side) = 0.947 for
three labels, and tanh(2) = 0.964 for two.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip(
    "torch", reason="the transformers extra is not installed: pip install -e '.[transformers]'"
)
transformers = pytest.importorskip(
    "transformers",
    reason="the transformers extra is not installed: pip install -e '.[transformers]'",
)

from monitor import parse_config  # noqa: E402
from monitor.analyze import Analyzer  # noqa: E402
from monitor.analyzers.transformer import label_indices  # noqa: E402
from monitor.errors import AnalyzerError  # noqa: E402

WORDS = "[PAD] [UNK] [CLS] [SEP] [MASK] the crew was kind and seat food bag fine very ok it a is"
THREE = {0: "negative", 1: "neutral", 2: "positive"}
TEXT = "The crew was kind and the food was fine at Acme Air"


def tiny_model(folder: Path, id2label: dict[int, str], winner: int) -> Path:
    """Save a sequence classifier whose label ``winner`` always gets P = e^4 / (e^4 + n - 1)."""
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(WORDS.split()) + "\n", encoding="utf-8")
    config = transformers.BertConfig(
        vocab_size=len(WORDS.split()),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=16,
        max_position_embeddings=64,
        id2label=id2label,
        label2id={label: index for index, label in id2label.items()},
    )
    model = transformers.BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        model.classifier.bias[winner] = 4.0
    model.save_pretrained(folder)
    transformers.BertTokenizer(str(folder / "vocab.txt"), model_max_length=64).save_pretrained(
        folder
    )
    return folder


def analyze_cli(config: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "analyze"],
        input=stdin,
        capture_output=True,
        text=True,
    )


def config_for(model: str | Path) -> str:
    return f"""
brands: [{{name: Acme Air}}]
languages: [en, ro]
sentiment:
  analyzers: {{en: "hf:{model}"}}
"""


@pytest.mark.parametrize(
    ("winner", "sentiment"),
    [
        (2, {"label": "positive", "score": 0.947}),
        (0, {"label": "negative", "score": -0.947}),
        (1, {"label": "neutral", "score": 0.0}),
    ],
)
def test_the_winning_label_gives_the_sentiment(tmp_path, winner, sentiment):
    model = tiny_model(tmp_path / "model", THREE, winner)
    analyzer = Analyzer(parse_config(config_for(model)))
    assert analyzer.analyze(TEXT) == {
        "lang": "en",
        "sentiment": sentiment,
        "brands": ["Acme Air"],
        "complaint": False,
        "risk_terms": [],
        "safety_terms": [],
    }


def test_long_texts_are_truncated_to_the_models_limit(tmp_path):
    model = tiny_model(tmp_path / "model", THREE, winner=0)
    analyzer = Analyzer(parse_config(config_for(model)))
    result = analyzer.analyze("The crew was kind and the seat was fine. " * 200)
    assert result["sentiment"] == {"label": "negative", "score": -0.947}


def test_the_default_analyzer_can_be_a_model(tmp_path):
    model = tiny_model(tmp_path / "model", THREE, winner=2)
    config = parse_config(f'languages: [en, ro]\nsentiment: {{default: "hf:{model}"}}\n')
    result = Analyzer(config).analyze("Echipajul a fost foarte amabil și mâncarea a fost bună")
    assert result["lang"] == "ro"
    assert result["sentiment"] == {"label": "positive", "score": 0.947}


@pytest.mark.parametrize(("winner", "label"), [(1, "positive"), (0, "negative")])
def test_anonymous_labels_follow_the_two_label_convention(tmp_path, winner, label):
    model = tiny_model(tmp_path / "model", {0: "LABEL_0", 1: "LABEL_1"}, winner)
    result = Analyzer(parse_config(config_for(model))).analyze(TEXT)
    assert result["sentiment"]["label"] == label
    assert abs(result["sentiment"]["score"]) == 0.964


@pytest.mark.parametrize(
    ("id2label", "negative", "positive"),
    [
        ({0: "NEG", 1: "NEU", 2: "POS"}, 0, 2),
        ({0: "POSITIVE", 1: "NEGATIVE"}, 1, 0),
        ({0: "Negative", 1: "Neutral", 2: "Positive"}, 0, 2),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, 0, 2),
        ({0: "LABEL_0", 1: "LABEL_1"}, 0, 1),
    ],
)
def test_labels_are_mapped_by_name_then_by_convention(id2label, negative, positive):
    assert label_indices(id2label) == (negative, positive)


def test_labels_that_name_no_sentiment_are_refused_by_name(tmp_path):
    stars = {i: f"{i + 1} stars" for i in range(5)}
    model = tiny_model(tmp_path / "model", stars, winner=4)
    with pytest.raises(AnalyzerError) as raised:
        Analyzer(parse_config(config_for(model)))
    assert str(raised.value) == (
        f"sentiment analyzer hf:{model}: cannot tell negative from positive among its labels "
        "(1 stars, 2 stars, 3 stars, 4 stars, 5 stars): it needs labels naming "
        "negative/neutral/positive, or LABEL_0..LABEL_1 (negative, positive) or "
        "LABEL_0..LABEL_2 (negative, neutral, positive); fix id2label in the model's config.json"
    )


def test_a_missing_model_fails_when_the_analyzer_is_built(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(AnalyzerError) as raised:
        Analyzer(parse_config(config_for(missing)))
    assert str(raised.value) == (
        f"sentiment analyzer hf:{missing}: no model directory at {missing}: give the path of "
        "a directory written by save_pretrained, or the name of a model in the local "
        "Hugging Face cache"
    )


def test_a_model_name_outside_the_local_cache_is_never_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))  # read by the subprocess
    config = tmp_path / "sources.yaml"
    config.write_text(config_for("example-org/no-such-model"))
    result = analyze_cli(config, json.dumps({"id": 1, "text": TEXT}))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: sentiment analyzer hf:example-org/no-such-model: model "
        "example-org/no-such-model is not available locally (models are never downloaded at "
        "run time): download it once with `hf download example-org/no-such-model`, or give a "
        "directory path"
    )


def test_monitor_analyze_scores_with_the_model_and_fails_at_start_without_it(tmp_path):
    model = tiny_model(tmp_path / "model", THREE, winner=0)
    config = tmp_path / "sources.yaml"
    config.write_text(config_for(model))
    result = analyze_cli(config, json.dumps({"id": 7, "text": TEXT}))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sentiment"] == {"label": "negative", "score": -0.947}

    missing = tmp_path / "moved-away"
    config.write_text(config_for(missing))
    result = analyze_cli(config, json.dumps({"id": 7, "text": TEXT}))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: sentiment analyzer hf:{missing}: no model directory at {missing}: give the "
        "path of a directory written by save_pretrained, or the name of a model in the local "
        "Hugging Face cache"
    )
