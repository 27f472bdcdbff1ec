"""Spanish: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Spanish (Spain and Latin America).
A trailing ``*`` makes an entry a stem (``decepcionad*`` matches ``decepcionada``).
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # general criticism and quality
    "arrogan*": 2, "soberbi*": 2, "equivocad*": 1.5, "marginad*": 1.5, "prepotent*": 2,
    "decadent*": 2, "mal": 1.5, "malo": 2, "mala": 2, "malos": 2, "malas": 2, "malísim*": 2.5,
    "mala suerte": 2, "pésim*": 2.5, "horribl*": 2.5, "terribl*": 2.5, "fatal": 2, "peor": 2.5,
    "peores": 2.5, "asco": 2.5, "asquer*": 2.5, "penoso*": 2, "penosa*": 2, "pena": 1.5,
    "lástima": 1.5, "lamentabl*": 2.5, "lament*": 1.5, "vergüenza*": 2, "vergonzos*": 2.5,
    "decepci*": 2, "desilusi*": 2, "fracas*": 2, "fallo": 1, "fallos": 1, "falla": 1, "fallan": 1,
    "error": 1.5, "errores": 1.5, "problema": 1, "problemas": 1, "problemón": 2, "inútil*": 2,
    "incompetent*": 2.5, "incompetencia": 2.5, "ridícul*": 2, "absurd*": 1.5, "patétic*": 2.5,
    "cutre*": 2, "chungo*": 1.5, "chunga*": 1.5, "mediocr*": 1.5, "chapuza*": 2.5, "feo": 1.5,
    "fea": 1.5, "feos": 1.5, "feas": 1.5, "feísim*": 2.5, "horror*": 2.5, "desastr*": 2.5,
    "catástrof*": 2.5, "caos": 2, "inaceptabl*": 2.5, "intolerabl*": 2.5, "insoportabl*": 2.5,
    "indignant*": 2.5, "difícil*": 1, "duro": 0.5, "dura": 0.5, "raro": 0.5, "rara": 0.5,
    "falso*": 1.5, "falsa*": 1.5, "fake": 1.5, "bulo*": 2, "culpa": 1, "culpable*": 1.5,
    "negativo*": 1, "negativa*": 1, "injust*": 2, "no me gusta": 2, "no me gustó": 2, "no sirve": 2,
    "no vale": 1.5, "no funciona": 2, "no lo recomiendo": 2.5, "para nada": 1,
    # products and customer service
    "roto": 1.5, "rota": 1.5, "rotos": 1.5, "rotas": 1.5, "averiad*": 2, "avería*": 2,
    "defectuos*": 2, "estropead*": 2, "retras*": 1.5, "tarda": 1, "tardan": 1, "tardanza": 1.5,
    "nunca llegó": 2.5, "cancelad*": 1, "cancelaron": 1, "reembolso*": 1, "queja*": 1.5,
    "reclamaci*": 1.5, "estafa*": 3, "timo": 2.5, "timad*": 2.5, "fraude*": 2.5, "ladrón": 2.5,
    "ladrones": 2.5, "ladrona*": 2.5, "robo": 2, "robos": 2, "robar": 2, "roban": 2, "robaron": 2,
    "robado*": 2, "robando": 2, "caro": 1, "carísim*": 2, "lento*": 1.5, "lentitud": 1.5,
    "sucio*": 2, "sucia*": 2, "suciedad": 2, "grosero*": 2, "grosera*": 2, "maleducad*": 2,
    "perdid*": 1, "perdieron": 1, "perder": 1, "pierde*": 1, "derrota*": 2,
    "atención al cliente": 0.5, "servicio al cliente": 0.5, "sigo esperando": 2,
    "pérdida de tiempo": 2.5, "tirar el dinero": 2.5, "engaño*": 2.5, "engaña*": 2.5,
    "mentira*": 2.5, "mentiros*": 2.5, "miente": 2, "mienten": 2, "mintió": 2,
    # emotions
    "frustra*": 2, "cólera": 2, "enojad*": 2, "enoja*": 2, "molest*": 1.5, "bajón": 1.5,
    "regañ*": 1, "decepcionad*": 2, "triste*": 2, "tristeza": 2, "deprim*": 2, "depre": 2,
    "depresi*": 2, "llor*": 1.5, "sufr*": 2, "dolor*": 2, "duele*": 1.5, "desgracia*": 2.5,
    "infierno": 2, "pesadilla*": 2.5, "soledad": 1, "odio*": 2.5, "odia*": 2.5, "odiar": 2.5,
    "rabia*": 2, "enfad*": 2, "cabread*": 2.5, "furios*": 2.5, "indigna*": 2, "harto*": 2,
    "harta*": 2, "hasta los huevos": 2.5, "hasta las narices": 2.5, "cansad*": 1, "aburr*": 1.5,
    "miedo*": 2, "asust*": 1.5, "susto": 1.5, "pánico": 2, "terror": 2.5, "temor*": 1.5,
    "preocupa*": 1.5, "angusti*": 2, "ansiedad": 1.5, "estrés": 1.5, "estresad*": 1.5, "agobi*": 2,
    "nervios*": 1, "vomit*": 2, "qué asco": 2.5, "celos*": 1, "envidia*": 1, "ugh": 1.5, "uff": 1,
    "puf": 1, "buf": 1, "meh": 1, "snif": 1.5, "noo": 1, "nooo": 1, "noooo": 1, "madre mía": 1,
    "ay no": 1.5,
    # slang, insults, swearing
    "mierd*": 2.5, "basura*": 2.5, "joder": 1.5, "jodid*": 2, "jode": 1.5, "puta": 2, "putas": 2,
    "puto": 2, "putos": 2, "putada": 2.5, "hijo de puta": 3, "hijos de puta": 3, "cabrón": 2.5,
    "cabrones": 2.5, "cabrona*": 2.5, "gilipollas": 3, "idiota*": 2.5, "imbécil*": 2.5,
    "estúpid*": 2.5, "tonto*": 2, "tonta*": 2, "tontería*": 1.5, "pendej*": 2.5, "capull*": 2.5,
    "coñazo": 2, "maldit*": 2, "me cago": 2, "cagada": 2, "cagaste": 2, "cagó": 2, "coño": 1.5,
    "carajo": 1.5, "payaso*": 1.5, "imbéciles": 2.5, "subnormal*": 3, "retrasad*": 2.5,
    "idiotez": 2, "pringad*": 2, "cutrez": 2, "mamón": 2, "culero*": 2.5, "pinche": 1.5, "wtf": 1.5,
    "fail": 1.5,
    # politics and news
    "corrup*": 2.5, "ladronzuel*": 2.5, "chorizos": 1.5, "traid*": 2.5, "traici*": 2.5,
    "hipócrit*": 2.5, "hipocresía": 2.5, "cínic*": 2, "manipula*": 2, "propaganda": 1.5,
    "escándalo*": 2.5, "escandal*": 2.5, "polémic*": 1.5, "dictad*": 2.5, "fascis*": 2.5,
    "facha*": 2.5, "nazi*": 2.5, "racis*": 2.5, "machis*": 2, "xenófob*": 2.5, "homófob*": 2.5,
    "abuso*": 2, "abusad*": 2, "injustici*": 2, "desigualdad*": 1.5, "pobreza": 1.5, "miseria*": 2,
    "hambre": 1.5, "crisis": 1.5, "desempleo": 1.5, "paro": 0.5, "recorte*": 1.5, "desahucio*": 2.5,
    "guerra*": 2, "atentado*": 3, "terroris*": 2.5, "asesin*": 3, "matar": 2.5, "mata": 2,
    "matan": 2, "mataron": 2.5, "muerte*": 2, "muerto*": 2, "muerta*": 2, "morir": 2, "murió": 2,
    "murieron": 2, "violencia*": 2.5, "violent*": 2, "violaci*": 3, "violad*": 3, "agresi*": 2.5,
    "agred*": 2.5, "ataque*": 2, "tragedia*": 2.5, "trágic*": 2.5, "drama": 1.5, "dramátic*": 1.5,
    "peligr*": 2, "amenaz*": 2, "riesgo*": 1, "daño*": 1.5, "herido*": 2, "herida*": 2,
    "accidente*": 2, "enfermedad*": 1.5, "enfermo*": 1.5, "enferma": 1.5, "cáncer": 1.5,
    "crimen*": 2.5, "criminal*": 2.5, "delincuen*": 2, "cárcel": 1.5, "prisión": 1,
    "vergüenza ajena": 2.5, "mentirosos": 2.5, "irresponsable*": 2.5, "ilegal*": 2,
    "culpables": 1.5, "amenazas": 2,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # general praise and quality
    "alentador*": 1.5, "bien": 1, "muy bien": 2, "bueno": 1, "buena": 1.5, "buenos": 1.5,
    "buenas": 1, "buen": 1.5, "buenísim*": 2.5, "genial*": 2.5, "excelente*": 2.5, "perfect*": 2.5,
    "maravill*": 2.5, "fantástic*": 2.5, "estupend*": 2.5, "increíble*": 2, "impresionante*": 2,
    "espectacular*": 2.5, "precioso*": 2.5, "preciosa*": 2.5, "hermos*": 2.5, "bonito*": 2,
    "bonita*": 2, "lindo*": 2, "linda*": 2, "guapo*": 2, "guapa*": 2, "guapísim*": 2.5, "bello": 2,
    "bella": 2, "chulo*": 1.5, "chula*": 1.5, "mola": 2, "molan": 2, "molaba": 2, "guay": 2,
    "chévere": 2, "bacán": 2, "top": 1.5, "cool": 1.5, "crack": 1.5, "ídolo*": 1.5,
    "fenomenal*": 2.5, "de lujo": 2, "lujo": 1, "flipante*": 2, "ideal*": 1.5, "favorito*": 2,
    "favorita*": 2, "mejor": 1.5, "mejores": 1.5, "mejora*": 1.5, "positivo*": 1, "positiva*": 1,
    "optimis*": 1.5, "fácil*": 1, "rápido*": 1, "útil*": 1.5, "eficaz": 2, "eficiente*": 2,
    "recomiendo": 2, "recomendable*": 2, "vale la pena": 1.5, "merece la pena": 1.5, "rico": 1.5,
    "rica": 1.5, "delicios*": 2.5, "sabros*": 2, "riquísim*": 2.5, "amable*": 2, "simpátic*": 2,
    "inteligente*": 1.5, "brillante*": 2, "talento*": 2, "genio": 2, "genios": 2, "dulce*": 1,
    "calidad": 0.5, "de calidad": 1.5,
    # feelings, love, thanks
    "gustado": 1.5, "delicia*": 2, "relajad*": 1, "ojalá": 0.5, "maravilla*": 2.5, "encantador*": 2,
    "amor": 2.5, "amores": 2.5, "amorcit*": 2.5, "amoros*": 2, "te quiero": 2.5, "os quiero": 2.5,
    "los quiero": 2.5, "te amo": 3, "amo": 2, "adoro": 2.5, "ador*": 2.5, "encanta*": 2.5,
    "encantad*": 2, "gusta": 1.5, "gustan": 1.5, "gustó": 1.5, "feliz": 2.5, "felices": 2.5,
    "felicidad*": 2.5, "felicit*": 2.5, "alegr*": 2, "content*": 2, "satisfech*": 2, "orgullos*": 2,
    "orgullo": 1.5, "gracias": 1.5, "muchas gracias": 2, "mil gracias": 2.5, "agradec*": 2,
    "ole": 1.5, "olé": 1.5, "bravo": 2, "enhorabuena": 2.5, "éxito*": 2, "triunf*": 2, "ganar": 1.5,
    "ganamos": 1.5, "ganó": 1.5, "victoria*": 2, "campeón": 1.5, "campeon*": 1.5, "divertid*": 2,
    "diversión": 2, "gracios*": 1.5, "risa*": 1, "jaja*": 1, "jeje*": 1, "jiji*": 1, "xd": 0.5,
    "lol": 0.5, "besos": 2, "beso": 2, "besit*": 2, "abrazo*": 2, "cariño*": 2, "ánimo*": 1.5,
    "suerte": 1.5, "esperanza*": 1.5, "ilusión": 2, "ilusiona*": 2, "emocionante*": 2,
    "emocionad*": 1.5, "ganas de": 1, "disfrut*": 2, "descansa*": 1, "paz": 1.5, "tranquil*": 1,
    "libertad": 1, "bendici*": 2, "bendit*": 2, "gloria": 1.5, "fuerza": 1, "apoyo": 1, "apoyar": 1,
    "solidari*": 1.5, "bienvenid*": 1.5, "por fin": 1, "wow": 2, "guau": 2, "yay": 2, "viva": 1.5,
    "vivan": 1.5, "saludos": 0.5, "buenas noches": 1, "buenos días": 1, "sonris*": 1.5,
    "sonreír": 1.5, "gran": 1, "grande": 0.5, "grandes": 0.5, "mejoras": 1.5, "<3": 2,
    "aplauso*": 2, "admir*": 2, "hermosura": 2.5, "gustaría": 0.5, "valiente*": 2,
}  # fmt: skip
NEGATORS = (
    "no", "nunca", "jamás", "ni", "sin", "nada", "tampoco", "nadie", "ningún", "ninguna", "ninguno",
)  # fmt: skip
INTENSIFIERS = (
    "muy", "tan", "super", "súper", "re", "demasiado", "bastante", "mucho", "muchísimo",
    "realmente", "totalmente", "completamente", "extremadamente", "increíblemente", "tremendamente",
    "sumamente", "más", "mega", "ultra", "híper", "requete", "bien",
)  # fmt: skip
CONTRAST = ("pero", "sin embargo", "aunque", "no obstante")

COMPLAINT = (
    "reclamación", "reclamo", "queja", "reembolso", "devuélvanme", "devolvedme", "estafa",
    "estafador", "timo", "atención al cliente", "servicio al cliente", "servicio técnico",
    "nunca llegó", "no ha llegado", "no me ha llegado", "sigo esperando", "no funciona",
    "defectuoso", "defectuosa", "averiado", "cobro indebido", "me cobraron", "cobrado dos veces",
    "pésimo servicio", "pésima atención", "no lo recomiendo", "nunca más", "inaceptable",
    "lamentable", "indignante", "qué asco", "vergonzoso",
)  # fmt: skip
RISK = (
    "boicot", "retirada del mercado", "retiran del mercado", "alerta sanitaria", "peligroso",
    "peligrosa", "peligro", "tóxico", "contaminado", "escándalo", "polémica",
)  # fmt: skip
SAFETY = (
    "muerte", "muerto", "muertos", "murió", "fallecido", "falleció", "fallecimiento", "herido",
    "heridos", "lesionado", "agresión", "agredido", "violación", "violada", "abuso sexual", "acoso",
    "violencia", "asesinato", "asesinado", "intoxicación", "envenenamiento", "envenenado",
    "incendio", "explosión", "quemadura", "demanda judicial", "demandar", "denuncia", "denunciar",
    "abogado", "querella", "suicidio", "ahogado",
)  # fmt: skip
FUNCTION_WORDS = (
    "el", "los", "las", "y", "muy", "yo", "ya", "hay", "también", "eso", "esto", "cuando", "hoy",
    "pues", "aquí", "ahora", "tiene", "tengo", "estoy", "hasta", "siempre", "usted", "ese", "esa",
    "ellos", "ella", "donde", "mucho", "muchas", "sus",
)  # fmt: skip
