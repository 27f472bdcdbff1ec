"""Every language gets identified, scored by its own lexicon, and searched for its own terms."""

from __future__ import annotations

import pytest

from monitor.analyze import Analyzer
from monitor.analyzers.lexicon import LexiconScorer
from monitor.config import DEFAULT_LANGUAGES, parse_config
from monitor.errors import ConfigError
from monitor.lang import LanguageIdentifier
from monitor.languages import LANGUAGE_MODULES, LanguageData, language_data
from monitor.textfold import fold_words


def lexicon(**lists) -> LexiconScorer:
    """A scorer over a small made-up language, so the rules are tested, not the word lists."""
    fields = dict.fromkeys(
        ("negative", "positive"), {}
    ) | dict.fromkeys(
        ("neutral", "negators", "intensifiers", "contrast", "complaint", "risk", "safety",
         "function_words"),
        (),
    )  # fmt: skip
    return LexiconScorer(LanguageData(code="xx", **(fields | lists)))


def test_a_word_scores_by_its_weight_and_a_stem_covers_its_endings():
    scorer = lexicon(negative={"décevant*": 2.0, "nul": 2.0}, positive={"bon": 1.5})
    assert scorer.polarity("un film décevant") < 0
    assert scorer.polarity("une soirée DÉCEVANTE") == scorer.polarity("un film decevant")
    assert scorer.polarity("c'est bon") > 0
    assert scorer.polarity("bonjour") == 0.0  # not a stem: 'bon' must end there
    assert scorer.polarity("nullement") == 0.0
    assert scorer.polarity("rien à signaler") == 0.0


def test_negators_turn_a_word_around_within_its_clause_and_intensifiers_strengthen_it():
    scorer = lexicon(positive={"bun": 2.0}, negators=("nu",), intensifiers=("foarte",))
    plain = scorer.polarity("este bun")
    assert plain > 0
    assert scorer.polarity("nu este bun") < 0
    assert scorer.polarity("este foarte bun") > plain
    assert scorer.polarity("nu. Este bun") == plain  # the negator ended with its sentence


def test_after_but_counts_more_than_before():
    scorer = lexicon(negative={"slab": 2.0}, positive={"frumos": 2.0}, contrast=("dar",))
    assert scorer.polarity("frumos dar slab") < 0
    assert scorer.polarity("slab dar frumos") > 0


def test_emoji_count_in_every_language():
    scorer = lexicon()
    assert scorer.polarity("livrare 😡😡") < 0
    assert scorer.polarity("livrare ❤️") > 0
    assert scorer.polarity("livrare :(") < 0


def test_arabic_words_are_found_after_a_clitic_and_whatever_the_alef():
    scorer = lexicon(negative={"سيئ": 2.0}, positive={"ممتاز": 2.0})
    assert scorer.polarity("الخدمة سيئة") == 0.0  # a different word: no stem given
    assert scorer.polarity("وممتاز جدا") > 0
    assert scorer.polarity("الممتاز") > 0
    assert fold_words("أحمد إلى آخر") == fold_words("احمد الي اخر")


@pytest.mark.parametrize("code", sorted(LANGUAGE_MODULES))
def test_every_language_module_is_well_formed(code):
    data = language_data(code)
    assert data is not None
    words = {**data.negative, **data.positive}
    assert all(0 < weight <= 3 for weight in words.values()), "weights are in (0, 3]"
    both = set(map(fold_words, data.negative)) & set(map(fold_words, data.positive))
    assert not both, f"listed as negative and positive: {sorted(both)}"
    for term in (*data.complaint, *data.risk, *data.safety, *words):
        assert fold_words(term.rstrip("*")).strip(), f"{term!r} folds to nothing"
    if code == "en":  # these join VADER's lexicon: single lowercase words
        assert all(w == w.lower() and " " not in w and "*" not in w for w in words)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The delivery never arrived and support does not answer", "en"),
        ("Livrarea a întârziat o săptămână și nimeni nu răspunde la telefon", "ro"),
        ("La livraison n'est jamais arrivée et le service client ne répond pas", "fr"),
        ("Das Paket ist nie angekommen und der Kundendienst antwortet nicht", "de"),
        ("El paquete nunca llegó y el servicio al cliente no responde", "es"),
        ("Il pacco non è mai arrivato e il servizio clienti non risponde", "it"),
        ("A encomenda nunca chegou e o atendimento não responde", "pt"),
        ("لم يصل الطلب حتى الآن وخدمة العملاء لا ترد", "ar"),
        ("ऑर्डर अभी तक नहीं आया और कोई जवाब नहीं दे रहा", "hi"),
        ("yaar order abhi tak nahi aaya aur koi jawab bhi nahi de raha hai", "hi-Latn"),
        ("外卖送得太慢了，饭都凉了", "zh-Hans"),
        ("外賣送得太慢了，飯都涼了", "zh-Hant"),
    ],
)
def test_each_default_language_is_told_apart(text, lang):
    assert LanguageIdentifier(list(DEFAULT_LANGUAGES)).identify(text) == lang


