"""Indirect identifiers ("phi.indirect"): a rare case, a public figure or a news event in our care.

Two kinds of detail single out a patient without a name:
- a rare event or a public figure (or their relative) that needs a unit or a time word within reach
  ("VIP in the ICU tonight", "the quarterback's wife delivered on our unit", "tenemos al alcalde en
  urgencias"): "Transplant team celebrates 500 transplants this year" has neither, so it is fine;
- an event so specific that it identifies by itself ("conjoined twins", "struck by lightning",
  "born in the elevator", "the man from the bus crash", "nació en el ascensor").
The span is the rare term (with a following "mom", "wife", "victim"... if any): the detail to drop.
"""

from __future__ import annotations

import re

from practice.policy.findings import Span
from practice.policy.language import LANGUAGES, Language
from practice.policy.matching import Nearby

# How far (in characters) the unit or time word may be from the rare event.
_INDIRECT_CONTEXT = 80

_RELATIVE_EN = (
    r"(?:['’]s?)?(?:\s+(?:mom|mother|dad|father|parents?|family|patient|victim|baby|babies|recipient|survivor"
    r"|wife|husband|son|daughter|kid|child|grandson|granddaughter|brother|sister))?"
)
_RELATIVE_ES = r"(?:\s+(?:y\s+su\s+\w+))?"

_NEEDS_CONTEXT: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        rf"""
        (?<!\w)
        (?:
            (?:triplet|quadruplet|quintuplet|sextuplet)s?
          | celebrit(?:y|ies) | vip | movie\s+star | pop\s+star | rock\s+star | reality\s+star | influencer
          | famous(?:\s+\w+)?\s+(?:patient|person|guest|visitor|athlete|actor|actress|singer|musician|player|star|face)
          | gunshot(?:\s+wound)? | gsw | bullet\s+wound | stabbing | stab\s+wound | dog\s+attack
          | (?:(?:face|hand|uterus|heart|lung|liver|kidney|double|triple)[\s\-])?transplants?
          | world'?s\s+(?:first|youngest|oldest|smallest) | youngest\s+patient | oldest\s+patient | centenarian
          | rare\s+(?:disease|condition|disorder|syndrome)
        )
        {_RELATIVE_EN}
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    "es": re.compile(
        rf"""
        (?<!\w)
        (?:
            (?:trillizos|trillizas|cuatrillizos|quintillizos) | famos[oa] | celebridad | vip
          | herida\s+de\s+bala | una\s+bala | baleado | apu[nñ]alad[oa] | trasplante(?:\s+de\s+\w+)?
        )
        {_RELATIVE_ES}
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
}
# Public figures and their relatives: in a unit they are patients, on a tour or at a ceremony they are not.
_PUBLIC: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        rf"""
        (?<!\w)
        (?:
            mayor | governor | senator | congress(?:man|woman|member) | council\s*(?:man|woman|member)
          | city\s+council\s+member | (?:the|a)\s+judge | sheriff | police\s+chief | fire\s+chief
          | pastor | priest | rabbi | imam | bishop | reverend
          | (?:high\s+school|school|the)\s+principal | superintendent
          | news\s*(?:anchor|caster) | anchorwoman | anchorman | weather\s*(?:man|woman|caster) | tv\s+host
          | quarterback | kicker | pitcher | goalie | (?:head\s+)?coach | olympi(?:c|an)(?:\s+\w+)?
          | (?:nfl|nba|mlb|nhl|mls|ufc|wnba)\s+\w+ | boxer | wrestler | (?:world|national|olympic)\s+champion | rapper
          | pop\s+singer | (?:famous|local)\s+singer
          | actor | actress | bride | groom
        )
        {_RELATIVE_EN}
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    "es": re.compile(
        rf"""
        (?<!\w)
        (?:
            alcalde(?:sa)? | gobernador(?:a)? | diputad[oa] | senador(?:a)? | concejal(?:a)? | juez(?:a)?
          | p[aá]rroco | sacerdote | pastor | obispo | rabino
          | director(?:a)?\s+del\s+colegio | futbolista | portero | delantero | jugador(?:a)?\s+del | entrenador(?:a)?
          | hombre\s+del\s+tiempo | chica\s+del\s+tiempo | meteor[oó]log[oa] | cantante | actor | actriz
          | presentador(?:a)? | reina\s+del?\s+\w+
          | (?:ex)?(?:boxeador(?:a)?|luchador(?:a)?|torero|ciclista|tenista|beisbolista|basquetbolista)
          | campe[oó]n(?:a)?\s+(?:mundial|ol[ií]mpic[oa]|nacional|de\s+\w+)
        )
        {_RELATIVE_ES}
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
}
_ALWAYS: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"""
        (?<!\w)
        (?:
            (?:conjoined|siamese)\s+twins? | struck\s+by\s+(?:lightning|a\s+train) | hit\s+by\s+a\s+train
          | lightning\s+strike(?:\s+victim)?
          | shark\s+attack | bear\s+attack | jumped\s+(?:off|from)\s+(?:the|a)\s+\w+(?:\s+\w+)?\s+bridge
          | fireworks?\s+(?:accident|injury|explosion)
          | (?:born|delivered|birth)\s+(?:\w+\s+){0,3}?in\s+(?:the|a|an|our)\s+(?:\w+\s+)?
            (?:elevator|parking\s+(?:garage|lot)|car|taxi|cab|uber|lobby|ambulance)
          | the\s+(?:bus|car|train|plane|boat|motorcycle)\s+(?:crash|wreck|accident)(?!\s+(?:cart|course|drill))
          | (?:the|(?:this\s+)?(?:morning|afternoon|evening|night)'?s|yesterday'?s
              |(?:mon|tues|wednes|thurs|fri|satur|sun)day'?s)
            \s+(?:crash|wreck|pile-?up|shooting|explosion|stabbing)(?!\s+(?:cart|course|drill|alarm|test|team))
        )
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    "es": re.compile(
        r"""
        (?<!\w)
        (?:
            (?:gemel[oa]s\s+)?siames[ea]s | alcanzad[oa]\s+por\s+un\s+rayo
          | trasplantad[oa]\s+de\s+(?:coraz[oó]n|pulm[oó]n|h[ií]gado|ri[nñ][oó]n|cara|manos?|[uú]tero)
          | (?:atropellad[oa]|arrollad[oa])\s+por\s+(?:el|un)\s+tren | ataque\s+de\s+(?:tibur[oó]n|oso|cocodrilo)
          | atacad[oa]\s+por\s+un\s+(?:oso|tibur[oó]n|cocodrilo|puma|jabal[ií])
          | (?:naci[oó]|dio\s+a\s+luz|pari[oó])\s+(?:\w+\s+){0,3}?en\s+(?:el|la|un|una)\s+
            (?:ascensor|estacionamiento|aparcamiento|coche|taxi|ambulancia|vest[ií]bulo)
          | (?:del|el)\s+(?:accidente|choque|tiroteo|incendio|atropello)(?:\s+(?:de|en)\s+(?:la|el)\s+\w+)?
        )
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
}
# Rare-event and public-figure words, so other detectors know these capitalised words are not names.
VOCABULARY: dict[Language, tuple[re.Pattern[str], ...]] = {
    lang: (_NEEDS_CONTEXT[lang], _PUBLIC[lang]) for lang in LANGUAGES
}

