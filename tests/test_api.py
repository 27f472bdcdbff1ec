"""The public Python API is what ``__all__`` says, and every name in it exists."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["monitor", "sources"])
def test_all_names_exist_once(package):
    module = importlib.import_module(package)
    names = module.__all__
    assert len(names) == len(set(names))
    missing = [name for name in names if not hasattr(module, name)]
    assert missing == []


def test_the_api_runs_the_same_operations_as_the_cli():
    import monitor

    config = monitor.parse_config("brands: [{name: Acme Air, aliases: [阿克美航空]}]")
    result = monitor.Analyzer(config).analyze("阿克美航空弄丢了我的行李，我要投诉")
    assert result["brands"] == ["Acme Air"]
    assert result["lang"] == "zh-Hans"
    assert result["complaint"] is True
    assert monitor.analyze_text(config, "Acme Air was lovely")["sentiment"]["label"] == "positive"
