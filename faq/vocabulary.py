"""The domain's vocabulary: each canonical token with the phrases (regular expressions) it stands for.

Order matters: groups apply one after another to folded text (lower case, no accents, no punctuation),
so a phrase must be matched before any group that would eat one of its words. Phrases are matched as
whole words; inside a group the first alternative that matches wins, so longer phrases are written first.
"""

from __future__ import annotations

_ANY_WORD = r"[a-z0-9+]+"

EARLY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        # second factors this product does not offer: the answer to all of them is "SMS or email"
        "xaltmethod",
        (
            r"(?:google|microsoft|ms) auth(?:enticator)?(?: app)?|authenticator apps?|authenticator|authy",
            r"yubikeys?|security keys?|hardware (?:keys?|tokens?)|passkeys?|biometrics?|fingerprints?",
            r"face id|whats ?app|telegram|signal|voice calls?|phone calls?|push notifications?",
            r"backup codes?|recovery codes?",
        ),
    ),
    (
        # other companies' accounts: "2FA on my Google account" is not a question about this product
        "xotherservice",
        (
            r"google account|gmail|facebook|instagram|twitter|apple id|icloud|amazon|microsoft account",
            r"outlook|paypal|linkedin|tiktok|snapchat|discord|steam|my bank|banks?|bank app",
        ),
    ),
    (
        "xtwofa",
        (
            r"(?:2|two|second|dual)\s*(?:factor|fa|step|steps|fact)"
            r"(?:\s*(?:authenti[a-z]*|auth|verifi[a-z]*|login|log in|sign in|security|protection))?",
            r"(?:multi|multiple)\s*factor(?:\s*(?:authenti[a-z]*|auth|verifi[a-z]*))?",
            r"2fa|2fas|2f|mfa|2sv|tfa|twofa",
            r"(?:extra|additional|second) (?:layer of security|security layer|security step|login step|step)",
        ),
    ),
    (
        "xcode",
        (
            r"(?:one|1)\s*time\s*(?:pass\s*words?|pas+words?|pwd|codes?|pins?|passcodes?)",
            r"otps?|totp",
            r"(?:verification|verifcation|verfication|security|login|log in|auth|authentication|"
            r"confirmation|access)\s+(?:codes?|pins?)",
            r"codes?|passcodes?|pins?|cod",
        ),
    ),
    ("xsms", (r"(?:text|txt|sms|short) messages?", r"sms|smss|smses|sms s|texts?|txt|texting|texted")),
    ("xemail", (r"e\s?mail(?: address(?:es)?)?s?|e\s?mail(?:ed|ing)", r"mails?|inbox(?:es)?")),
    (
        "xphone",
        (
            r"(?:mobile|cell|cellular)?\s*phones?(?:\s*(?:numbers?|no|nr|numbr))?",
            r"(?:mobile|cell)(?:\s*(?:numbers?|no|nr))?",
            r"mobiles|cellphones?|smartphones?|handsets?|sim cards?|sims?",
        ),
    ),
    ("xnumber", (r"numbers?|numbr|nummer",)),
)

