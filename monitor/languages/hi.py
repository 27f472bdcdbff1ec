"""Hindi: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Hindi. Mostly romanized Hindi
(Hinglish) as it is typed on social media, where one word has many spellings
(accha, acha, achha; nahi, nahin, nhi) and English words mix in freely, so the
common English sentiment words are listed too; then the same Hindi words in
Devanagari. Hindi puts "not" after what it negates ("accha nahi hai"), so such
phrases are listed as negative entries of their own.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {
    # criticism and quality (romanized)
    "bakwas*": 2.5, "bakwaas*": 2.5, "bkwas*": 2.5, "bekar": 2, "bekaar": 2, "bekkar": 2,
    "ghatiya*": 2.5, "ghatia": 2.5, "ghtiya": 2.5, "ghateya": 2.5, "wahiyat": 2.5,
    "vahiyat": 2.5, "bura": 2, "buri": 2, "bure": 2, "burai": 1.5, "bura laga": 2,
    "kharab*": 2, "kharaab*": 2, "khrab*": 2, "faltu": 2, "faaltu": 2, "ganda": 2,
    "gandi": 2, "gande": 2, "gandagi": 2, "galat": 1.5, "ghalat": 1.5, "glt": 1.5,
    "nakli": 2, "naqli": 2, "toota": 1.5, "tuta": 1.5, "tooti": 1.5, "tuti": 1.5,
    "tut gaya": 2, "toot gaya": 2, "kaam nahi": 2, "kaam nahin": 2, "kaam nhi": 2,
    "chal nahi": 1.5, "nahi chal": 1.5, "nhi chal": 1.5, "mehenga": 1, "mehnga": 1,
    "mahanga": 1, "paisa barbaad": 2.5, "paise barbaad": 2.5, "paisa barbad": 2.5,
    "paisa waste": 2.5, "paise waste": 2.5, "mat lena": 2, "mat kharido": 2.5,
    "mat khareedo": 2.5, "pakau": 2, "pakao": 1.5, "pakaau": 2, "boring": 1.5, "bore": 1,
    "irritating": 2, "chidh": 1.5, "tang aa gaya": 2, "tang aa gayi": 2, "pareshan*": 2,
    "pareshaan*": 2, "mushkil": 1, "musibat": 2, "museebat": 2, "takleef": 1.5,
    "taklif": 1.5, "dikkat": 1.5, "problem*": 1.5, "nuksaan": 1.5, "nuksan": 1.5,
    "ghaata": 1.5, "barbaad*": 2.5, "barbad*": 2.5, "tabaah*": 2.5, "tabah*": 2.5,
    "haar gaya": 1.5, "haar gaye": 1.5, "har gaye": 1.5, "haar": 1, "haare": 1.5,
    "fail": 1.5, "flop": 2, "disaster": 2.5, "bekar service": 2.5,
    # postposed negation of praise
    "accha nahi*": 2, "acha nahi*": 2, "achha nahi*": 2, "acchi nahi*": 2, "achi nahi*": 2,
    "achhi nahi*": 2, "acche nahi*": 2, "ache nahi*": 2, "achhe nahi*": 2, "accha nhi": 2,
    "acha nhi": 2, "achha nhi": 2, "achi nhi": 2, "acchi nhi": 2, "ache nhi": 2,
    "acche nhi": 2, "theek nahi*": 1.5, "thik nahi*": 1.5, "theek nhi": 1.5,
    "thik nhi": 1.5, "sahi nahi*": 1.5, "sahi nhi": 1.5, "pasand nahi*": 2,
    "pasand nhi": 2, "maza nahi*": 2, "maza nhi": 2, "mazaa nahi*": 2, "khush nahi*": 2,
    "khush nhi": 2, "badhiya nahi*": 2, "badiya nahi*": 2,
    # emotions
    "dukh": 2, "dukhi": 2, "udaas": 2, "udas": 2, "rona": 1.5, "ro raha": 1.5,
    "ro rahi": 1.5, "ro rhi": 1.5, "rula": 1.5, "rula diya": 2, "aansu": 1.5, "gussa": 2,
    "gussa*": 2, "naraz*": 2, "naraaz*": 2, "tension": 1.5, "dard": 1.5, "darr": 1.5,
    "dar lag": 1.5, "dar gaya": 1.5, "khatra": 1.5, "khatarnak": 2,
    "khatarnaak": 2, "nafrat": 2.5, "jalan": 1.5, "afsos": 2, "afsoos": 2, "mayus": 2,
    "niraash*": 2, "nirash*": 2, "sharam": 2, "sharm": 2, "sharmnak": 2.5, "sharmnaak": 2.5,
    "sharminda": 2, "besharam*": 2.5, "besharm*": 2.5, "thak gaya": 1, "thak gayi": 1,
    "akela": 1, "akeli": 1, "dil toot": 2, "dil tut": 2, "uff": 1,
    "haye": 0.5, "hai re": 0.5, "chhi": 2, "chee": 1.5, "chhee": 2, "thoo": 2,
    "lanat": 2.5, "laanat": 2.5, "dhikkar": 2.5,
    # insults and slang
    "bewakoof*": 2, "bewkoof*": 2, "bevkoof*": 2, "bewakuf*": 2, "bevakoof*": 2,
    "pagal": 1.5, "paagal": 1.5, "chutiya*": 2.5, "chutiye": 2.5, "chutiyapa": 2.5,
    "bc": 2, "mc": 2, "bsdk": 3, "bhosd*": 3, "madarchod*": 3,
    "behenchod*": 3, "bhenchod*": 3, "bhencho": 3, "gaandu": 3, "gandu": 3, "harami*": 2.5,
    "haraami*": 2.5, "kutta": 2, "kutte": 2, "kutti": 2, "kamina*": 2.5, "kamine": 2.5,
    "kameena*": 2.5, "kameene": 2.5, "saala": 1.5, "saale": 1.5, "saali": 1.5, "ullu": 2,
    "gadha": 2, "gadhe": 2, "nalayak*": 2, "nalaayak*": 2, "nikamma*": 2, "nikamme": 2,
    "jhooth*": 2, "jhoot*": 2, "jhuth*": 2, "jhutha": 2, "jhootha": 2, "chor": 2,
    "chori": 2, "choro": 2, "choron": 2, "dhoka*": 2.5, "dhokha*": 2.5, "dhokebaaz*": 3,
    "dhokebaz*": 3, "chamcha*": 2, "chamche": 2,
    "bhakt": 1, "andhbhakt*": 2.5, "gaddar": 2.5, "gadaar": 2.5, "gaddaar": 2.5,
    "deshdrohi": 2.5, "desh drohi": 2.5, "kayar": 2, "fattu": 2, "jahil": 2, "jaahil": 2,
    "murkh": 2, "moorkh": 2, "gawar": 2, "ganwar": 2, "chup kar": 1.5, "bas karo": 1,
    # politics and news
    "ghotala*": 2.5, "ghotale": 2.5, "bhrasht*": 2.5, "bhrashtachar": 2.5, "loot*": 2,
    "lootera": 2.5, "lutere": 2.5, "mehngai": 2, "mahangai": 2, "berozgari": 2,
    "garibi": 1.5, "maut": 2, "mar gaya": 2, "mar gaye": 2, "mar gayi": 2, "maar diya": 2.5,
    "maar do": 2, "maro": 1.5, "hatya": 2.5, "katl": 2.5, "qatl": 2.5, "balatkar*": 3,
    "hinsa": 2, "danga": 2.5, "dange": 2.5, "aatank*": 2.5, "atank*": 2.5, "jung": 1.5,
    "yudh": 1.5, "shaheed": 1.5, "zulm": 2.5, "julm": 2.5, "anyay": 2, "annyay": 2,
    "natak": 1.5, "naatak": 1.5, "drama": 1, "jumla": 2, "jumle": 2, "fake": 2,
    # English, as mixed into Hinglish tweets
    "bad": 1.5, "worst": 2.5, "worse": 2, "hate": 2.5, "hates": 2, "hated": 2, "sad": 2,
    "shame": 2, "shameful": 2.5, "disgusting": 2.5, "disgrace*": 2.5, "pathetic": 2.5,
    "useless": 2, "stupid": 2, "idiot*": 2.5, "fool*": 2, "nonsense": 2, "rubbish": 2,
    "liar*": 2.5, "lies": 2, "corrupt*": 2.5, "angry": 2, "sick": 1.5, "pain": 1.5,
    "failed": 2, "failure": 2, "poor": 1.5, "annoying": 2, "terrible": 2.5, "horrible": 2.5,
    "awful": 2.5, "fraud*": 2.5, "scam*": 2.5, "cheat*": 2.5, "sucks": 2, "suck": 1.5,
    "shit*": 2, "fuck*": 2.5, "wtf": 2, "damn": 1.5, "hell": 1, "kill*": 2, "dead": 1.5,
    "death": 2, "die": 1.5, "died": 2, "rape*": 3, "riot*": 2.5, "terror*": 2.5,
    "attack*": 1.5, "ugly": 2, "hurt*": 1.5, "cry": 1.5, "crying": 2, "lost": 1,
    "loss": 1.5, "jail": 1.5, "waste": 2, "wasted": 2, "boycott": 2, "shameless": 2.5,
    "mad": 1, "crap": 2, "dumb": 2, "lame": 1.5, "upset": 2, "worried": 1.5, "scared": 1.5,
    "afraid": 1.5, "unfortunately": 1.5, "sorry": 0.5, "broken": 2,
    "late": 0.5, "delay*": 1.5, "refund": 1.5, "complain*": 1.5,
    "galti": 1.5, "galtiyan": 1.5, "barabaad*": 2.5, "hairaan": 1, "pitai": 1.5,
    "pitayi": 1.5, "kabhi nahi": 1, "theek nai": 1.5, "thik nai": 1.5, "accha nai": 2,
    "acha nai": 2, "laat": 1.5, "thappad": 1.5, "gaali": 1.5, "gaaliyan": 1.5, "fear": 1.5,
    "defective": 2, "issue": 0.5, "punishment": 1.5, "mistake": 1.5, "wrong": 1.5,
    "difficult": 1, "evil": 2, "cruel": 2, "blame": 1.5, "disagree": 1.5,
    # Devanagari
    "बकवास": 2.5, "बेकार": 2, "घटिया": 2.5, "बुरा": 2, "बुरी": 2, "बुरे": 2, "खराब": 2,
    "ख़राब": 2, "गंदा": 2, "गंदी": 2, "बेवकूफ": 2, "बेवकूफ़": 2, "पागल": 1.5, "झूठ*": 2,
    "चोर": 2, "धोखा": 2.5, "घोटाला": 2.5, "घोटाले": 2.5, "भ्रष्ट*": 2.5, "शर्म*": 2,
    "बेशर्म*": 2.5, "गलत": 1.5, "ग़लत": 1.5, "दुख": 2, "दुःख": 2, "दुखी": 2, "उदास": 2,
    "गुस्सा": 2, "नाराज": 2, "नाराज़": 2, "परेशान*": 2, "दर्द": 1.5, "मुश्किल": 1,
    "मुसीबत": 2, "डर": 1.5, "खतरा": 1.5, "ख़तरा": 1.5, "खतरनाक": 2, "नफरत": 2.5,
    "नफ़रत": 2.5, "मौत": 2, "हत्या": 2.5, "बलात्कार": 3, "हिंसा": 2, "दंगा": 2.5,
    "दंगे": 2.5, "आतंक*": 2.5, "गद्दार": 2.5, "देशद्रोही": 2.5, "बर्बाद": 2.5, "तबाह": 2.5,
    "नुकसान": 1.5, "महंगा": 1, "महँगा": 1, "महंगाई": 2, "बेरोजगारी": 2, "नकली": 2,
    "टूटा": 1.5, "शर्मनाक": 2.5, "निराश*": 2, "अफसोस": 2, "अफ़सोस": 2, "कायर": 2,
    "लानत": 2.5, "धिक्कार": 2.5, "मूर्ख": 2, "कमीना": 2.5, "कमीने": 2.5, "हरामी": 2.5,
    "कुत्ता": 2, "कुत्ते": 2, "अन्याय": 2, "जुल्म": 2.5, "ज़ुल्म": 2.5, "लूट*": 2,
    "अच्छा नहीं": 2, "अच्छी नहीं": 2, "पसंद नहीं": 2,
}  # fmt: skip
POSITIVE: dict[str, float] = {
    # praise (romanized)
    "accha": 2, "acha": 2, "achha": 2, "achchha": 2, "acchha": 2, "achaa": 2, "acchi": 2,
    "achi": 2, "achhi": 2, "acche": 2, "ache": 1.5, "achhe": 2, "badhiya*": 2.5,
    "badiya*": 2.5, "badhia": 2.5, "bdiya": 2.5, "mast": 2, "zabardast*": 2.5,
    "jabardast*": 2.5, "zabardust": 2.5, "shandar*": 2.5, "shaandar*": 2.5, "kamaal": 2.5,
    "kamal ka": 2.5, "kamaal ka": 2.5, "lajawab*": 2.5, "lajawaab*": 2.5, "behtareen*": 2.5,
    "behtarin*": 2.5, "behtar": 1.5, "sundar": 2, "khoobsurat*": 2, "khubsurat*": 2,
    "pyara*": 2, "pyaara*": 2, "pyari": 2, "pyaari": 2, "pyare": 2, "pyaare": 2,
    "sahi": 1, "sahi hai": 1.5, "sahi h": 1.5, "ekdum sahi": 2, "bilkul sahi": 2,
    "theek": 0.5, "thik": 0.5, "badhiya hai": 2.5, "jhakaas": 2.5, "jhakas": 2.5,
    "dhamakedar": 2.5, "dhansu": 2.5, "solid": 1, "kadak": 1.5, "bindaas": 2, "dhaasu": 2.5,
    "umda": 2, "uttam": 2, "shreshth": 2, "nayab": 2, "anokha": 1.5,
    # emotions and wishes
    "pyaar*": 2, "pyar*": 2, "mohabbat": 2, "ishq": 1.5, "khush*": 2,
    "khushi*": 2, "mubarak*": 2.5, "badhai*": 2.5, "badhaai*": 2.5, "shukriya*": 2,
    "dhanyavad*": 2, "dhanyawad*": 2, "dhanyvaad*": 2, "shabash*": 2.5, "shaabaash*": 2.5,
    "wah": 2, "waah*": 2, "vah": 1.5, "jai ho": 2, "jeet*": 2, "jit gaya": 2, "jeeta": 2,
    "safal*": 2, "saphal*": 2, "kamyab*": 2, "kaamyaab*": 2, "mazaa": 2,
    "maza": 2, "mazza": 2, "maja": 1.5, "maje": 1.5, "mazedar*": 2, "majedar*": 2,
    "hasi": 1, "hansi": 1, "dil se": 1.5, "dil khush": 2.5, "garv": 2,
    "samman": 1.5, "sammaan": 1.5, "izzat": 1.5, "imaandar*": 2, "imandar*": 2,
    "vikas": 0.5, "umeed": 1, "ummeed": 1, "sukoon": 2, "sukun": 2, "shaant": 1,
    "aashirwad": 1.5, "ashirwad": 1.5, "bhagwan bhala": 1.5, "jeete raho": 2,
    "khush raho": 2, "god bless": 2, "pasand": 1.5, "pasand aaya": 2, "pasand aya": 2,
    "dil jeet": 2.5, "sach me accha": 2,
    # English, as mixed into Hinglish tweets
    "good": 1.5, "great": 2, "best": 2, "awesome": 2.5, "superb": 2.5, "super": 2,
    "nice": 2, "love*": 2, "luv": 2, "happy": 2, "fantastic": 2.5, "amazing": 2.5,
    "brilliant": 2.5, "excellent": 2.5, "congrats": 2.5, "congratulations": 2.5,
    "cute": 2, "beautiful": 2, "perfect": 2, "blockbuster": 2, "superhit": 2.5,
    "rocking": 2, "rocks": 1.5, "wonderful": 2.5, "proud": 2, "thanks": 1.5,
    "thank you": 1.5, "thanku": 1.5, "thnx": 1.5, "thx": 1.5, "wow": 2, "yay": 2,
    "cool": 1.5, "fun": 1.5, "enjoy*": 2, "win": 1.5, "winner": 2, "hero": 1.5,
    "legend": 2, "respect": 1.5, "glad": 2, "excited": 2, "lovely": 2.5,
    "sweet": 1.5, "well done": 2.5, "keep it up": 2, "bless*": 1.5, "lol": 1, "haha*": 1.5,
    "hehe*": 1, "lmao": 1, "good luck": 1.5, "hope": 0.5, "liked": 1.5,
    "interesting": 1, "support": 1, "welcome": 1, "party": 1,
    "agree": 1, "rahat": 1, "raahat": 1,
    # Devanagari
    "अच्छा": 2, "अच्छी": 2, "अच्छे": 2, "बढ़िया": 2.5, "बढिया": 2.5, "शानदार": 2.5,
    "ज़बरदस्त": 2.5, "जबरदस्त": 2.5, "कमाल": 2.5, "लाजवाब": 2.5, "बेहतरीन": 2.5,
    "बेहतर": 1.5, "सुंदर": 2, "सुन्दर": 2, "खूबसूरत": 2, "ख़ूबसूरत": 2, "प्यारा": 2,
    "प्यारी": 2, "प्यार": 2, "मोहब्बत": 2, "खुश*": 2, "ख़ुश*": 2, "बधाई": 2.5,
    "मुबारक": 2.5, "धन्यवाद": 2, "शुक्रिया": 2, "शाबाश": 2.5, "वाह": 2, "जीत*": 2,
    "सफल*": 2, "कामयाब*": 2, "सही": 1, "मज़ा": 2, "मजा": 2, "गर्व": 2, "सम्मान": 1.5,
    "ईमानदार": 2, "उम्मीद": 1, "आशीर्वाद": 1.5, "जय हो": 2, "पसंद": 1.5, "उत्तम": 2,
}  # fmt: skip
NEGATORS = (
    "nahi", "nahin", "nhi", "nai", "nahe", "nahii", "mat", "bina", "not", "no",
    "ni", "never", "dont", "didnt", "doesnt", "isnt", "wasnt", "nothing", "don", "didn",
    "doesn", "isn", "wasn", "wouldn", "couldn", "shouldn", "aren", "cant", "cannot",
    "without", "नहीं", "नही", "मत",
    "बिना",
)  # fmt: skip
INTENSIFIERS = (
    "bahut", "bohot", "bohat", "bhot", "bahot", "bht", "boht", "bahuut", "itna", "itni",
    "itne", "kitna", "kitni", "kitne", "bilkul", "ekdum", "ekdam", "sabse", "zyada",
    "jyada", "jada", "kaafi", "kafi", "bada", "badi", "bade", "mega", "very", "so", "too",
    "really", "most", "bahut", "बहुत", "बेहद", "सबसे", "ज़्यादा", "ज्यादा", "इतना",
    "कितना", "बिल्कुल",
)  # fmt: skip
CONTRAST = ("lekin", "lekn", "magar", "but", "parantu", "kintu", "लेकिन", "मगर", "परंतु", "किंतु")

COMPLAINT = (
    "shikayat", "shikaayat", "शिकायत", "paisa wapas", "paise wapas", "paise vapas",
    "पैसे वापस", "dhokha", "dhoka", "धोखा", "thagi", "ठगी", "loot liya", "lut gaye",
    "bekar service", "bakwas service", "ghatiya service", "kabhi nahi lunga",
    "kabhi nahi khareed", "customer care", "koi jawab nahi", "jawab nahi diya",
    "deliver nahi",
    "kharab", "खराब", "ख़राब", "toota hua", "टूटा", "nakli", "नकली", "der se", "देरी",
    "bekar", "बेकार", "ghatiya", "घटिया", "bakwas", "बकवास", "fraud", "scam",
)  # fmt: skip
RISK = (
    "bahishkar", "बहिष्कार", "boycott", "khatra", "खतरा", "ख़तरा", "khatarnak", "खतरनाक",
)  # fmt: skip
SAFETY = (
    "maut", "मौत", "mar gaya", "mar gayi", "mar gaye", "मर गया", "मर गई", "hatya", "हत्या",
    "qatl", "katl", "क़त्ल", "कत्ल", "ghayal", "घायल", "aspatal", "अस्पताल", "balatkar",
    "बलात्कार", "chhedchhad", "छेड़छाड़", "hinsa", "हिंसा", "maar peet", "marpeet",
    "मारपीट", "zeher", "zehar", "jahar", "ज़हर", "जहर", "aag lag", "आग लग", "dhamaka",
    "धमाका", "visphot", "विस्फोट", "mukadma", "mukadama", "मुकदमा", "मुक़दमा", "vakil",
    "वकील", "adalat", "अदालत", "case karunga", "police complaint",
)  # fmt: skip
FUNCTION_WORDS = (
    "hai", "hain", "nahi", "nahin", "nhi", "kya", "mein", "bhi", "aur", "yeh", "ye", "tha",
    "thi", "kyun", "kyu", "raha", "rahi", "ko", "ki", "ka", "ke", "hoga", "tum", "aap",
    "mujhe", "mera", "kuch", "sab", "koi", "abhi", "bhai", "yaar", "toh", "kar",
    # chat spellings and more everyday words that are not English, German or Romance words
    "h", "hu", "hun", "hoon", "rha", "rhi", "rhe", "gaya", "gayi", "gaye", "diya", "liye",
    "liya", "kaise", "kab", "baat", "jab", "wala", "wali", "wale", "hum", "mai", "tu",
    "tera", "teri", "meri", "mere", "apna", "apne", "uska", "uski", "unka", "usko", "phir",
    "fir", "bahut", "bohot", "karo", "karna", "karke", "hua", "hui", "kyon", "kaun",
    "kahan", "sirf", "jaise", "matlab", "accha", "acha", "agar", "lekin", "saath", "pehle",
)  # fmt: skip
