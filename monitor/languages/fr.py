"""French: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of French. A trailing ``*`` makes
an entry a stem (``décevant*`` matches ``décevante``). Matching folds case and
diacritics but not the ligature œ, so words with it are listed both ways.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # general criticism and quality
    "rejet*": 1.5, "critiqu*": 1, "déplor*": 2, "abandon*": 1, "aberra*": 2.5, "enfer": 2,
    "monstre*": 1.5, "monstrueu*": 2.5, "au secours": 2, "flippe*": 1.5, "urgence": 1, "manque": 1,
    "manque de": 1.5, "revers": 1, "discrédit*": 2, "totalitar*": 2.5, "désaveu": 2, "doute": 1,
    "douteu*": 1.5, "erreur*": 1.5, "décourag*": 2, "divisé*": 1, "arriéré*": 2, "à la merci": 1.5,
    "contre": 0.5, "mauvais*": 1.5, "mauvaise*": 1.5, "nul": 2, "nulle": 2, "nuls": 2, "nulles": 2,
    "nullité": 2, "horrible*": 2.5, "terrible*": 1, "affreu*": 2.5, "atroce*": 2.5, "minable*": 2,
    "médiocre*": 1.5, "médiocrité": 1.5, "pitoyable*": 2.5, "lamentable*": 2.5, "catastroph*": 2.5,
    "désastr*": 2.5, "déplorable*": 2, "inadmissible*": 2.5, "inacceptable*": 2.5,
    "intolérable*": 2.5, "insupportable*": 2, "inutile*": 1.5, "ridicule*": 2, "absurde*": 1.5,
    "grotesque*": 2, "pathétique*": 2, "décevant*": 2, "déçu": 2, "déçue": 2, "déçus": 2,
    "déçues": 2, "déception*": 2, "décevoir": 1.5, "déçoit": 2, "dommage": 1.5, "hélas": 1.5,
    "malheureusement": 1.5, "regrettable*": 1.5, "pire": 2.5, "pires": 2.5, "moche*": 2,
    "laid": 1.5, "laide*": 1.5, "laids": 1.5, "laideur": 1.5, "sale": 1, "saleté*": 2, "crade*": 2,
    "dégueu*": 2.5, "dégoût*": 2, "écœur*": 2, "ecoeur*": 2, "beurk": 2, "berk": 2, "bof": 1,
    "mouais": 0.5, "pff": 1, "pfff": 1, "pffff": 1, "grr": 1.5, "grrr": 1.5, "argh": 1.5,
    "raté": 1.5, "ratée": 1.5, "ratés": 1.5, "échec*": 2, "échou*": 2, "fiasco*": 2.5,
    "naufrage*": 2, "galère*": 1.5, "importe quoi": 2, "n'importe quoi": 2, "n’importe quoi": 2,
    "nimporte quoi": 2, "nimp": 1.5, "bâclé*": 2, "amateurisme": 2, "incompéten*": 2.5,
    "incapable*": 2, "nullard*": 2.5, "mal": 1, "mal fait": 2, "négatif": 1, "négative": 1,
    "négatifs": 1, "négatives": 1, "problème*": 1, "probleme*": 1, "souci": 1, "soucis": 1,
    "inquiet*": 1.5, "inquiét*": 1.5, "compliqué*": 1, "difficile*": 1, "dur": 0.5, "injuste*": 2,
    "injustice*": 2, "bête": 1.5, "bêtes": 1.5, "bêtise*": 1.5,
    # products and customer service
    "panne*": 1.5, "en panne": 2, "bug": 1, "bugs": 1, "bugue*": 1.5, "beug*": 1.5, "cassé*": 1.5,
    "défectu*": 2, "abîmé*": 1.5, "endommagé*": 2, "retard*": 1.5, "annulé*": 1, "annulation*": 1,
    "remboursement*": 1, "remboursez": 2, "rembourser": 1, "arnaqu*": 3, "escroc*": 3,
    "voleur*": 2.5, "voleuse*": 2.5, "volé": 1.5, "volés": 1.5, "vol annulé": 2, "hors de prix": 2,
    "trop cher": 1.5, "trop chère": 1.5, "perte de temps": 2.5, "perte d'argent": 2.5, "perte*": 1,
    "gâch*": 2, "gaspill*": 1.5, "à éviter": 2.5, "fuyez": 2.5, "déconseille*": 2.5,
    "plus jamais": 2, "injoignable*": 2, "impoli*": 2, "malpoli*": 2, "irrespectu*": 2,
    "méprisant*": 2.5, "désagréable*": 2, "lent": 1, "lente": 1, "lents": 1, "lenteur*": 1.5,
    "attente*": 0.5, "mécontent*": 2, "insatisf*": 2, "plainte*": 1.5, "réclamation*": 1.5,
    "service client": 0.5,
    # emotions
    "triste*": 2, "tristesse": 2, "malheur*": 2, "pleur*": 1.5, "chagrin*": 2, "déprim*": 2,
    "dépress*": 2, "désespo*": 2.5, "désespér*": 2.5, "douleur*": 2, "souffr*": 2, "peine": 0.5,
    "colère*": 2.5, "énerv*": 2, "furieu*": 2.5, "furax": 2.5, "rage": 2, "rager": 2, "rageu*": 2,
    "enragé*": 2.5, "marre": 2, "ras le bol": 2.5, "ras-le-bol": 2.5, "saoule": 1.5, "soûle": 1.5,
    "haine*": 2.5, "haïr": 2.5, "hais": 2.5, "hait": 2.5, "détest*": 2.5, "horreur*": 2.5,
    "horrifi*": 2.5, "choqu*": 2, "scandal*": 2.5, "indign*": 2, "révolt*": 2, "outrag*": 2.5,
    "dégoûté*": 2.5, "nausé*": 2, "vomi*": 2, "peur*": 2, "effray*": 2, "terrifi*": 2.5,
    "terreur*": 2.5, "angoiss*": 2, "stress*": 1.5, "anxi*": 1.5, "honte*": 2, "honteu*": 2.5,
    "humili*": 2, "jaloux": 1, "ennui*": 1, "ennuy*": 1.5, "chiant*": 2, "relou*": 2, "lourd": 0.5,
    "gênant*": 1.5, "malaise*": 1.5, "solitude": 1, "fatigu*": 1, "épuisé*": 1.5, "blasé*": 1,
    "dégoûtant*": 2.5, "pitié": 1,
    # slang, insults, swearing
    "putain": 1.5, "merde*": 2, "chier": 2, "fait chier": 2.5, "bordel": 1.5, "foutu*": 1.5,
    "foutre": 1.5, "con": 2, "cons": 2, "conne": 2, "connes": 2, "connerie*": 2, "connard*": 3,
    "connasse*": 3, "salaud*": 2.5, "salop*": 2.5, "ordure*": 2.5, "pourri*": 2.5, "crétin*": 2.5,
    "idiot*": 2, "imbécile*": 2.5, "abruti*": 2.5, "débile*": 2, "stupide*": 2, "stupidité": 2,
    "bouffon*": 1.5, "naze*": 1.5, "nase": 1.5, "enculé*": 3, "batard*": 2.5, "bâtard*": 2.5,
    "clown": 1.5, "guignol*": 2, "tocard*": 2, "boloss*": 2, "bolos": 2, "fdp": 3, "ntm": 3,
    "tg": 2, "ta gueule": 2.5, "fermez-la": 2, "wtf": 1.5, "fail": 1.5,
    # politics and news
    "corrompu*": 2.5, "corruption": 2.5, "magouill*": 2.5, "fraud*": 2.5, "trich*": 2,
    "mensonge*": 2.5, "menteur*": 2.5, "menteuse*": 2.5, "mentir": 2, "ment": 2, "mentent": 2,
    "faux": 1, "fake": 1.5, "intox": 2, "trahi*": 2.5, "traître*": 2.5, "trahison*": 2.5,
    "hypocri*": 2.5, "démagog*": 2, "propagande*": 2, "manipul*": 2, "mépris*": 2.5, "arrogan*": 2,
    "dictat*": 2.5, "fascis*": 2.5, "facho*": 2.5, "nazi*": 2.5, "racis*": 2.5, "xénophob*": 2.5,
    "homophob*": 2.5, "sexis*": 2, "misogyn*": 2.5, "antisémit*": 2.5, "extrémis*": 2, "censur*": 2,
    "abus*": 2, "inégalit*": 1.5, "pauvreté": 1.5, "misère*": 2, "précarité": 1.5, "chômage": 1.5,
    "faillite*": 2, "licenci*": 1.5, "crise*": 1.5, "récession*": 2, "dette*": 1, "grève*": 1,
    "polémique*": 1.5, "démission*": 1, "guerre*": 2, "attentat*": 3, "terroris*": 2.5,
    "massacr*": 3, "tragédie*": 2.5, "tragique*": 2.5, "drame*": 2, "dramatique*": 2, "victime*": 2,
    "mort": 2, "morts": 2, "morte": 2, "mortel*": 2, "mourir": 2, "meurt*": 2.5, "décès": 2,
    "décédé*": 2, "tuer": 2.5, "tués": 2.5, "tuée": 2.5, "tuées": 2.5, "tuerie*": 3, "assassin*": 3,
    "violence*": 2.5, "violent*": 2, "agress*": 2.5, "attaque*": 2, "bombard*": 2.5, "tortur*": 3,
    "viol": 3, "viols": 3, "violé": 3, "violée": 3, "violer": 3, "harcel*": 2.5, "harcèl*": 2.5,
    "pédophil*": 3, "esclavag*": 2.5, "menace*": 2, "danger*": 2, "risque*": 1, "blessé*": 2,
    "blessure*": 2, "accident*": 2, "pollu*": 1.5, "toxique*": 2, "contamin*": 2, "détrui*": 2,
    "destruction*": 2, "dévast*": 2.5, "disparition*": 1.5, "disparaître": 1.5,
    "disparaissent": 1.5, "extinction*": 1.5, "épidémie*": 2, "maladie*": 1.5, "malade*": 1.5,
    "cancer*": 1.5, "famine*": 2.5, "chute": 1, "baisse*": 1, "recul*": 1, "perdant*": 1.5,
    "défaite*": 2, "stupéf*": 1.5, "inquiétant*": 2, "alarmant*": 2, "grave": 1, "graves": 1.5,
    "gravement": 1.5, "négationnis*": 2, "irresponsable*": 2.5, "illégal*": 2, "illicite*": 2,
    "criminel*": 2.5, "crime*": 2.5, "délinquan*": 2, "honte à": 2.5,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # general praise and quality
    "bien": 1, "très bien": 2, "trop bien": 2.5, "bon": 1, "bons": 1, "bonne": 1, "bonnes": 1,
    "pas mal": 1, "super": 2, "génial*": 2.5, "géniaux": 2.5, "excellent*": 2.5, "parfait*": 2.5,
    "magnifique*": 2.5, "merveill*": 2.5, "formidable*": 2.5, "fantastique*": 2.5,
    "incroyable*": 1.5, "extraordinaire*": 2, "exceptionnel*": 2, "sublime*": 2.5,
    "splendide*": 2.5, "superbe*": 2.5, "beau": 1.5, "beaux": 1.5, "belle": 1.5, "belles": 1.5,
    "beauté": 1.5, "joli*": 1.5, "top": 1.5, "cool": 1.5, "chouette*": 2, "sympa": 2, "sympas": 2,
    "sympathique*": 2, "adorable*": 2.5, "mignon*": 2, "gentil*": 2, "aimable*": 2, "agréable*": 2,
    "plaisir*": 2, "content": 2, "contente": 2, "contents": 2, "contentes": 2, "heureu*": 2.5,
    "bonheur*": 2.5, "joie*": 2.5, "joyeu*": 2.5, "ravi": 2.5, "ravie": 2.5, "ravis": 2.5,
    "ravies": 2.5, "satisfait*": 2, "enchanté*": 2, "impressionn*": 2, "fier": 1.5, "fière*": 1.5,
    "fiers": 1.5, "fierté": 2, "réussi*": 2, "succès": 2, "victoire*": 2, "gagn*": 1.5,
    "champion*": 1.5, "meilleur*": 1.5, "mieux": 1, "efficace*": 2, "rapide*": 1, "pratique": 0.5,
    "utile": 1.5, "utiles": 1.5, "facile*": 1, "qualité": 0.5, "de qualité": 1.5, "délicieu*": 2.5,
    "savoureu*": 2, "miam": 2, "recommande*": 2, "brillant*": 2, "intelligent*": 1.5, "talent*": 2,
    "génie": 2, "chef-d'œuvre": 2.5, "chef d'oeuvre": 2.5, "pépite*": 2, "bijou*": 1.5,
    "classe": 0.5, "stylé*": 2, "ouf": 0.5, "de ouf": 2, "trop fort": 2, "trop forts": 2,
    "bien joué": 2.5,
    # feelings, love, thanks
    "amour*": 2.5, "amoureu*": 2.5, "aime*": 2, "adore*": 2.5, "kiff*": 2.5, "love": 2,
    "coeur": 0.5, "cœur": 0.5, "bisou*": 2, "câlin*": 2, "merci*": 1.5, "bravo*": 2.5,
    "félicit*": 2.5, "chapeau": 1, "respect": 0.5, "bienvenu*": 1.5, "hâte": 1.5, "vivement": 1.5,
    "espoir*": 1.5, "espère": 1, "optimis*": 1.5, "encourag*": 1.5, "soutien*": 1.5, "soutenir": 1,
    "solidari*": 1.5, "paix": 1.5, "liberté": 1, "rigol*": 1.5, "drôle*": 1, "marrant*": 1.5,
    "amusant*": 1.5, "fun": 1.5, "hilarant*": 2, "mdr": 0.5, "ptdr": 0.5, "lol": 0.5, "xd": 0.5,
    "haha*": 1, "courage*": 1.5, "vive": 1, "bonne nouvelle": 2.5, "cadeau*": 1, "gratuit*": 1,
    "sauvé*": 1, "progrès": 1.5, "progress*": 1, "amélior*": 1.5, "bienfait*": 1.5,
    "bénéfique*": 1.5, "positif": 1, "positive": 1, "positifs": 1, "positives": 1, "wow": 2,
    "waouh": 2, "youpi": 2, "yes": 1.5, "<3": 2, "calme": 0.5, "serein*": 1.5, "tranquille*": 1,
    "heureusement": 1, "bonne journée": 1.5, "bonne soirée": 1.5, "bon appétit": 1.5,
    "bravo à": 2.5, "merci beaucoup": 2.5, "avec plaisir": 2, "rassur*": 1.5, "soulag*": 1.5,
    "innov*": 1, "protéger": 1, "préserver": 1, "sauver": 1, "vainqueur*": 2, "triomph*": 2,
    "admir*": 2, "inspir*": 1.5, "émouvant*": 1.5, "touchant*": 1.5, "génialissime": 3, "royal": 1,
    "nickel": 2, "impeccable*": 2.5,
}  # fmt: skip
NEGATORS = ("ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "non", "guère")
INTENSIFIERS = (
    "très", "trop", "vraiment", "tellement", "si", "super", "hyper", "ultra", "extrêmement",
    "totalement", "complètement", "absolument", "vachement", "carrément", "profondément",
    "particulièrement", "franchement", "sacrément", "énormément", "tant", "bien",
)  # fmt: skip
CONTRAST = ("mais", "cependant", "pourtant", "toutefois", "néanmoins")

COMPLAINT = (
    "réclamation", "rembourse", "arnaque", "escroquerie", "escroc", "service client",
    "service après-vente", "jamais reçu", "jamais arrivé", "jamais livré", "toujours pas reçu",
    "toujours pas arrivé", "pas été livré", "défectueux", "défectueuse", "en panne", "inadmissible",
    "honteux", "scandaleux", "déçu", "déçue", "mécontent", "insatisfait", "plus jamais",
    "je déconseille", "à fuir", "fuyez", "aucune réponse", "injoignable", "nul à chier",
    "foutage de gueule", "se moquer du monde",
)  # fmt: skip
RISK = (
    "boycotter", "boycottez", "rappel de produit", "rappel conso", "retrait du marché", "dangereux",
    "dangereuse", "toxique", "contaminé", "bad buzz", "polémique", "scandale",
)  # fmt: skip
SAFETY = (
    "mort", "morts", "mortel", "décès", "décédé", "tuée", "meurtre", "blessée", "grièvement blessé",
    "blessure", "agression", "agressé", "viol", "violée", "harcèlement", "harcelé", "attentat",
    "intoxication", "intoxiqué", "empoisonn", "incendie", "brûlure", "porter plainte",
    "porté plainte", "poursuites judiciaires", "poursuivre en justice", "action en justice",
    "mise en demeure", "avocat", "noyade", "suicide", "accident",
)  # fmt: skip
FUNCTION_WORDS = (
    "les", "des", "est", "et", "une", "je", "j", "pas", "sur", "aux", "avec", "pour", "cette",
    "ces", "sont", "vous", "nous", "elle", "ils", "mon", "très", "ça", "être", "avoir", "aussi",
    "leur", "dans", "suis", "qu", "était", "comme", "tout", "votre", "notre",
)  # fmt: skip
