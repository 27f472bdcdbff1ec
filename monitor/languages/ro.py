"""Romanian: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Romanian. Diacritics may be
written either way (ș/ş, ț/ţ, or none): matching folds them.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # product quality
    "slab*": 2, "slăbuț*": 1.5, "calitate slabă": 2.5, "calitate proastă": 2.5,
    "calitate îndoielnică": 2, "calitatea lasă de dorit": 2.5, "lasă de dorit": 2,
    "prost*": 2, "proast*": 2, "cel mai prost": 3, "cea mai proastă": 3, "mizerie": 2.5,
    "mizerabil*": 2.5, "jalnic*": 2.5, "penibil*": 2, "groaznic*": 2.5, "oribil*": 2.5,
    "îngrozitor*": 2.5, "dezastru*": 2.5, "dezastruos*": 2.5, "catastrof*": 2.5, "varză": 2,
    "praf": 1.5, "jeg*": 2.5, "gunoi": 2.5, "vechitur*": 2, "chinezări*": 1.5,
    "mediocr*": 2, "așa și așa": 1, "nu prea": 1, "fragil*": 1,
    "plastic ieftin": 1.5, "stricat*": 2, "strică": 2, "se strică": 2.5, "s-a stricat": 2.5,
    "defect*": 2,
    "defecțiun*": 2, "nu funcționează": 2.5, "nu mai funcționează": 2.5, "nu merge": 2,
    "nu mai merge": 2.5, "nu pornește": 2, "nu se aprinde": 2, "nu se încarcă": 2,
    "nu încarcă": 2, "nu ține": 1.5, "nu recomand": 2.5, "nu-l recomand": 2.5,
    "nu o recomand": 2.5, "nu îl recomand": 2.5, "nu îl recomandăm": 2.5,
    "nu merită": 2, "nu corespunde": 2, "nu e bun": 2, "nu este bun": 2, "nu e bună": 2,
    "nu este bună": 2, "se descarcă": 1, "se descarcă repede": 2, "se încălzește": 1.5,
    "se blochează": 2, "blochea*": 1.5, "se deconectează": 1.5, "deconect*": 1,
    "se rupe": 2, "s-a rupt": 2, "rupt*": 1.5, "crăpat*": 2, "zgâriat*": 1.5,
    "zgârieturi": 1.5, "ciobit*": 2, "fisurat*": 2, "s-a ars": 2, "a ars": 2, "ars": 1,
    "pârâie": 1.5, "zgomot*": 1, "scârțâ*": 1.5, "bâzâi*": 1.5, "încins*": 1,
    "miros urât": 2, "miroase urât": 2, "pute": 2, "miros de plastic": 1.5, "lipsă": 1,
    "lipsea": 1.5, "lipsesc": 1.5, "incomplet*": 1.5, "greșit*": 1.5, "alt produs": 1.5,
    "altul decât": 1.5, "nu corespunde descrierii": 2.5, "înșelător*": 2, "fals*": 1.5,
    "contrafăcut*": 2.5, "fake": 2, "imitație": 1.5, "returnat*": 1.5, "retur": 1.5,
    "am returnat": 2, "am făcut retur": 2, "reparat*": 1, "reparați*": 1, "problem*": 1.5,
    "eroare": 1.5, "erori": 1.5, "bug": 1, "buguri": 1.5, "lent": 1.5, "lentă": 1.5,
    "încet": 1, "greu": 0.5, "se mișcă greu": 2, "sacadat*": 1.5, "se aude încet": 1.5,
    "se aude prost": 2, "zgomotos*": 1.5, "incomod*": 1.5, "inutil*": 2, "degeaba": 2,
    "bani aruncați": 3, "banii aruncați": 3, "aruncat banii": 2.5, "bani pe nimic": 2.5,
    "păcat de bani": 2.5, "scump*": 1, "prea scump": 2, "supraevaluat*": 2,
    "nu merită banii": 3, "nu valorează": 2, "țeapă": 3, "țepar*": 3, "înșelătorie": 3,
    "escroc*": 3, "hoț": 2.5, "hoți*": 2.5, "furt*": 2, "furat*": 2, "minciun*": 2,
    "mincinos*": 2.5, "mincinoș*": 2.5, "păcăli*": 2, "dezamăg*": 3, "nemulțum*": 3,
    "nesatisfăcut*": 2, "regret*": 2, "din păcate": 1.5, "păcat": 1, "nu mai cumpăr": 2.5,
    "nu mai comand": 2.5, "evitați": 2.5, "feriți-vă": 2.5, "ferește-te": 2.5,
    "stați departe": 2.5, "nu cumpărați": 3, "nu luați": 2, "atenție": 1, "întârzi*": 1.5,
    "nu a ajuns": 2, "nu am primit": 2, "nu mi-a venit": 2, "nu a venit": 1.5,
    "deteriorat*": 2, "ambalaj deteriorat": 2.5, "desigilat*": 1.5, "uzat*": 1.5,
    "murdar*": 2, "pătat*": 1.5, "minus": 1, "minusuri": 1, "dezavantaj*": 1,
    "neplăcut*": 1.5, "enervant*": 2, "enervează": 2, "nasol*": 2, "nasoal*": 2, "naspa": 2,
    "aiurea": 1.5, "bătaie de joc": 3, "batjocur*": 3, "rușin*": 2, "jenant*": 2,
    "lamentabil*": 2.5, "execrabil*": 3, "deplorabil*": 2.5, "inacceptabil*": 2.5,
    "revoltător*": 2.5, "scandalos*": 2.5, "nu se compară": 1, "mai slab": 2,
    "mai prost": 2, "nu rezistă": 2, "a cedat": 2, "cedat": 1.5, "s-a dezlipit": 2,
    "dezlipit*": 1.5, "s-a desprins": 1.5, "s-a spart": 2.5, "spart*": 2, "nu se potrivește": 1.5,
    "nu se potriveste": 1.5, "prea mic": 1, "prea mare": 1, "nu se vede": 1.5,
    "nu se aude": 1.5, "fără sunet": 1.5, "pixeli morți": 2.5, "bateria ține puțin": 2,
    "sub așteptări": 2.5, "incing*": 1.5, "se putea și mai bine": 2, "se poate mai bine": 2,
    "se poate și mai bine": 2, "putea fi mai bun": 1.5, "incompatibil*": 2, "neutilizabil*": 2.5,
    "nu prinde": 1.5, "cade": 1, "se umflă": 2, "umflat*": 1.5, "lag": 1.5, "pică": 1,
    "tremură": 1.5, "prea mult pentru": 1.5, "leneș*": 1.5, "fierbinte": 1, "nu mergea": 2,
    "nu se auzea": 1.5, "nu se mai aude": 2, "nu se mai încarcă": 2, "nu mai ține": 2,
    "imperfect*": 1.5, "ține puțin": 1.5, "nu are": 0.5, "bătut în cap": 2,
    # service and delivery
    "nu răspund*": 2, "nu au răspuns": 2, "fără răspuns": 2, "nicio reacție": 2,
    "nepoliticos*": 2, "obraznic*": 2, "arogant*": 2, "neprofesionis*": 2.5,
    "incompetent*": 2.5, "servicii proaste": 2.5, "am așteptat": 1.5, "aștept de": 1.5,
    "încă aștept": 2, "anulat*": 1, "anulare": 1,
    # emotions
    "urăsc": 2.5, "urăște": 2, "urât*": 2, "trist*": 2, "supărat*": 2, "supăr*": 1.5,
    "furios*": 2.5, "furie": 2, "nervos*": 1.5, "nervi": 1.5, "frică": 1.5, "teamă": 1,
    "speriat*": 1.5, "îngrijor*": 1.5, "panică": 2, "disperat*": 2, "deprimat*": 2,
    "depresie": 2, "nefericit*": 2, "dezgust*": 2.5, "scârb*": 2.5, "greață": 2,
    "plictis*": 1.5, "obosit*": 1, "durere": 1.5, "doare": 1.5, "frustr*": 2, "stres*": 1.5,
    "plâng*": 1.5, "lacrimi": 1, "singur": 0.5, "jale": 2, "chin": 2, "chinuit*": 2,
    # insults and slang
    "idiot*": 2.5, "tâmpit*": 2.5, "cretin*": 2.5, "imbecil*": 2.5, "bou": 2, "dobitoc*": 2.5,
    "nesimțit*": 2.5, "nesimțire": 2.5, "jigodie": 3, "ratat*": 2, "căcat": 2.5,
    "rahat*": 2.5, "naiba": 1.5, "dracu": 1.5, "pula": 2.5, "muie": 3, "proști": 2,
    "prostie": 2, "prostii": 2, "penal": 2, "penali": 2.5,
    # politics and news
    "corupt*": 2.5, "corupție": 2.5, "mafie*": 2, "hoția": 2.5, "trădător*": 2.5,
    "trădare": 2.5, "rușine": 2.5, "demisia": 1.5, "criză": 1.5, "sărăcie": 2,
    "război*": 2, "moarte": 2, "morți": 2, "crimă": 2.5, "atac*": 1.5, "violență": 2,
    "teroris*": 2.5, "abuz*": 2, "fraudă": 2.5, "scandal*": 2, "eșec*": 2,
    "a eșuat": 2, "pierdere": 1.5, "pierderi": 1.5, "faliment*": 2, "scumpiri": 1.5,
    "șomaj": 1.5, "amenin*": 2, "pericol*": 2,
    "periculos*": 2, "grav": 1.5, "gravă": 1.5, "grave": 1.5, "tragic*": 2, "tragedie": 2.5,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # product quality
    "bun": 1.5, "bună": 1.5, "buni": 1.5, "bune": 1.5, "bună ziua": 0.3, "bunicel*": 1,
    "super": 2, "superb*": 2.5, "excelent*": 2.5, "extraordinar*": 2.5, "minunat*": 2.5,
    "perfect*": 2.5, "impecabil*": 2.5, "ireproșabil*": 2.5, "fantastic*": 2.5,
    "senzațional*": 2.5, "grozav*": 2, "genial*": 2.5, "fain": 2, "faine": 2, "faini": 2,
    "frumos*": 2, "frumoas*": 2, "drăguț*": 1.5, "elegant*": 1.5, "arată bine": 2,
    "ok": 1, "okay": 1, "în regulă": 1, "decent*": 1, "mulțumit*": 2, "mulțumesc": 1,
    "satisfăcut*": 2, "încântat*": 2.5, "recomand": 2, "recomand cu încredere": 3,
    "de recomandat": 2, "recomandabil*": 2, "merită": 1.5, "merită banii": 2.5,
    "merită fiecare ban": 3, "merită cumpărat": 2.5, "calitate bună": 2.5,
    "calitate excelentă": 3, "calitate superioară": 2.5, "de calitate": 1.5,
    "calitativ*": 2, "rezistent*": 1.5, "solid*": 1.5, "robust*": 1.5, "durabil*": 1.5,
    "fiabil*": 2, "stabil*": 1, "rapid*": 1.5, "repede": 0.5, "livrare rapidă": 2,
    "funcționează": 1, "funcționează bine": 2, "merge": 0.5, "merge bine": 2,
    "merge perfect": 2.5, "bine": 1.5, "ușor de folosit": 2, "ușor de utilizat": 2,
    "ușor": 0.5, "util": 1.5, "utilă": 1.5, "utile": 1.5, "utili": 1.5, "comod*": 1.5,
    "confortabil*": 2, "silențios*": 1.5, "puternic*": 1.5, "performant*": 2, "precis": 1,
    "precisă": 1,
    "luminos*": 1, "clar": 0.5, "claritate": 1, "îmi place": 2, "ne place": 2,
    "îmi plac": 2, "i-a plăcut": 2, "mi-a plăcut": 2, "le-a plăcut": 2, "plăcut*": 1.5,
    "ador": 2.5, "iubesc": 2.5, "minune": 2, "minunăție": 2, "bijuterie": 2, "top": 2,
    "wow": 1.5, "bravo": 2, "felicitări": 2, "mersi": 1, "mulțumiri": 1.5, "preț bun": 2,
    "preț mic": 1.5, "ieftin și bun": 2, "ofertă": 0.5, "conform descrierii": 2,
    "corespunde": 1.5, "exact ce": 1.5, "exact cum": 1.5, "fără probleme": 2,
    "fără nicio problemă": 2.5, "nicio problemă": 2, "bine ambalat": 2, "bine făcut": 2,
    "bine realizat": 2, "satisfacție": 2, "cea mai bună": 3, "cel mai bun": 3,
    "cele mai bune": 3, "cei mai buni": 3, "nu regret": 2.5, "nu dezamăgește": 2.5,
    "nu m-a dezamăgit": 2.5, "mă bucur": 2, "bucuros*": 2, "fericit*": 2, "fericire": 2,
    "bucurie": 2, "alegere bună": 2.5, "achiziție bună": 2.5, "investiție bună": 2.5,
    "surprins plăcut": 2.5, "peste așteptări": 2.5, "la înălțime": 2, "se descurcă": 1,
    "face treaba": 1.5, "își face treaba": 2, "exact ce trebuie": 2, "de nota 10": 3,
    "nota 10": 2.5, "5 stele": 2, "recomandat": 1.5, "excepțional*": 2.5, "incredibil*": 1,
    "uimitor*": 2, "spectaculos*": 2, "aspect plăcut": 2, "arată foarte bine": 2.5,
    "ergonomic*": 1.5, "compact*": 0.5, "finisaje bune": 2, "bine finisat": 2,
    "se încarcă repede": 1.5, "ține mult": 1.5, "autonomie bună": 2, "sunet bun": 2,
    "sunet clar": 2, "imagine clară": 2, "perfect funcțional": 2.5, "funcțional*": 1,
    # general, people and politics
    "succes*": 1.5, "victori*": 1.5, "reușit*": 1.5, "speranț*": 1, "pace": 1,
    "libertate": 1, "frumusețe": 2, "iubire": 2, "dragoste": 2, "cu drag": 2, "drag": 1,
    "respect": 1.5, "mândru*": 1.5, "onoare": 1.5, "curaj*": 1.5, "corect*": 1,
    "cinstit*": 1.5, "onest*": 1.5, "haha*": 1, "lol": 0.5, "distractiv*": 1.5,
    "amuzant*": 1.5, "interesant*": 1, "simpatic*": 1.5, "amabil*": 2, "politicos*": 1.5,
    "profesionist*": 2, "serios": 1, "promptitudine": 2, "prompt*": 1.5,
}  # fmt: skip
NEGATORS = (
    "nu", "nici", "fără", "niciodată", "nicio", "niciun", "niciuna", "nimic", "deloc", "n",
)  # fmt: skip
INTENSIFIERS = (
    "foarte", "prea", "extrem", "super", "atât", "tare", "mult", "absolut", "total",
    "complet", "chiar", "extraordinar", "incredibil", "deosebit", "mai", "cel", "cea",
)  # fmt: skip
CONTRAST = ("dar", "însă", "totuși", "doar că", "numai că")

COMPLAINT = (
    "reclamație", "reclamatie", "plângere", "plangere", "rambursare", "banii înapoi",
    "țeapă", "teapa", "înșelătorie", "inselatorie", "nemulțumit", "nemultumit",
    "dezamăgit", "dezamagit", "groaznic", "cel mai prost", "nu recomand", "defect",
    "dezamăgitor", "dezamagitor", "nu funcționează", "nu mai funcționează", "nu merge",
    "nu mai merge", "s-a stricat", "se strică", "calitate slabă", "calitate proastă",
    "bani aruncați", "banii aruncați", "nu merită banii", "nu corespunde", "am returnat",
    "am făcut retur", "retur", "nu a ajuns", "nu am primit", "nu mai cumpăr", "evitați",
    "bătaie de joc", "escroc", "returnare", "despăgubire",
    "nu răspund", "nu ține", "oribil", "jalnic", "mizerie",
)  # fmt: skip
RISK = (
    "boicot", "pericol", "periculos", "retras de pe piață", "rechemare", "protecția consumatorului",
    "anpc", "scandal",
)  # fmt: skip
SAFETY = (
    "deces", "decedat", "mort", "a murit", "rănit", "ranit", "accident", "agresiune",
    "viol", "proces penal", "dau în judecată", "avocat", "otrăvire", "otravire",
    "intoxicație", "intoxicat", "incendiu",
    "a luat foc", "explozie", "a explodat", "electrocutat", "arsuri", "hărțuire sexuală",
    "agresiune sexuală", "violență", "dau în judecată", "în instanță", "plângere penală",
)  # fmt: skip
FUNCTION_WORDS = (
    "și", "este", "sunt", "nu", "că", "pentru", "foarte", "care", "mai", "din", "cu",
    "să", "un", "o", "am", "fost", "bun", "bună", "produs", "produsul", "ce", "dar",
    "doar", "mult", "după", "acest", "poate", "într", "însă", "fiind",
)  # fmt: skip
