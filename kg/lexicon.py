"""Word lists the extraction rules rely on: general English news vocabulary, no names.

Kept apart from the rules so that they can be read, reviewed and extended on their own.
"""
from __future__ import annotations

import re

# Words of a title or role that precede a name ("Deputy Prime Minister Ishaq Dar").
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "general",
    "foreign", "defense", "defence", "deputy", "first", "state", "king", "queen", "prince", "princess",
    "crown", "emperor", "sultan", "emir", "sheikh", "shaikh", "governor", "mayor", "ambassador", "envoy",
    "senator", "sen.", "rep.", "representative", "congressman", "congresswoman", "speaker", "chairman",
    "chairwoman", "chair", "chief", "leader", "commander", "admiral", "gen.", "col.", "lt.", "colonel",
    "lieutenant", "major", "captain", "marshal", "field", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
    "dr.", "prof.", "professor", "pope", "cardinal", "archbishop", "bishop", "rev.", "reverend", "his",
    "her", "majesty", "highness", "excellency", "supreme", "head", "spokesman", "spokeswoman",
    "spokesperson", "adviser", "advisor", "counsellor", "counselor", "director", "ceo", "justice",
    "judge", "attorney", "former", "then", "then-president", "acting", "interim", "incoming", "outgoing",
    "late", "national", "security", "finance", "trade", "interior", "home", "economy", "economic",
    "energy", "health", "culture", "education", "agriculture", "transport", "affairs", "of", "the",
    "presidential", "special", "representative", "assistant", "undersecretary", "under-secretary",
    "commissioner", "high", "councillor", "premier", "party", "communist", "opposition", "mp", "lawmaker",
    "dictator", "strongman", "monarch", "ruler", "official", "officials", "diplomat", "top", "senior",
    "spy", "army", "military", "navy", "air", "force", "staff", "joint", "chiefs", "defense", "cabinet",
    "pm", "fm",
}
# Title heads that alone make a role ("President", "Governor"); used to accept a name after them.
ROLE_HEADS = {
    "president", "minister", "premier", "chancellor", "secretary", "king", "queen", "prince", "princess",
    "emperor", "sultan", "emir", "sheikh", "governor", "mayor", "ambassador", "envoy", "senator",
    "speaker", "chairman", "chairwoman", "chief", "leader", "commander", "general", "admiral", "pope",
    "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "director", "professor", "judge",
    "dictator", "monarch", "ruler", "official", "diplomat", "counsellor", "counselor", "commissioner",
    "representative", "lawmaker", "vice-president", "vice-premier", "chairperson", "head",
}
# Styles of address before a royal's or dignitary's name ("Her Majesty Raja Zarith Sofiah").
STYLES = {"majesty", "highness", "excellency", "lady"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame",
              "madam", "madame", "lord", "lady", "sen.", "rep.", "gen.", "col.", "lt.", "capt.", "gov."}
# Honorifics of address that stand before or inside a name and are no part of it: Malay
# ("Datuk Seri", "Tan Sri"), West African ("Alhaji"), South Asian ("Shri"), parliamentary ("Hon.").
NAME_HONORIFICS = {"datuk", "dato", "dato'", "dato’", "datin", "tun", "toh", "alhaji", "alhaja", "hajiya",
                   "haji", "hajah", "shri", "shrimati", "smt", "smt.", "hon", "hon.", "honourable", "engr",
                   "engr.", "dr", "dr.", "prof", "prof.", "associate", "professor"}
# Words that are honorifics only right after one of the above ("Datuk Seri", "Tan Sri", "Puan Sri").
HONORIFIC_SECONDS = {"seri", "sri", "patinggi", "paduka", "puan"}
HONORIFIC_PAIRS = {("tan", "sri"), ("puan", "sri"), ("toh", "puan")}
# Titles written with a one-word reigning name ("Pope Francis", "Queen Maxima").
REIGN_TITLES = {"pope", "king", "queen", "prince", "princess", "emperor", "empress"}
# Title words that are part of a name when it has no other word ("Sheikh Hasina").
NAME_TITLES = {"sheikh", "begum", "mullah", "sultan"}
# Lower-case particles that may sit inside a personal name.
NAME_PARTICLES = {"bin", "ibn", "al", "al-", "el", "de", "da", "do", "dos", "das", "di", "del", "della",
                  "van", "von", "der", "den", "le", "la", "du", "y", "abu", "ben", "bint", "binti", "st."}