# "turn 2fa off" -> "turn off 2fa", so the act and its object both survive.
REORDER = (
    r"(?<![a-z0-9])(turn|turned|turning|switch|switched|switching|shut|put)\s+"
    r"(xtwofa|it|this|that|xcode|xsms|xemail|them)\s+(off|on)(?![a-z0-9])",
    r"\1 \3 \2",
)

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "xdisable",
        (
            r"(?:turn|turned|turning|switch|switched|switching|shut|shutting)\s+off",
            r"get(?:ting)? rid of|opt(?:ed|ing)? out(?: of)?|un ?enrol+(?:ed|ing)?",
            r"do not activate(?: protection)?",
            r"dis+abl[a-z]*|dis+able|deactiv[a-z]*|de activat[a-z]*|remov[a-z]*|undo|stop using|off",
            r"stop(?:ping)?(?= (?:the |my |using )?(?:xtwofa|xcode))",
        ),
    ),
    (
        "xenable",
        (
            r"(?:turn|turned|turning|switch|switched|switching)\s+on",
            r"sets?\s*up|setting\s*up|setup|set it up|configur[a-z]*|opt(?:ed|ing)? in(?:to)?",
            r"enabl[a-z]*|re ?activat[a-z]*|activat[a-z]*|start using|enrol+(?:ed|ing|s)?",
        ),
    ),
    ("xlogin", (r"log+(?:ed|ing|s)?\s*(?:in|on)|logins?|sign(?:ed|ing|s)?\s*(?:in|on)|signin|logon",)),
    ("xreceive", (r"re?c(?:ie|ei|i|e)v(?:e|ed|es|ing)",)),
    (
        "xeveryone",
        (
            r"every ?one|every ?body|all of us",
            r"all (?:of )?(?:the |our |my )?(?:users|staff|employees|accounts)",
            r"(?:whole|entire) (?:team|company|office|organi[sz]ation|contract|staff)",
            r"(?:company|organi[sz]ation) wide",
        ),
    ),
    ("profile", (r"user (?:profile|settings|account)|my profil|profil",)),
    (
        "xcolleague",
        (
            r"colleagues?|co ?workers?|employees?|staff(?: members?)?|team ?members?|teammates?|users?",
            r"someone else|somebody else|other people|another person",
        ),
    ),
    ("xadmin", (r"account managers?|admins?|administrators?|managers?|boss",)),
    (
        "xhuman",
        (
            r"human beings?|humans?|(?:a |real |live |actual )person|someone real|agents?|operators?",
            r"representatives?|advis[eo]rs?",
        ),
    ),
    (
        "support",
        (
            r"customer (?:service|services|support|care)|tech(?:nical)? support|help ?desk|service ?desk",
            r"supp?ort|suport|tickets?|complaints?",
        ),
    ),
    (
        "xcontact",
        (
            r"contact(?:ing|ed)?|reach|get in touch(?: with)?",
            r"(?:talk|speak|chat)(?:ing)? (?:to|with)|call (?:me|you)(?: back)?",
        ),
    ),
    (
        "xoften",
        (
            r"(?:too|so|very|unusually|really) often|often|frequent(?:ly)?",
            r"every ?day|each day|daily|every (?:morning|hour|visit)|hourly",
            r"(?:several|many|multiple|a few|a couple of|\d+|two|three|four|five|ten) times"
            r"(?: (?:a|per|each|every) (?:day|hour))?",
            r"constant(?:ly)?|all the time|all day(?: long)?|again and again|over and over|repeatedly",
            r"too many|so many|too much|lots of|excessive(?:ly)?|spam(?:med|ming)?|non ?stop",
            r"always(?= (?:be |being )?(?:ask|prompt|request|want|need|get|send|receiv|have to))",
        ),
    ),
    ("xremember", (r"remember(?:s|ed|ing)?|trusted (?:device|browser|computer)|forgets? me",)),
    ("xsession", (r"sessions?|cookies?",)),
    (
        "xlost",
        (
            r"lost|lose|loses|losing|stolen|stole|smashed|cracked|died|dead|damaged",
            r"misplaced",
        ),
    ),
    ("xnolonger", (r"no longer|any ?more|any longer",)),
    (
        "xnotify",
        (
            r"n?ot+if[a-z]*|alert(?:s|ed|ing)?|inform(?:s|ed|ing)?|warn(?:s|ed|ing)?|heads up|notices?",
            r"let me know|tell me if|told|monitor(?:ing)?|find out",
        ),
    ),
    (
        "xchange",
        (
            r"chang[a-z]*|chnag[a-z]*|updat[a-z]*|edit(?:s|ing|ed)?|modif[a-z]*|replac[a-z]*",
            r"swap(?:s|ping|ped)?|switch(?:es|ing|ed)?",
        ),
    ),
    ("xmethod", (r"methods?|options?|channels?|choices?|alternatives?",)),
    ("xask", (r"ask(?:s|ed|ing)?|prompt(?:s|ed|ing)?|pop(?:s|ped|ping)? up",)),
    ("xarrive", (r"arriv[a-z]*|came|come through|coming through|show(?:n|ed|s)? up|deliver[a-z]*",)),
    (
        # an option that is not offered (to the user, or in their country)
        "xunavailable",
        (
            r"gr[ea]yed out|unavailable|not (?:yet )?(?:available|offered|supported|shown|showing|listed)",
            r"(?:isnt|arent|is not|are not) (?:yet )?(?:available|offered|supported|there|shown|listed)",
            r"(?:doesnt|does not|dont|do not) (?:appear|show(?: up)?)|missing",
        ),
    ),
    (
        # a question about the user's own current state: "is my…", "have I…", "what is my…"
        "xmystate",
        (
            r"(?:is|was|has) my|have i|do i (?:already )?have(?! to)|(?:whats|what is|what are) my",
            r"am i(?= (?:using|enrolled|protected|set|signed|registered|covered|still))",
            r"did i(?= (?:xenable|finish|complete|already|set|turn|choose|pick|select))",
        ),
    ),
    ("xcannot", (r"cant|cannot|can not|unable to|couldnt|impossible",)),
    (
        "xnot",
        (r"not|never|nothing|didnt|doesnt|dont|havent|hasnt|isnt|arent|wasnt|werent|wont|wouldnt",),
    ),
    ("xhello", (r"hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening|day)|greetings|dear",)),
    ("xthanks", (r"thanks?|thank you|thx|ty|cheers|thanks a lot|many thanks|much appreciated",)),
    ("please", (r"pl[sz]|pleas|pleaze",)),
    ("you", (r"u",)),
    ("your", (r"ur",)),
    ("account", (r"acc?ount|acount|accnt",)),
    ("organization", (r"organi[sz]ation",)),
)

