"""Name knowledge used by extraction: reviewable tables, each with its reason.

Every table holds lower-case keys (dots removed where abbreviations vary:
"Wash." and "Wash" are both "wash"). The logic that reads them lives in
cleanup.py, recover.py, reject.py and group.py; nothing here is specific to
one outlet, article or person.
"""
from functools import lru_cache
from pathlib import Path

from service.names.similarity import name_families, nickname_targets

_DATA = Path(__file__).parent / "data"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Titles and ranks -------------------------------------------------------
# Titles are kept out of the span (gold spans and entity names exclude them)
# and recorded on the mention, because the resolver needs them to tell apart
# people who share a name (a captain and a major general). Extraction, the
# name engine and resolution read them from one vocabulary:
# service/names/data/titles.tsv, through service.names.titles.

# --- Name parts ---------------------------------------------------------------
# Particles that join name parts (al-Assad, bin Salman, Abu Bakr, van der
# Berg). A span the model started or ended at one of these was cut short: it
# is extended over the neighbouring capitalized name part.
PARTICLES = _words("""
    al el ul ud ad as an ar at az ash
    bin ibn bint ben ould abu abou abd abdel abdul abdal
    de del della der den di da das do dos du la le van von ter ten zu y e st
""")

# Name parts that begin a compound which the model often splits from the
# particle that follows (Izz al-Din, Abdul-Aziz, Nour al-Din, Saif al-Islam).
COMPOUND_HEADS = _words("""
    izz ezz izzat nour nur noor saif seif sayf abd abdul abdel abu abou
    badr nasr shams taj imad emad salah salaheddine zain zein ala alaa
    jamal kamal nizam sadr fakhr sharaf diya zia
""")

# Second halves of such compounds ("al-Din", "Allah"): a span that starts
# with one of them is missing its first half.
COMPOUND_TAILS = _words("""
    din deen deen dine eddine allah ullah rahman rahim aziz karim latif majid
    hamid qadir jabbar wahab islam dawla
""")

# Particles that say "son of" or "daughter of" (Tamim bin Hamad, Moza bint
# Nasser): they stand between a given name and the father's name, never
# first, and make a name a ruler's or a Gulf family's.
PATRONYMICS = _words("bin ibn bint binti ben")

# Generational suffixes kept inside the span ("Martin Luther King Jr.").
NAME_SUFFIXES = _words("jr sr ii iii iv")
# Of those, the ones that are never a regnal number: "Trump Jr." is a family
# name with its suffix (a short form), "Elizabeth II" a name of its own.
JUNIOR_SENIOR = _words("jr sr")

# --- Words around a name that are not part of it ----------------------------
# Capitalized words that start a sentence or a caption before a name
# ("Getting Shallal out", "Inside John Wightman's room"): trimmed off a span.
LEADING_NON_NAME = _words("""
    getting inside outside meanwhile like when while after before during since
    with without thanks thank dear congratulations welcome meet watch listen read
    photo photos video image images credit courtesy via source file
    says said asks asked tells told says according ask tell
    convicted accused alleged suspected retired former late then new young old
    elder younger
    mister brother sister cousin uncle aunt
    but and or so yet if as at in on of for from to by about over under
    was is are were has had have will would could should may might
    also only even just still already
    here there where why how what who whom whose which
""")

# Determiners, pronouns and other words a person's name never starts with: a
# span beginning with one is an organisation or a phrase ("The Herald").
NON_NAME_STARTS = _words("""
    the a an this that these those our your my his her its their
    some any every each no all both many several
""")

# Particles that are also everyday English words ("Cameron as Category",
# "an", "at", "do"): inside a span they count as particles only when written
# joined to the next word (as-Sisi, ad-Din, at-Tall).
ENGLISH_PARTICLES = _words("as at an ad ar az do da di e y")
# Of those, the Portuguese, Italian and Spanish ones, which are particles when
# written in lower case between two capitalized words of one name: Lula da
# Silva, Maria do Rosário, Ortega y Gasset. (The Arabic ones are particles
# only when hyphen-joined, as above.)
ROMANCE_PARTICLES = _words("da do di e y")

# Words before a capitalized name that make it the name of a thing: storms
# ("Hurricane Delphine"), ships ("MV Ingrid Solberg", "HMS Belfast"). "MS"
# and "MT" are left out: they are also "Ms" and "Mt." before people and places.
THING_BEFORE = _words("""
    hurricane storm typhoon cyclone superstorm
    mv hms uss rms fv ship vessel tanker freighter yacht ferry
""")

# Nouns written after the name of a ship, a storm or an outlet ("the Safer
# oil tanker", "the Quryna newspaper", "the Delphine storm"): the capitalized
# word before one, with at most one lower-case word between, names the thing.
THING_AFTER = _words("""
    tanker ship vessel freighter yacht ferry supertanker
    storm hurricane typhoon cyclone
    newspaper daily weekly magazine tabloid broadsheet
""")

