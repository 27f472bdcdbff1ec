"""Portuguese: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Portuguese (Brazil and Portugal).
A trailing ``*`` makes an entry a stem (``decepcion*`` matches ``decepcionado``).
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # general criticism and quality
    "arrogân*": 2, "arrogant*": 2, "antipati*": 2, "embuste*": 2, "prepotent*": 2,
    "insuportável": 2.5, "fraco": 1.5, "fraca": 1.5, "fracos": 1.5, "porre": 2, "indelicad*": 2,
    "bagunç*": 1.5, "desinteressant*": 2, "aflição": 2, "aflit*": 2, "coitad*": 1.5, "amador*": 1.5,
    "desagradáv*": 2, "sem sal": 1.5, "mediocr*": 1.5, "fraude": 2.5, "ruim": 2, "ruins": 2,
    "péssim*": 2.5, "horrív*": 2.5, "horror*": 2.5, "horrend*": 2.5, "terrív*": 2.5, "lixo*": 2.5,
    "porcaria*": 2.5, "droga": 1.5, "chato": 2, "chata": 2, "chatos": 2, "chatas": 2, "chatice": 2,
    "chatead*": 2, "que saco": 2, "tédio": 1.5, "entediad*": 1.5, "nojo": 2.5, "nojent*": 2.5,
    "vergonha*": 2, "vergonhos*": 2.5, "vergonha alheia": 2.5, "ridícul*": 2, "absurd*": 1.5,
    "patétic*": 2.5, "decepç*": 2, "decepcion*": 2, "fracass*": 2, "falha*": 1.5, "falhou": 1.5,
    "erro": 1.5, "erros": 1.5, "errado*": 1.5, "errada*": 1.5, "problema*": 1, "pior": 2.5,
    "piores": 2.5, "mal": 1.5, "mau": 2, "má": 1.5, "maus": 2, "feio*": 1.5, "feia*": 1.5,
    "brega*": 1.5, "cafona*": 1.5, "tosco*": 2, "tosca*": 2, "paia": 1.5, "mico": 1.5,
    "vexame*": 2.5, "fiasco*": 2, "desastr*": 2.5, "catástrof*": 2.5, "caos": 2, "inaceitáv*": 2.5,
    "insuportáv*": 2.5, "intolerável": 2.5, "inút*": 2, "incompet*": 2.5, "sem graça": 2,
    "nada a ver": 1, "mimimi": 1.5, "forçad*": 1.5, "cringe": 2, "lamentáv*": 2.5, "lament*": 1.5,
    "infelizmente": 1.5, "que pena": 2, "pena": 1, "difícil": 1, "negativ*": 1, "injust*": 2,
    "falso*": 1.5, "falsa*": 1.5, "fake": 1.5, "não gostei": 2, "não presta": 2.5,
    "não funciona": 2, "não recomendo": 2.5,
    # products and customer service
    "defeito*": 2, "quebrad*": 1.5, "quebrou": 1.5, "estragad*": 2, "estragou": 2, "atraso*": 1.5,
    "atrasad*": 1.5, "atrasou": 1.5, "demora": 1.5, "demorou": 1.5, "demorad*": 1.5,
    "nunca chegou": 2.5, "não chegou": 2, "reembolso": 1, "estorno": 1.5, "golpe*": 2,
    "golpista*": 2.5, "enganação": 2.5, "enganad*": 2.5, "enganar": 2.5, "ladrão": 2.5,
    "ladrões": 2.5, "ladra": 2.5, "roubo*": 2, "roubar": 2, "roubou": 2, "roubaram": 2, "caro": 1,
    "caríssim*": 2, "lento*": 1.5, "lenta*": 1.5, "lentidão": 1.5, "sujo*": 2, "suja*": 2,
    "sujeira": 2, "grosseir*": 2, "mal educad*": 2, "mal-educad*": 2, "mal atendid*": 2,
    "atendimento péssimo": 2.5, "reclamação": 1.5, "reclamar": 1, "perda de tempo": 2.5,
    "dinheiro jogado fora": 2.5, "travou": 1.5, "travando": 1.5, "bugad*": 1.5, "zoado": 1,
    "mentira*": 2.5, "mentiros*": 2.5, "mentiu": 2, "fraude*": 2.5, "palhaçada*": 2.5,
    # emotions
    "triste*": 2, "tristeza": 2, "chateação": 2, "raiva": 2.5, "ódio": 2.5, "odeio": 2.5,
    "odiar": 2.5, "odeia": 2.5, "odeiam": 2.5, "odiei": 2.5, "irritad*": 2, "irritant*": 2,
    "irrita": 2, "puto": 2, "puta": 2, "putaria": 1.5, "revolt*": 2, "indign*": 2, "medo": 2,
    "medos": 2, "assust*": 1.5, "pavor": 2.5, "terror": 2.5, "agonia": 2, "angústia": 2,
    "ansiedade": 1.5, "preocupad*": 1.5, "preocupant*": 2, "tenso": 1, "tensa": 1, "nervos*": 1,
    "desesper*": 2.5, "chor*": 1.5, "sofr*": 2, "dor": 1.5, "dores": 1.5, "dói": 1.5, "doeu": 1.5,
    "depress*": 2, "deprimid*": 2, "solidão": 1, "cansad*": 1, "cansei": 1.5, "desgraça*": 2.5,
    "maldit*": 2, "inferno": 2, "pesadelo*": 2.5, "socorro": 1.5, "ugh": 1.5, "aff": 2, "afff": 2,
    "affs": 2, "argh": 1.5, "credo": 1.5, "eca": 2, "zzz": 1, "humilha*": 2, "desrespeit*": 2.5,
    "magoad*": 2, "mágoa": 2, "ciúme*": 1, "inveja": 1, "arrependid*": 1.5, "chateia": 2,
    "chateou": 2, "estresse": 1.5, "estressad*": 1.5, "insegur*": 1, "sofrimento": 2, "lágrima*": 1,
    # slang, insults, swearing
    "merda*": 2.5, "bosta*": 2.5, "porra": 1.5, "caralho": 1.5, "pqp": 2, "vtnc": 3, "vsf": 3,
    "fdp": 3, "filho da puta": 3, "idiota*": 2.5, "imbecil*": 2.5, "burr*": 2, "estúpid*": 2.5,
    "otári*": 2.5, "babaca*": 2.5, "escroto*": 2.5, "canalha*": 2.5, "safad*": 1.5, "palhaço*": 1.5,
    "bandid*": 2.5, "vagabund*": 2.5, "lixo de": 2.5, "nojeira": 2.5, "cretin*": 2.5,
    "desgraçad*": 2.5, "merdinha": 2.5, "wtf": 1.5, "fail": 1.5, "sem noção": 2, "cu": 1.5,
    # politics and news
    "corrupt*": 2.5, "corrupç*": 2.5, "propina*": 2.5, "crime*": 2.5, "criminos*": 2.5, "preso": 1,
    "prisão": 1, "cadeia": 1.5, "crise": 1.5, "desemprego": 1.5, "pobreza": 1.5, "miséria": 2,
    "fome": 1.5, "machis*": 2, "racis*": 2.5, "homofob*": 2.5, "homofóbic*": 2.5, "fascis*": 2.5,
    "nazis*": 2.5, "ditadura*": 2.5, "ditador*": 2.5, "hipócrit*": 2.5, "hipocrisia": 2.5,
    "manipula*": 2, "abuso*": 2, "abusad*": 1.5, "violência": 2.5, "violent*": 2, "estupr*": 3,
    "assassin*": 3, "matar": 2.5, "mataram": 2.5, "matou": 2.5, "morte*": 2, "morto*": 2,
    "morta*": 2, "morrer": 2, "morreu": 2, "morreram": 2, "guerra*": 2, "atentado*": 3,
    "terroris*": 2.5, "ameaç*": 2, "perig*": 2, "risco*": 1, "ferid*": 2, "acidente*": 2,
    "doença*": 1.5, "doente*": 1.5, "câncer": 1.5, "escândalo*": 2.5, "escandal*": 2.5,
    "polêmic*": 1.5, "tragédia*": 2.5, "trágic*": 2.5, "drama": 1, "dramátic*": 1.5,
    "traidor*": 2.5, "traição": 2.5, "traiu": 2.5, "vendid*": 1, "desvio*": 1, "impunidade": 2,
    "censura*": 2, "ilegal*": 2, "irresponsáv*": 2.5, "preconceito*": 2, "discrimina*": 2,
    "retrocesso*": 2, "injustiça*": 2,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # general praise and quality
    "gracinha": 2, "graça": 0.5, "interessant*": 1, "fenomenal": 2.5, "divin*": 2, "estupend*": 2.5,
    "magnífic*": 2.5, "charmos*": 2, "elegant*": 1.5, "gentileza": 2, "bom": 1.5, "boa": 1.5,
    "bons": 1.5, "boas": 1.5, "muito bom": 2.5, "ótim*": 2.5, "excelent*": 2.5, "perfei*": 2.5,
    "maravilh*": 2.5, "fantástic*": 2.5, "incrív*": 2, "sensacional*": 2.5, "espetacular*": 2.5,
    "show": 0.5, "show de bola": 2.5, "lind*": 2.5, "bonit*": 2, "belo": 1.5, "bela": 1.5,
    "belíssim*": 2.5, "fofo*": 2, "fofa*": 2, "fofura*": 2, "fofinh*": 2, "gostos*": 2,
    "delícia*": 2.5, "delicios*": 2.5, "top": 1.5, "massa": 0.5, "arrasou": 2.5, "arrasa*": 2.5,
    "mandou bem": 2.5, "mandando bem": 2.5, "legal": 1.5, "bacana*": 2, "maneir*": 2, "daora": 2,
    "da hora": 2, "melhor": 1.5, "melhores": 1.5, "melhora*": 1.5, "recomendo": 2,
    "vale a pena": 1.5, "barato": 0.5, "rápid*": 1, "eficient*": 2, "fácil": 1, "útil": 1.5,
    "gentil*": 2, "simpátic*": 2, "educad*": 1.5, "atencios*": 2, "inteligent*": 1.5,
    "brilhant*": 2, "talent*": 2, "gênio": 2, "craque": 1.5, "mito": 1, "rainha": 1, "diva*": 1.5,
    "deusa": 1.5, "hino": 1, "positiv*": 1, "qualidade": 0.5, "de qualidade": 1.5,
    "impressionant*": 2, "emocionant*": 2, "divertid*": 2, "diversão": 2, "engraçad*": 1.5,
    "hilári*": 2, "que graça": 2, "sucesso": 2, "vitória": 2, "ganhou": 1.5, "ganhar": 1.5,
    "venceu": 1.5, "campeã*": 1.5, "campeão": 1.5, "correto": 1,
    # feelings, love, thanks
    "amo": 2.5, "amei": 2.5, "amar": 2, "amando": 2.5, "amor": 2.5, "amores": 2.5, "amorzin*": 2.5,
    "adoro": 2.5, "adorei": 2.5, "ador*": 2.5, "gosto": 1.5, "gostei": 2, "gosta": 1.5,
    "gostamos": 1.5, "gostando": 1.5, "curti": 2, "curtindo": 2, "curtir": 2, "feliz": 2.5,
    "felizes": 2.5, "felicidade*": 2.5, "alegr*": 2, "content*": 2, "satisfeit*": 2, "orgulho*": 2,
    "parabéns": 2.5, "obrigad*": 1.5, "valeu": 1.5, "grato": 1.5, "grata": 1.5, "agradeç*": 2,
    "kkk*": 1, "rs": 0.5, "rsrs*": 1, "haha*": 1, "hehe*": 1, "lol": 0.5, "beijo*": 2, "abraço*": 2,
    "carinho*": 2, "querid*": 1.5, "esperança": 1.5, "paz": 1.5, "tranquil*": 1, "liberdade": 1,
    "abençoe": 2, "abençoad*": 2, "glória": 1.5, "graças a deus": 2, "uau": 2, "wow": 2, "eba": 2,
    "oba": 2, "yes": 1.5, "emocion*": 1.5, "animad*": 1.5, "empolgad*": 2, "sonho": 1, "sonhos": 1,
    "torcendo": 1, "apoio": 1, "salvou": 1.5, "<3": 2, "sorriso*": 1.5, "sorrir": 1.5,
    "risada*": 1.5, "rindo": 1, "saudade*": 0.5, "coração": 1, "amizade": 1.5, "lindeza": 2.5,
    "maravilhos*": 2.5, "gostosa": 2, "merece": 1, "merecid*": 2, "talentos*": 2, "adorável": 2.5,
    "fofíssim*": 2.5, "incentiv*": 1, "solidari*": 1.5, "respeito": 1, "bem-vind*": 1.5,
    "bem vind*": 1.5, "parabenizar": 2, "genial": 2.5, "lindo demais": 3,
}  # fmt: skip
NEGATORS = (
    "não", "n", "ñ", "nunca", "jamais", "nem", "sem", "nada", "nenhum", "nenhuma", "ninguém",
    "tampouco",
)  # fmt: skip
INTENSIFIERS = (
    "muito", "muita", "tão", "super", "mega", "bem", "bastante", "extremamente", "totalmente",
    "completamente", "realmente", "mt", "mto", "mais", "hiper", "ultra", "mó", "muitíssimo",
)  # fmt: skip
CONTRAST = ("mas", "porém", "entretanto", "contudo", "todavia", "só que")

COMPLAINT = (
    "reclamação", "reclame aqui", "reembolso", "estorno", "devolução do dinheiro", "enganação",
    "atendimento péssimo", "péssimo atendimento", "péssimo serviço", "nunca chegou", "não chegou",
    "ainda não chegou", "não recebi", "produto com defeito", "veio quebrado", "veio com defeito",
    "não funciona", "não recomendo", "nunca mais", "procon", "cobrança indevida",
    "cobraram duas vezes", "palhaçada", "decepcionado", "decepcionada", "descaso",
    "falta de respeito",
)  # fmt: skip
RISK = (
    "boicote", "recolhimento", "perigoso", "perigosa", "tóxico", "contaminado", "escândalo",
    "polêmica",
)  # fmt: skip
SAFETY = (
    "morte", "morreu", "morreram", "morto", "mortos", "falecimento", "faleceu", "ferido", "feridos",
    "agressão", "agredido", "agredida", "estupro", "abuso sexual", "assédio", "violência",
    "assassinato", "assassinado", "intoxicação", "envenenamento", "envenenado", "incêndio",
    "explosão", "queimadura", "processar", "processo judicial", "advogado", "ação judicial",
    "afogado", "suicídio",
)  # fmt: skip
FUNCTION_WORDS = (
    "não", "você", "vc", "uma", "um", "na", "ao", "pra", "muito", "isso", "esse", "essa", "ele",
    "ela", "eles", "tem", "tá", "estou", "foi", "são", "também", "então", "agora", "hoje", "vai",
    "vou", "sim", "meu", "minha", "gente", "ainda", "tudo", "mesmo", "nem",
)  # fmt: skip