# Countries, big cities and nationalities, so an unseen country name still reads as "a country".
# Words are separated by spaces; an underscore stands for a space inside a name.
_COUNTRY_NAMES = (
    "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan "
    "bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana "
    "brazil brunei bulgaria burkina_faso burundi cambodia cameroon canada chad chile china colombia "
    "comoros congo costa_rica croatia cuba cyprus czechia czech_republic denmark djibouti dominica "
    "dominican_republic ecuador egypt el_salvador eritrea estonia eswatini ethiopia fiji finland "
    "france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras "
    "hong_kong hungary iceland india indonesia iran iraq ireland israel italy ivory_coast jamaica "
    "japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia "
    "libya liechtenstein lithuania luxembourg macau madagascar malawi malaysia maldives mali malta "
    "mauritania mauritius mexico moldova monaco mongolia montenegro morocco mozambique myanmar "
    "namibia nepal netherlands holland new_zealand nicaragua niger nigeria north_korea "
    "north_macedonia norway oman pakistan palestine panama paraguay peru philippines poland portugal "
    "qatar romania russia rwanda saudi_arabia saudi senegal serbia sierra_leone singapore slovakia "
    "slovenia somalia south_africa south_korea korea spain sri_lanka sudan suriname sweden "
    "switzerland syria taiwan tajikistan tanzania thailand togo trinidad tunisia turkey turkiye "
    "turkmenistan uganda ukraine united_arab_emirates uae emirates united_kingdom uk britain "
    "great_britain england scotland wales united_states usa america uruguay uzbekistan venezuela "
    "vietnam yemen zambia zimbabwe dubai abu_dhabi sharjah riyadh jeddah doha mumbai delhi new_delhi "
    "bangalore bengaluru chennai hyderabad kolkata karachi lahore istanbul ankara jakarta lagos "
    "abuja cairo beijing shanghai shenzhen manila nairobi casablanca "
)
_DEMONYMS = (
    "indian indonesian emirati pakistani nigerian brazilian mexican egyptian qatari "
    "kuwaiti bahraini omani iranian iraqi ukrainian filipino malaysian "
    "bangladeshi kenyan ghanaian moroccan algerian tunisian south_african american canadian "
    "australian british swiss "
    "argentinian colombian chilean peruvian israeli lebanese jordanian "
)
COUNTRIES: tuple[str, ...] = (
    r"countr(?:y|ies)|contr(?:y|ies)|regions?|locations?|abroad|overseas|international(?:ly)?|foreign",
    r"where i (?:live|am|work)|non uk|non eu|outside (?:the )?(?:uk|eu|europe|us)|country codes?",
    *(name.replace("_", " ") for name in sorted({*_COUNTRY_NAMES.split(), *_DEMONYMS.split()})),
)