# Words that show a capitalised phrase names an organisation, not a person or a place.
ORG_WORDS = {
    "ministry", "agency", "committee", "council", "party", "bank", "university", "news", "press",
    "commission", "department", "office", "organization", "organisation", "union", "association",
    "institute", "company", "corporation", "corp", "inc", "group", "times", "post", "service", "tv",
    "television", "radio", "channel", "network", "daily", "journal", "herald", "tribune", "reuters",
    "parliament", "assembly", "congress", "senate", "court", "army", "navy", "force", "forces",
    "government", "administration", "federation", "league", "fund", "foundation", "centre", "center",
    "studies", "media", "airlines", "airways", "club", "board", "authority", "cooperation", "pharma",
    "holdings", "ltd", "plc", "motors", "energy", "national", "movement", "front", "alliance",
}
# Head nouns of named facilities and sites ("Kazansky rail terminus", "Blair House").
FACILITY_HEADS = {
    "station", "terminus", "terminal", "airport", "airbase", "palace", "hall", "square", "hotel", "base",
    "plant", "stadium", "cathedral", "mosque", "temple", "church", "bridge", "dam", "museum", "house",
    "castle", "fort", "port", "harbour", "harbor", "centre", "center", "building", "tower", "monument",
    "memorial", "tomb", "mausoleum", "residence", "compound", "villa", "complex", "park", "garden",
    "gardens", "mountain", "peak", "island", "cosmodrome", "shipyard", "factory", "mine", "embassy",
    "consulate", "camp", "railway", "railroad", "highway", "canal", "airfield", "crossing", "estate",
    "bhavan", "schloss", "palais", "palacio", "palazzo", "casa", "maison", "shoal", "reef", "atoll",
    "qasr", "buildings", "monastery", "abbey", "basilica", "chapel", "shrine", "pagoda", "synagogue",
    "mountains", "istana", "palast", "pałac", "saray", "sarayı",
}
# Common nouns that, set in apposition to a name, say it is a place ("Katchatheevu, the islet ...").
PLACE_NOUNS = {"city", "town", "village", "capital", "port", "province", "region", "district", "state",
               "island", "islet", "archipelago", "river", "lake", "mountain", "valley", "peninsula",
               "enclave", "territory", "county", "suburb", "neighbourhood", "neighborhood", "oasis"}
# Last words of a capitalised phrase that name a law, plan or project, never a person ("Basic Law").
NON_NAME_HEADS = {"law", "act", "constitution", "charter", "code", "doctrine", "plan", "strategy", "policy",
                  "programme", "program", "project", "initiative", "treaty", "agreement", "accord", "declaration",
                  "meeting", "summit", "forum", "conference", "dialogue", "session", "assembly", "congress"}
# Generic region words a place name may carry ("Kursk province" is the place "Kursk").
REGION_SUFFIXES = {"province", "region", "oblast", "krai", "kray", "prefecture", "territory", "district",
                   "county", "governorate", "state", "republic", "mountains"}
# Last words that make a capitalised phrase an event, not a place ("East Asia Summit").
EVENT_WORDS = {"summit", "conference", "forum", "games", "olympics", "cup", "festival", "assembly", "dialogue",
               "cooperation", "partnership", "initiative", "agreement", "accord", "treaty", "pact", "deal"}
WATER_WORDS = {"shoal", "reef", "sea", "ocean", "lake", "river", "gulf", "bay", "strait", "straits", "channel", "pacific",
               "atlantic", "arctic", "mediterranean", "baltic", "caspian", "sound", "canal"}
# Countries that no longer exist: not in GeoNames, still named in news.
HISTORICAL_COUNTRIES = {"soviet union", "ussr", "yugoslavia", "czechoslovakia", "east germany",
                        "west germany", "ottoman empire", "south vietnam", "north vietnam", "rhodesia",
                        "zaire", "burma"}

# Meeting vocabulary.
MEET_VERBS = {"meet", "greet", "host", "receive", "welcome", "confer", "hug", "embrace"}
TALK_VERBS = {"talk", "negotiate", "discuss", "confer", "dine", "lunch"}  # "... with X" (not "by phone")
HOST_VERBS = {"welcome", "receive", "host"}
# Occasions a meeting's place may hang on ("welcomed with honours at X", "on a visit to X").
OCCASION_NOUNS = {"honour", "honours", "honor", "honors", "ceremony", "visit", "trip", "tour", "sideline",
                  "sidelines", "margin", "margins", "dinner", "lunch", "banquet", "reception", "welcome"}