def test_function_words_stand_aside_when_a_configured_language_has_none():
    identifier = LanguageIdentifier(["en", "nl"])  # the project has no Dutch module
    assert identifier.identify("Het pakket is nooit aangekomen en niemand antwoordt") == "nl"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Produsul este excelent, recomand cu încredere!", "positive"),
        ("Nu recomand, s-a stricat după o săptămână.", "negative"),
        ("Le service client est vraiment nul, je suis très déçu.", "negative"),
        ("Super Lieferung, alles bestens, vielen Dank!", "positive"),
        ("Qué vergüenza de servicio, nunca más compro aquí.", "negative"),
        ("Servizio pessimo, una vergogna.", "negative"),
        ("Adorei o atendimento, muito obrigado!", "positive"),
        ("الخدمة سيئة جدا ولن أتعامل معهم مرة أخرى", "negative"),
        ("yeh service bahut bakwas hai, paisa barbaad", "negative"),
    ],
)
def test_the_default_config_scores_every_language_with_its_own_lexicon(text, label):
    result = Analyzer(parse_config("brands: []")).analyze(text)
    assert result["sentiment"]["label"] == label, result


def test_terms_are_searched_in_the_text_language_and_english():
    analyzer = Analyzer(parse_config("brands: []"))
    english = analyzer.analyze("We need to process the refund for order 1234")
    assert english["risk_terms"] == [] and english["complaint"] is True  # 'refund', not 'proces'
    romanian = analyzer.analyze(
        "Vrem banii înapoi, altfel deschidem proces penal și mergem la avocat"
    )
    assert romanian["lang"] == "ro"
    assert romanian["complaint"] is True
    assert "avocat" in romanian["safety_terms"]


def test_safety_critical_terms_are_marked_apart_from_other_risks():
    analyzer = Analyzer(parse_config("brands: []\nterms: {safety: [stabbed]}"))
    boycott = analyzer.analyze("Everyone should boycott this airline")
    assert boycott["risk_terms"] == ["boycott"] and boycott["safety_terms"] == []
    harm = analyzer.analyze("The driver assaulted a passenger, her family hired a lawyer")
    assert set(harm["safety_terms"]) == {"assault", "lawyer"} <= set(harm["risk_terms"])
    configured = analyzer.analyze("A guard was stabbed at the store")
    assert configured["safety_terms"] == ["stabbed"]


def test_a_lexicon_is_chosen_only_for_a_language_that_has_one():
    with pytest.raises(ConfigError) as caught:
        parse_config("sentiment:\n  analyzers: {nl: lexicon}\n", "s.yaml")
    (problem,) = caught.value.problems
    assert "no built-in lexicon for nl" in problem and "ro, fr, de" in problem
    # as the default, "lexicon" covers the languages that have one and leaves the rest to terms
    config = parse_config("brands: []\nlanguages: [en, nl]\nsentiment: {default: lexicon}")
    dutch = Analyzer(config).analyze("Het pakket is nooit aangekomen, ik wil mijn refund")
    assert dutch["lang"] == "nl" and dutch["sentiment"]["label"] == "negative"


def test_an_emoticon_counts_only_on_its_own_and_a_link_is_not_a_frown():
    scorer = lexicon()
    assert scorer.polarity("see https://example.com/a/b") == 0.0
    assert scorer.polarity("order late :/") < 0


def test_an_entry_that_holds_its_negator_is_not_turned_around_twice():
    scorer = lexicon(negative={"pas bon": 2.0}, positive={"bon": 1.5}, negators=("pas", "n"))
    assert scorer.polarity("ce n'est pas bon") < 0
    assert scorer.polarity("c’est pas-bon") < 0  # curly apostrophe, hyphen: the same entry


def test_devanagari_words_keep_their_vowel_signs():
    scorer = lexicon(positive={"खुश": 2.0}, negators=("नहीं",))
    assert scorer.polarity("मैं नाखुश हूँ") == 0.0  # नाखुश is another word
    assert scorer.polarity("मैं खुश नहीं हूँ") > 0  # the negator comes after: not counted
    assert scorer.polarity("नहीं खुश") < 0


def test_arabic_terms_are_found_after_a_clitic():
    analyzer = Analyzer(parse_config("brands: []"))
    result = analyzer.analyze("قدمت الشكوى ولم يرد أحد على طلب الاسترداد")
    assert result["lang"] == "ar" and result["complaint"] is True, result


def test_the_full_language_model_tells_the_languages_apart_too():
    config = parse_config("brands: []\nlanguage_accuracy: high")
    analyzer = Analyzer(config)
    assert analyzer.analyze("Service client nul, colis jamais reçu")["lang"] == "fr"
    assert analyzer.analyze("Paket nie angekommen, Kundendienst schweigt")["lang"] == "de"
    assert analyzer.analyze("Entrega atrasada, ninguém responde")["lang"] == "pt"