# Words that open the names of armed groups and parties in Arabic, Urdu and
# Persian romanization, as "Front" or "Army" close English ones: Jabhat
# ("front of") al-Nusra, Harakat ("movement of") al-Shabaab, Asbat ("league
# of") al-Ansar, Jaish ("army of") al-Islam, Kataib ("brigades of")
# Hezbollah, Liwa ("banner of") al-Quds, Hizb ut-Tahrir, Lashkar-e-Taiba,
# Tehrik-i-Taliban, Jund al-Aqsa, Jamaat-ul-Ahrar, Saraya al-Salam. None of
# them is a personal name.
ORG_HEADS = _words("""
    jabhat jabhet harakat harkat asbat usbat osbat jaish jaysh
    kataib kata'ib katibat liwa alwiya hizb hezb hizbul lashkar
    tehrik tehreek tahrik jund junud jamaat jama'at jamaah jemaah saraya faylaq
    tanzim sipah sepah
""")

# Endings of compound adjectives that the model reads as names
# ("Hindi-language", "Tehran-based", "Syrian-born").
ADJECTIVE_ENDINGS = ("-language", "-speaking", "-based", "-born", "-led", "-backed",
                     "-owned", "-funded", "-run", "-style", "-era", "-made")

# Lower-case words allowed inside a name besides particles.
INNER_LOWERCASE = PARTICLES | _words("bint binti binte")

# --- Evidence of a non-person -----------------------------------------------
# Single words that name a nationality, people, region adjective, religion or
# sect: the model sometimes tags them as people ("Alawite").
DEMONYMS = _words("""
    american americans british english scottish welsh irish french german
    italian spanish portuguese dutch belgian swiss austrian swedish norwegian
    danish finnish polish czech slovak hungarian romanian bulgarian greek
    turkish russian ukrainian belarusian georgian armenian azerbaijani kazakh
    uzbek chinese japanese korean vietnamese thai filipino indonesian malaysian
    indian pakistani afghan bangladeshi iranian iraqi syrian lebanese
    jordanian palestinian israeli egyptian libyan tunisian algerian moroccan
    saudi emirati qatari kuwaiti bahraini omani yemeni sudanese somali
    ethiopian eritrean kenyan nigerian ghanaian south african canadian mexican
    brazilian argentine argentinian chilean colombian venezuelan peruvian
    cuban haitian australian
    arab arabs arabic persian kurd kurds kurdish turkmen berber tuareg pashtun
    tajik hazara baloch druze alawite alawites sunni sunnis shiite shiites shia
    shi'ite muslim muslims christian christians jewish jew jews catholic
    catholics protestant orthodox coptic copt copts maronite maronites
    yazidi yazidis hindu hindus sikh sikhs buddhist buddhists
    islamist islamists islamic jihadist jihadists salafist salafi wahhabi
    european european african asian latino latina hispanic western eastern
    northern southern middle
    republican republicans democrat democrats democratic conservative
    conservatives liberal liberals labour tory tories socialist communist
""")

# Words that end the names of organisations, outlets and places. A candidate
# holding one (not as its first word) is not a person: "The Herald",
# "Providence Regional Medical Center", "Edmonds Way".
ORG_WORDS = _words("""
    inc incorporated corp corporation co company companies llc ltd plc gmbh ag sa
    group holdings partners association associates foundation fund trust
    institute institution university college school academy
    council committee commission agency authority bureau board office
    ministry department administration government parliament congress senate
    assembly party movement front coalition alliance union league federation
    army navy forces force brigade battalion regiment division corps guard
    police court tribunal prison jail complex
    church mosque temple cathedral synagogue
    hospital clinic center centre
    bank exchange
    news newspaper herald times post journal tribune gazette telegraph
    observer chronicle courier ledger dispatch sentinel inquirer examiner
    bulletin monitor
    daily weekly magazine press media radio tv television
    twitter facebook instagram youtube tiktok whatsapp telegram linkedin
    channel network broadcasting broadcast agencies wire online
    archive archives page edition
""")

# Last words of place names. Unlike ORG_WORDS, many are also surnames
# (Hill, Park, Bay), so a candidate that starts with a known given name
# keeps them ("Fiona Hill").
PLACE_WORDS = _words("""
    way street st road rd avenue ave boulevard blvd lane ln drive highway hwy
    parkway freeway route square plaza place court ct circle terrace
    parish borough township
    creek river lake bay beach coast island islands mountain mountains hill
    hills valley canyon park forest falls springs heights harbor harbour port
    county city town village province district region state territory
    airport station bridge mall
    north south east west northeast northwest southeast southwest
""")

# US states and other words that, after a place, make a "City State" pair the
# model reads as a person ("Everett Washington").
STATE_NAMES = _words("""
    alabama alaska arizona arkansas california colorado connecticut delaware
    florida georgia hawaii idaho illinois indiana iowa kansas kentucky
    louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont virginia washington wisconsin wyoming
    wash calif fla ill mass mich minn penn tenn tex
""")

# News agencies and credit words found in bylines and photo credits
# ("By MATTHEW LEE AP", "(AP Photo/Evan Vucci)"); trimmed off a name.
CREDIT_WORDS = _words("""
    ap afp reuters upi efe dpa ansa xinhua kyodo yonhap tass pa bloomberg
    getty images photo photos photograph photographer file handout pool
    staff writer correspondent contributor reporter editor via courtesy
    associated press agence france-presse
""")