# Nouns that stand for one person ("his counterpart", "the Hungarian leader").
PERSON_NOUNS = ROLE_HEADS | {"leader", "premier", "counterpart"}
HOSTING_NOUNS = {"welcome", "reception", "audience", "dinner", "banquet", "lunch", "luncheon"}
# What a host holds for a guest: "hosted a tea party for X", "held a welcome ceremony for X".
HOSTED_EVENTS = HOSTING_NOUNS | {"ceremony", "party", "tea", "breakfast", "gala"}
# Amounts of talks: "two days of talks", "a round of talks", "a series of meetings".
AMOUNT_NOUNS = {"day", "days", "hour", "hours", "round", "rounds", "series", "week", "weeks", "session", "sessions"}
# Who arranges a meeting for others: "talks hosted by X", "a meeting chaired by X".
ARRANGE_VERBS = {"host", "chair", "mediate", "broker", "organise", "organize", "facilitate", "convene"}
# Parts of a day or a time frame that a date may hang on ("on Wednesday morning").
TIME_NOUNS = {"morning", "afternoon", "evening", "night", "day", "week", "weekend", "month", "year",
              "time", "noon", "midday", "dawn", "hour", "hours"}
# Prepositions that put a meeting already told of in the background ("After the talks, ...").
BACKGROUND_PREPS = {"after", "during", "before", "following", "since", "throughout", "ahead"}
MEETING_NOUNS = {"welcome", "dinner", "banquet", "luncheon", "meeting", "talk", "talks", "summit", "meet", "encounter", "discussion", "discussions",
                 "negotiation", "negotiations", "audience", "reception", "tête-à-tête", "tete-a-tete",
                 "consultation", "consultations", "parley", "get-together", "bilateral", "dialogue",
                 "conversation", "chat", "roundtable", "round-table"}
# Gatherings of many: one meeting with everyone the text puts there.
GATHERING_NOUNS = {"summit", "session", "conference", "forum", "gathering", "meeting", "retreat", "ceremony"}
AIRPORT_WORD = re.compile(r"\b(?:airport|airbase|air base|aerodrome|tarmac)\b", re.I)
# "a news conference", "a press briefing": who speaks there is at the event only if it is then and there.
PRESS_WORDS = {"news", "press", "media"}
# Meetings of two: "a one-on-one meeting", "a bilateral meeting".
BILATERAL_WORDS = {"one-on-one", "bilateral", "private", "closed-door", "separate", "tête-à-tête", "face-to-face"}
ATTEND_VERBS = {"attend", "chair", "host", "join", "participate", "gather", "open", "address", "convene",
                "take", "arrive", "come", "travel", "fly", "head", "meet", "preside"}
REMOTE_WORDS = {"phone", "telephone", "call", "video", "videoconference", "video-conference",
                "virtual", "virtually", "online", "letter", "message", "telegram", "conference-call",
                "videolink", "teleconference", "zoom", "remotely", "phoned", "telephoned", "by-phone"}
# Governing verbs and adjectives that make what follows a plan, not a fact.
PLAN_GOVERNORS = {"expect", "due", "schedule", "set", "plan", "go", "hope", "want", "intend", "likely",
                  "agree", "seek", "propose", "invite", "prepare", "aim", "arrange", "offer", "promise",
                  "wish", "try", "ready", "able", "possible", "slate", "await", "anticipate", "tipped"}
MODAL_PLANNED = {"will", "would", "shall", "'ll", "might", "may", "could", "can", "wo", "ca", "'d"}
CANCEL_GOVERNORS = {"refuse", "decline", "cancel", "reject", "postpone", "deny",
                    "avoid", "snub", "scrap", "collapse", "abandon", "shelve"}
MOTION_VERBS = {"travel", "arrive", "come", "go", "fly", "head", "visit", "journey", "return", "make",
                "reach", "land", "cross", "trip", "leave", "depart"}
# Plural nouns that, with "two"/"both", stand for the two people just named ("the two leaders").
GROUP_NOUNS = {"leader", "leaders", "men", "presidents", "premiers", "ministers", "heads", "counterparts",
               "pair", "sides", "women", "officials", "rulers", "kings", "chancellors"}
# Cues that put a topic on a meeting's agenda.
AGENDA_CUES = {"discuss", "discussion", "agenda", "view", "views", "focus", "cover", "table", "address", "talk",
               "talks", "negotiate", "sign", "issue", "item", "topic", "raise", "review", "center", "centre",
               "dominate", "explore", "tackle", "include", "concern", "agree", "pledge", "promise",
               "cooperation", "cooperate", "position", "sign", "deal", "agreement", "accord", "theme",
               "subject"}
REPORTING_VERBS = {"report", "write", "contribute", "edit", "photograph"}
