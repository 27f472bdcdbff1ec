"""Italian: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Italian. A trailing ``*`` makes
an entry a stem (``delus*`` matches ``deluso``, ``delusa``, ``delusione``).
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # general criticism and quality
    "lentissim*": 2, "cagat*": 2.5, "critic*": 1, "dissenso": 1, "mancanza di rispetto": 2.5,
    "mancanza": 1, "in ginocchio": 1.5, "alla frutta": 2, "lament*": 1.5, "offes*": 1.5,
    "offend*": 1.5, "insult*": 2, "contro": 0.5, "taglio": 1, "respint*": 1.5, "rifiut*": 1.5,
    "dubbi*": 1, "inferno": 2, "incubo": 2.5, "mostro": 1.5, "mostruos*": 2.5, "male": 1.5,
    "malissimo": 2.5, "cattiv*": 2, "brutt*": 2, "schif*": 2.5, "orribil*": 2.5, "terribil*": 2.5,
    "pessim*": 2.5, "peggio": 2, "peggior*": 2.5, "peggiora*": 1.5, "disastr*": 2.5,
    "vergogn*": 2.5, "squallid*": 2.5, "squallore": 2.5, "penos*": 2, "ridicol*": 2, "assurd*": 1.5,
    "patetic*": 2.5, "delus*": 2, "deludent*": 2, "peccato": 1.5, "purtroppo": 1.5, "dispiace": 1,
    "inutil*": 2, "incompetent*": 2.5, "incompetenza": 2.5, "incapac*": 2, "sbagliat*": 1.5,
    "sbaglio": 1.5, "errore": 1.5, "errori": 1.5, "problema": 1, "problemi": 1,
    "inaccettabil*": 2.5, "intollerabil*": 2.5, "insopportabil*": 2.5, "orrend*": 2.5,
    "orrore*": 2.5, "mediocr*": 1.5, "scadent*": 2, "pietos*": 2, "negativ*": 1, "difficil*": 1,
    "duro": 0.5, "dura": 0.5, "follia": 1.5, "folle": 1.5, "pazzesc*": 0.5, "ingiust*": 2,
    "solo parole": 1.5, "presa in giro": 2, "prendere in giro": 2, "prende in giro": 2,
    "prendono in giro": 2, "figuraccia": 2, "fallimento*": 2, "fallit*": 2, "fallisce": 2,
    "falso": 1.5, "falsi": 1.5, "falsa": 1.5, "false": 1.5, "fake": 1.5, "bufala*": 2,
    "non funziona": 2, "non va bene": 2, "non mi piace": 2,
    # products and customer service
    "guasto*": 1.5, "guasti": 1.5, "rotto": 1.5, "rotti": 1.5, "difettos*": 2, "ritard*": 1.5,
    "in ritardo": 2, "rimborso": 1, "truff*": 3, "imbrogli*": 2.5, "fregatura*": 2.5, "fregat*": 2,
    "ladr*": 2.5, "rubat*": 2, "rubare": 2, "rubano": 2, "rubato": 2, "costoso": 1, "carissim*": 2,
    "lento": 1.5, "lenta": 1.5, "lentezza": 1.5, "sporc*": 2, "maleducat*": 2, "scortes*": 2,
    "antipatic*": 2, "arrogant*": 2, "arroganza": 2, "presuntuos*": 2, "servizio clienti": 0.5,
    "reclamo": 1.5, "perdita di tempo": 2.5, "soldi buttati": 2.5, "sconsiglio": 2.5,
    "da evitare": 2.5, "menzogn*": 2.5, "bugia": 2.5, "bugie": 2.5, "bugiard*": 2.5, "mentire": 2,
    "mentono": 2,
    # emotions
    "triste*": 2, "dolor*": 2, "soffr*": 2, "sofferen*": 2, "piang*": 1.5, "pianto": 1.5,
    "lacrim*": 1, "depress*": 2, "solitudine": 1, "noia": 1.5, "noios*": 1.5, "annoiat*": 1.5,
    "stanc*": 1, "stufo": 2, "stufi": 2, "stufa di": 2, "basta": 1, "uffa": 1.5, "mah": 0.5,
    "boh": 0.5, "bah": 1, "meh": 1, "odio": 2.5, "odi": 2, "odia*": 2.5, "odiare": 2.5,
    "odios*": 2.5, "detest*": 2.5, "rabbia": 2, "arrabbiat*": 2, "incazz*": 2.5, "furios*": 2.5,
    "infuriat*": 2.5, "nervos*": 1, "indign*": 2, "schifat*": 2.5, "disgust*": 2.5, "paura": 2,
    "paure": 2, "spavent*": 2, "terror*": 2.5, "ansia": 1.5, "ansie": 1.5, "ansios*": 1.5,
    "angosc*": 2, "preoccup*": 1.5, "stress*": 1.5, "disperazione": 2.5, "disperat*": 2,
    "delusione": 2, "amarezza": 2, "amaro": 1, "tristezza": 2, "malinconi*": 1.5, "umiliat*": 2,
    "imbarazz*": 1.5, "vergogna": 2.5,
    # slang, insults, swearing
    "stupid*": 2.5, "idiot*": 2.5, "imbecill*": 2.5, "cretin*": 2.5, "deficient*": 2.5,
    "coglion*": 3, "stronz*": 3, "cazz*": 1.5, "cazzat*": 2.5, "merd*": 2.5, "schifezz*": 2.5,
    "fanculo": 3, "vaffanculo": 3, "affanculo": 3, "palle": 1.5, "che palle": 2, "rottura": 1.5,
    "sfiga*": 2, "bastard*": 2.5, "porca miseria": 2, "porca puttana": 2.5, "puttan*": 2.5,
    "maledett*": 2, "dannat*": 2, "cavolat*": 2, "buffon*": 2, "pagliacc*": 2, "schifoso": 2.5,
    "vergognati": 2.5, "vergognatevi": 2.5, "ignorant*": 2, "ignoranza": 2, "somar*": 2,
    "sfigat*": 2, "fail": 1.5, "wtf": 1.5,
    # politics and news
    "corrott*": 2.5, "corruzione": 2.5, "mafia*": 2.5, "mafios*": 2.5, "tangent*": 2.5,
    "dimissioni": 1, "dimettiti": 2, "si dimetta": 2, "crisi": 1.5, "disoccupa*": 1.5,
    "precari*": 1.5, "tasse": 1, "tagli": 1.5, "austerità": 1, "povertà": 1.5, "miseria": 2,
    "fame": 1.5, "schiav*": 2, "dittat*": 2.5, "fascis*": 2.5, "nazis*": 2.5, "razzis*": 2.5,
    "sessis*": 2, "omofob*": 2.5, "ipocri*": 2.5, "demagog*": 2, "propaganda": 1.5, "manipol*": 2,
    "ingann*": 2.5, "tradit*": 2.5, "tradimento": 2.5, "guerra*": 2, "attentat*": 3,
    "terroris*": 2.5, "strage*": 3, "massacr*": 3, "uccis*": 2.5, "uccid*": 2.5, "ammazz*": 2.5,
    "assassin*": 3, "morto": 2, "morti": 2, "morta": 2, "morte": 2, "morire": 2, "muore": 2,
    "muoiono": 2, "violenz*": 2.5, "violent*": 2, "stupr*": 3, "aggredi*": 2.5, "aggression*": 2.5,
    "minacc*": 2, "pericol*": 2, "rischi*": 1, "danno": 1.5, "danni": 1.5, "ferit*": 2,
    "incident*": 2, "malatti*": 1.5, "malato": 1.5, "malata": 1.5, "tumore": 1.5, "cancro": 1.5,
    "tragedi*": 2.5, "tragic*": 2.5, "dramma*": 2, "catastrof*": 2.5, "caos": 2, "scandal*": 2.5,
    "polemic*": 1.5, "crimin*": 2.5, "delinquent*": 2, "illegal*": 2, "abus*": 2,
    "irresponsabil*": 2.5, "vergognoso": 2.5, "schifo": 2.5, "inquin*": 1.5, "degrado": 2,
    "emergenza": 1.5, "sconfitt*": 2, "sprec*": 2, "carcere": 1.5, "galera": 1.5, "arrestat*": 1.5,
    "condannat*": 1.5, "indagat*": 1.5, "evasione": 1.5, "evasori": 2, "bocciat*": 1.5,
    "protest*": 1, "sciopero": 1, "caro vita": 1.5, "lacrime": 1.5, "drammatic*": 2,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # general praise and quality
    "bene": 1, "benissimo": 2.5, "molto bene": 2, "buon": 1.5, "buono": 1.5, "buona": 1.5,
    "buoni": 1.5, "buone": 1.5, "buonissim*": 2.5, "ottim*": 2.5, "eccellent*": 2.5,
    "perfett*": 2.5, "fantastic*": 2.5, "meraviglios*": 2.5, "meraviglia": 2.5, "magnific*": 2.5,
    "stupend*": 2.5, "splendid*": 2.5, "bellissim*": 2.5, "bello": 2, "bella": 1.5, "belli": 2,
    "belle": 2, "bellezza": 2, "carin*": 2, "grande": 1, "grandios*": 2.5, "genial*": 2.5,
    "genio": 2, "bravo": 2, "brava": 2, "bravi": 2, "brave": 2, "bravissim*": 2.5, "top": 1.5,
    "figo": 2, "fico": 2, "fighi": 2, "mitico": 2.5, "mitica": 2.5, "mitici": 2.5,
    "spettacolare*": 2.5, "spettacolo": 1, "incredibil*": 1.5, "straordinari*": 2, "eccezional*": 2,
    "impressionant*": 2, "migliore": 1.5, "migliori": 1.5, "meglio": 1, "migliora*": 1.5,
    "positiv*": 1, "efficient*": 2, "efficac*": 2, "veloce": 1, "rapid*": 1, "facile": 1,
    "utile": 1.5, "utili": 1.5, "consigliat*": 1.5, "lo consiglio": 2, "la consiglio": 2,
    "consigliatissim*": 2.5, "delizios*": 2.5, "squisit*": 2.5, "gustos*": 2, "simpatic*": 2,
    "gentil*": 2, "cortes*": 2, "disponibil*": 1, "intelligent*": 1.5, "brillant*": 2, "talent*": 2,
    "qualità": 0.5, "di qualità": 1.5, "opportunità": 1, "innova*": 1, "risolto": 1.5,
    "funziona": 0.5, "giusto": 1, "giusta": 1,
    # feelings, love, thanks
    "felic*": 2.5, "content*": 2, "soddisfatt*": 2, "gioia": 2.5, "gioios*": 2.5, "allegr*": 2,
    "entusias*": 2, "emozionant*": 2, "emozion*": 1.5, "amore": 2.5, "amori": 2.5, "amo": 2,
    "ti amo": 3, "ti voglio bene": 3, "vi voglio bene": 3, "adoro": 2.5, "ador*": 2.5, "piace": 1.5,
    "piacciono": 1.5, "piaciut*": 2, "piacere": 1, "divertent*": 2, "diverti*": 2,
    "complimenti": 2.5, "congratulazioni": 2.5, "auguri": 2, "grazie": 1.5, "grazie mille": 2.5,
    "evviva": 2, "viva": 1.5, "forza": 1, "speranza": 1.5, "spero": 1, "fiducia": 1.5,
    "fiducios*": 1.5, "ottimis*": 1.5, "successo": 2, "vittoria": 2, "vincere": 1.5, "vinto": 1.5,
    "vince": 1.5, "vinciamo": 1.5, "campion*": 1.5, "orgoglio*": 2, "fiero": 1.5, "fieri": 1.5,
    "coraggi*": 1.5, "stima": 1.5, "rispetto": 1, "pace": 1.5, "libertà": 1, "seren*": 1.5,
    "tranquill*": 1, "finalmente": 1, "benvenut*": 1.5, "baci": 2, "bacio": 2, "bacion*": 2,
    "abbracci*": 2, "cuore": 1, "ahah*": 1, "haha*": 1, "ahaha*": 1, "lol": 0.5, "xd": 0.5,
    "wow": 2, "yeah": 1.5, "<3": 2, "sorriso": 1.5, "sorrisi": 1.5, "sorrid*": 1.5, "ridere": 1,
    "risate": 1.5, "dolce*": 1, "tesoro": 1.5, "splendido": 2.5, "sogno": 1, "sogni": 1,
    "applausi": 2, "onore": 1.5, "ammir*": 2, "bellissima": 2.5, "magia": 1.5, "magico": 2,
    "magica": 2, "fortuna": 1.5, "fortunat*": 2, "crescita": 1, "sostegno": 1, "solidariet*": 1.5,
    "valorizz*": 1.5, "merito": 1, "premi*": 1.5,
}  # fmt: skip
NEGATORS = (
    "non", "mai", "né", "senza", "nessuno", "nessuna", "niente", "nulla", "neanche", "nemmeno",
    "neppure",
)  # fmt: skip
INTENSIFIERS = (
    "molto", "troppo", "tanto", "così", "davvero", "veramente", "proprio", "super", "assolutamente",
    "totalmente", "completamente", "estremamente", "parecchio", "più", "particolarmente",
    "incredibilmente", "stra", "tremendamente",
)  # fmt: skip
CONTRAST = ("ma", "però", "tuttavia", "eppure", "bensì")

COMPLAINT = (
    "rimborso", "rimborsare", "truffa", "truffatori", "fregatura", "servizio clienti",
    "assistenza clienti", "mai arrivato", "mai arrivata", "non è arrivato", "non funziona",
    "difettoso", "difettosa", "pessimo servizio", "vergognoso", "inaccettabile", "mai più",
    "sconsiglio", "da evitare", "deluso", "delusa", "addebitato due volte", "non risponde",
    "nessuna risposta", "reclamo",
)  # fmt: skip
RISK = (
    "boicottaggio", "boicottare", "richiamo del prodotto", "ritiro dal mercato",
    "ritirato dal commercio", "pericoloso", "pericolosa", "tossico", "contaminato", "scandalo",
    "polemica",
)  # fmt: skip
SAFETY = (
    "morto", "morti", "morte", "deceduto", "decesso", "ucciso", "uccisa", "omicidio", "ferito",
    "feriti", "aggressione", "aggredito", "stupro", "violenza sessuale", "molestie", "violenza",
    "intossicazione", "avvelenamento", "avvelenato", "incendio", "esplosione", "ustioni", "querela",
    "avvocato", "causa legale", "fare causa", "annegato", "suicidio", "denuncia",
)  # fmt: skip
FUNCTION_WORDS = (
    "della", "che", "sono", "per", "gli", "nel", "nella", "alla", "anche", "questo", "questa",
    "molto", "più", "perché", "ho", "hanno", "essere", "sempre", "tutto", "tutti", "ancora", "oggi",
    "dei", "delle", "degli", "sul", "dal", "io", "chi", "già", "poi", "così",
)  # fmt: skip