# Whole candidates that are page furniture: navigation, sharing and caption
# labels that sit in scraped pages and that the model takes for names.
FURNITURE = frozenset({
    "select page", "skip to content", "skip to main content", "read more",
    "read next", "see more", "load more", "show more", "view photo gallery",
    "photo gallery", "view gallery", "sign in", "sign up", "log in", "log out",
    "subscribe", "share", "tweet", "email", "print", "comments", "comment",
    "home", "menu", "search", "close", "next", "previous", "back to top",
    "advertisement", "sponsored", "related", "related articles", "trending",
    "newsletter", "editor's picks", "editors picks", "most read", "most popular",
    "top stories", "latest news", "breaking news", "live updates", "watch live",
    "caption", "media id", "labels", "tags", "topics", "graphic", "timeline",
    "weather", "live", "opinion", "obituaries", "sports", "business", "politics",
    "world", "local", "lifestyle", "entertainment", "video", "videos", "podcast",
    "gallery", "copyright", "all rights reserved", "privacy policy",
    "terms of use", "contact us", "about us", "follow us", "talk to us",
    # stage directions of transcripts: "(Laughter.)", "(Crosstalk.)"
    "laughter", "applause", "crosstalk", "cross talk", "inaudible",
    "unintelligible", "silence", "pause", "commercial break", "begin videotape",
    "end videotape", "end video clip", "begin video clip",
})

# Single words that open a navigation or sharing label ("Select Page",
# "Share Story"): a candidate starting with one is furniture, not a name.
FURNITURE_VERBS = _words("""
    select click tap share download subscribe follow sign log print email
    tweet skip toggle load show hide view open close reply jump
""")
# ("jump": wiki pages open with "Jump to: navigation, search" or "Jump to content".)

# Calendar words the model sometimes reads as names.
CALENDAR = _words("""
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec
    today yesterday tomorrow
""")

# Endings of common nouns that a capitalized sentence-initial word may carry
# ("Motorcyclist dies"); surnames almost never end so. -quist/-qvist are
# Scandinavian surnames and are exempted in reject.py.
COMMON_NOUN_ENDINGS = ("ist", "ists", "ism", "tion", "tions", "ness", "ment",
                       "ments", "ship", "ity", "ians", "ers'", "ings")

# Locative words: a single-word candidate right after one is a place
# ("in Monroe", "to Jordan"), unless the doc shows it as a person.
LOCATIVE_BEFORE = _words("""
    in into near at from to toward towards across outside inside around
    throughout via between through
""")
# Of those, the ones that precede people as often as places ("a call from
# Biden", "loyal to Qadhafi", "talks between Abbas and Netanyahu"): they
# do not make a place of a name the page gives a person.
PERSON_OR_PLACE_BEFORE = _words("from to between via")

# --- Transcripts ----------------------------------------------------------------
# Speaker labels that name a role, not a person ("QUESTION:", "MODERATOR:").
SPEAKER_ROLES = _words("""
    q a question answer questions moderator operator reporter reporters narrator
    announcer anchor host interviewer interpreter translator audience crowd
    voice voices male female man woman unidentified unknown participant
    participants official officials spokesman spokeswoman spokesperson
    staff all both several multiple others caller callers panelist panel
    note editor transcript end begin video audio clip sot vo live
    senior administration update correction source sources related
""")

# --- Kinship and seniority cues used by grouping --------------------------------
# A word before a mention that marks it as someone's relative ("his son,
# Capt. X"): the relative is not the default referent of a shared surname.
KIN_WORDS = _words("""
    son sons daughter daughters father mother brother brothers sister sisters
    wife husband uncle aunt cousin nephew niece grandson granddaughter
    grandfather grandmother widow widower
""")

# Kinship words that introduce someone as the junior of a family ("her son,
# Bilawal Bhutto Zardari"): of the relatives who share a family name, the
# junior is the least likely referent of the bare name ("Zardari"), after a
# spouse or a parent, who in turn come after someone introduced as nobody's
# relative.
JUNIOR_KIN = _words("son sons daughter daughters grandson granddaughter nephew niece")

# Words that may stand between the comma after a name and a kinship word in an
# appositive ("X, the eldest son of Y"; "X, his younger brother").
APPOSITIVE_FILLERS = _words("the a his her their eldest elder oldest younger youngest late second third only")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (data/given_names.txt): evidence that a capitalized
    pair the model labelled as an organisation is a person."""
    names = set()
    for line in (_DATA / "given_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            names.update(line.split())
    return frozenset(names)


def is_given_name(key: str) -> bool:
    """A given name that the list above or the name engine knows: also the
    names left out above for being common words (Bill, a nickname of
    William), and the families of Arabic, Persian and Turkish given names.
    For rules that only hold a cut back ("Bill Gates Says" is not cut to
    "Bill"), not for rules that make a person."""
    return key in given_names() or bool(name_families(key) or nickname_targets(key))
