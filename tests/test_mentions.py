"""Brands are found in any script, and each mention gets a language, a sentiment and flags."""

from __future__ import annotations

import pytest

from monitor.analyze import Analyzer
from monitor.config import Brand, parse_config
from monitor.errors import ConfigError
from monitor.match import BrandMatcher, match_brands
from monitor.normalise import clean_text

from conftest import shared_path

SEED_BRANDS = """
brands:
  - {name: Didi, aliases: [滴滴, DiDi Chuxing]}
  - {name: United Airlines, aliases: [美联航, United Breaks Guitars, 美国联合航空]}
  - {name: Walmart, aliases: [沃尔玛]}
  - {name: Comcast}
  - {name: FogBugz}
"""

SEEDS = {
    "000_7affbb4f916554f4.txt": ("en", ["Didi"]),
    "001_be8f3d52c6cec4b3.txt": ("en", []),
    "002_74ce761990845b62.txt": ("zh-Hant", []),
    "003_7f07f0f3d21d85aa.txt": ("zh-Hant", ["United Airlines", "Walmart", "Comcast"]),
    "004_100c15a5cbc7c499.txt": ("ro", ["FogBugz"]),
}


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(parse_config(SEED_BRANDS))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_articles_name_their_brands_in_their_language(analyzer, name):
    text = shared_path("seeds", name).read_text(encoding="utf-8")
    lang, brands = SEEDS[name]
    result = analyzer.analyze(text)
    assert result["lang"] == lang
    assert result["brands"] == brands


def test_seo_spam_header_names_no_brand(analyzer):
    text = shared_path("seeds", "003_7f07f0f3d21d85aa.txt").read_text(encoding="utf-8")
    header = text.split("\n", 1)[0]
    assert header.startswith("一级A片")
    assert analyzer.analyze(header)["brands"] == []


def test_traditional_text_matches_a_simplified_alias_and_spans_point_into_the_original():
    brands = [Brand(name="United Airlines", aliases=["美联航"])]
    text = "卡羅爾將這首《美聯航弄壞吉他》拍成MV"
    (found,) = match_brands(text, brands)
    assert found.alias == "美联航"
    assert [text[a:b] for a, b in found.spans] == ["美聯航"]


def test_case_width_and_diacritics_are_folded():
    brands = [Brand(name="Acme", aliases=["Ştefan Shop"])]
    assert [m.alias for m in match_brands("ＡＣＭＥ is late again", brands)] == ["Acme"]
    # comma-below ș in the text, cedilla ş in the alias
    assert [m.alias for m in match_brands("Am comandat de la ștefan shop ieri", brands)] == [
        "Ştefan Shop"
    ]


def test_word_boundaries_for_latin_aliases_substrings_for_chinese():
    matcher = BrandMatcher([Brand(name="Comcast"), Brand(name="Walmart", aliases=["沃尔玛"])])
    assert matcher.match("Comcastic deals") == []
    assert [m.brand for m in matcher.match("沃Comcast新創歷史最低點")] == ["Comcast"]
    assert [m.brand for m in matcher.match("他走進沃爾瑪超市")] == ["Walmart"]


def test_exclusions_remove_only_the_excluded_occurrences():
    brands = [Brand(name="United", aliases=[], exclude=["United States", "Manchester United"])]
    assert match_brands("Flights across the United States", brands) == []
    text = "Manchester United fans flew United to Boston"
    (found,) = match_brands(text, brands)
    assert [text[a:b] for a, b in found.spans] == ["United"]
    assert found.spans[0][0] == text.index("flew United") + len("flew ")


@pytest.mark.parametrize(
    ("text", "label", "complaint", "risk"),
    [
        ("What a wonderful flight, the crew was great!", "positive", False, []),
        ("The flight departs at 10 from gate 4.", "neutral", False, []),
        ("They lost my luggage and refuse a refund. Worst airline.", "negative", True, []),
        ("我要投訴，客服不處理，要求退款", "negative", True, []),
        ("Vreau banii înapoi, reclamație fără răspuns", "negative", True, []),
        (
            "A passenger died after the crash; the family will sue",
            "negative",
            False,
            ["died", "sue"],
        ),
    ],
)
def test_sentiment_complaint_and_risk_terms(analyzer, text, label, complaint, risk):
    result = analyzer.analyze(text)
    assert result["sentiment"]["label"] == label
    assert result["complaint"] is complaint
    assert result["risk_terms"] == risk


def test_clean_text_normalises_compatibility_forms_spaces_and_controls():
    raw = "ＵＮＩＴＥＤ\u00a0Airlines  ﬁned ①\x07\r\n\n\n  航班延误，退款！ "
    assert clean_text(raw) == "UNITED Airlines fined 1\n\n航班延误,退款!"


def test_english_sentiment_uses_vader_by_default_and_textblob_when_configured():
    text = "fml, stuck here at the gate again"  # no complaint term: the lexicon alone decides
    vader = Analyzer(parse_config("brands: []")).analyze(text)
    textblob = Analyzer(parse_config("brands: []\nsentiment: {analyzers: {en: textblob}}"))
    assert vader["complaint"] is False
    assert vader["sentiment"] == {"label": "negative", "score": -0.25}
    assert textblob.analyze(text)["sentiment"] == {"label": "neutral", "score": 0.0}


def test_a_language_without_its_own_analyzer_gets_the_default():
    config = parse_config(
        "brands: []\nlanguages: [en, ro]\nsentiment: {analyzers: {en: vader}, default: vader}"
    )
    zh = Analyzer(config).analyze("今天天气很好，谢谢")  # VADER knows no Chinese word
    assert zh["sentiment"] == {"label": "neutral", "score": 0.0}
    ro = Analyzer(config).analyze("Mulțumesc pentru livrarea rapidă, sunt foarte mulțumit!")
    assert ro["lang"] == "ro"  # VADER reads it as English words, knows none of them
    assert ro["sentiment"]["label"] == "neutral"


@pytest.mark.parametrize(
    ("analyzers", "problem"),
    [
        (
            "{ro: bert}",
            "sentiment.analyzers.ro: unknown analyzer 'bert': choose vader, "
            "textblob, chinese, lexicon, terms, or hf:MODEL for a Hugging Face "
            "sequence-classification model (a local path or a cached model name)",
        ),
        (
            "{english: vader}",
            "sentiment.analyzers: not a language code: english: use ISO 639-1 codes such as "
            "en, ro, zh, or zh-Hans / zh-Hant",
        ),
    ],
)
def test_sentiment_settings_are_checked_with_the_fix(analyzers, problem):
    with pytest.raises(ConfigError) as caught:
        parse_config(f"sentiment:\n  analyzers: {analyzers}\n", "s.yaml")
    assert caught.value.problems == [f"line 2: {problem}"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("外卖送得很快，很好吃，下次还点", "positive"),
        ("等了两个小时，饭都凉了，太难吃", "negative"),
        ("不好吃，也不新鲜", "negative"),  # 不 turns 好吃 around
        ("味道不错，就是有点贵", "positive"),  # 不错 is one word, not 不 + 错
        ("服務態度很差，再也不會來了", "negative"),  # Traditional, folded
        ("今日啲嘢食唔好食，仲要排好耐", "negative"),  # Cantonese
        ("終於放假啦[哈哈][哈哈]", "positive"),  # Weibo emoticons
        ("今天下午三点开会", "neutral"),
    ],
)
def test_chinese_lexicon(text, label):
    result = Analyzer(parse_config("brands: []")).analyze(text)
    assert result["lang"] in ("zh-Hans", "zh-Hant")
    assert result["sentiment"]["label"] == label, result