# A visit, a tour or a ceremony: the public figure is a guest, not a patient.
_GUEST_RE = re.compile(
    r"(?<!\w)(?i:visit(?:ed|s|ing)?|tour(?:ed|s)?|ribbon|ceremony|speech|spoke|speak(?:s|ing)?|donat\w*|guest"
    r"|visit[oó]|recorri[oó]|inaugur\w*|ceremonia|discurso|don[oó]|donaci[oó]n)(?!\w)"
)
# Unit acronyms only in capitals: "or", "er" and "ed" are ordinary lower-case words.
_UNIT_OR_TIME: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"""
        (?<!\w)
        (?:
            (?-i:L\s?&\s?D|L\s?and\s?D|A&E|ICU|NICU|PICU|MICU|SICU|CCU|CVICU|PACU|ITU|HDU|SCBU|ER|ED|OR)
          | labou?r\s+(?:and|&)\s+delivery | maternity | postpartum | mother[\s\-]baby | urgent\s+care | clinic
          | emergency\s+(?:room|department|dept) | trauma | operating\s+(?:room|theat(?:re|er))
          | intensive\s+care | burn\s+unit | cath\s+lab | ward | unit | bay | wing | floor | delivered | admitted
          | floor\s+\d{1,3} | \d{1,3}(?:st|nd|rd|th)\s+floor | (?:room|rm|bed)\s*\#?\s*[a-z]?\d{1,4}
          | today | tonight | this\s+(?:morning|afternoon|evening) | yesterday | last\s+night | overnight
          | just\s+now | right\s+now
        )
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
    "es": re.compile(
        r"""
        (?<!\w)
        (?:
            (?-i:UCI|UVI|UCIN) | urgencias | paritorio | quir[oó]fano | planta | traumatolog[ií]a | observaci[oó]n
          | maternidad | pediatr[ií]a | consulta | hospital | (?:cama|habitaci[oó]n|box)\s*\d{1,4}
          | hoy | anoche | ayer | esta\s+(?:ma[nñ]ana|tarde|noche|madrugada) | ahora\s+mismo | ingres[oó] | lleg[oó]
        )
        (?!\w)
        """,
        re.IGNORECASE | re.VERBOSE,
    ),
}


def find_indirect(text: str, language: Language = "en") -> list[Span]:
    found = [Span("phi.indirect", *m.span()) for m in _ALWAYS[language].finditer(text)]
    context: Nearby | None = None
    for m in _NEEDS_CONTEXT[language].finditer(text):
        context = context or Nearby(_UNIT_OR_TIME[language], text)
        if context.within(*m.span(), _INDIRECT_CONTEXT):
            found.append(Span("phi.indirect", *m.span()))
    guests: Nearby | None = None
    for m in _PUBLIC[language].finditer(text):
        context = context or Nearby(_UNIT_OR_TIME[language], text)
        guests = guests or Nearby(_GUEST_RE, text)
        if context.within(*m.span(), _INDIRECT_CONTEXT) and not guests.within(*m.span(), _INDIRECT_CONTEXT):
            found.append(Span("phi.indirect", *m.span()))
    return found
