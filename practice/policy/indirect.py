"""Indirect identifiers ("phi.indirect"): a rare case or event tied to a unit or a day."""

from __future__ import annotations

import re

from practice.policy.findings import Span
from practice.policy.matching import Nearby

# How far (in characters) the unit or time word may be from the rare event.
_INDIRECT_CONTEXT = 80

# Rare events that single out a patient. "famous" needs a person noun after it, or "our famous
# chili cook-off today" would count. A following "mom", "victim"... joins the span so the
# rewrite drops the whole description.
_RARE_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:triplet|quadruplet|quintuplet|sextuplet)s?
      | (?:conjoined|siamese)\s+twins?
      | celebrit(?:y|ies) | vip | movie\s+star | pop\s+star | rock\s+star
      | famous(?:\s+\w+)?\s+(?:patient|person|guest|visitor|athlete|actor|actress|singer|musician|player|star|face)
      | gunshot(?:\s+wound)? | gsw | stabbing | stab\s+wound | shark\s+attack | bear\s+attack | dog\s+attack
      | struck\s+by\s+lightning | lightning\s+strike
      | (?:(?:face|hand|uterus|heart|lung|liver|kidney|double|triple)[\s\-])?transplants?
      | world'?s\s+(?:first|youngest|oldest|smallest) | youngest\s+patient | oldest\s+patient | centenarian
      | rare\s+(?:disease|condition|disorder|syndrome)
    )
    (?:['’]s?)?
    (?:\s+(?:mom|mother|dad|father|parents?|family|patient|victim|baby|babies|recipient|survivor))?
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Unit acronyms only in capitals: "or", "er" and "ed" are ordinary lower-case words.
_UNIT_OR_TIME_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?-i:L\s?&\s?D|L\s?and\s?D|A&E|ICU|NICU|PICU|MICU|SICU|CCU|CVICU|PACU|ITU|HDU|SCBU|ER|ED|OR)
      | labou?r\s+(?:and|&)\s+delivery | maternity | postpartum | mother[\s\-]baby
      | emergency\s+(?:room|department|dept) | trauma\s+(?:bay|cent(?:er|re)|unit) | operating\s+(?:room|theat(?:re|er))
      | intensive\s+care | burn\s+unit | cath\s+lab | ward | unit | bay | wing
      | floor\s+\d{1,3} | \d{1,3}(?:st|nd|rd|th)\s+floor | (?:room|rm|bed)\s*\#?\s*[a-z]?\d{1,4}
      | today | tonight | this\s+(?:morning|afternoon|evening) | yesterday | last\s+night | overnight
      | just\s+now | right\s+now
    )
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def find_indirect(text: str) -> list[Span]:
    found: list[Span] = []
    context: Nearby | None = None
    for m in _RARE_RE.finditer(text):
        context = context or Nearby(_UNIT_OR_TIME_RE, text)
        if context.within(*m.span(), _INDIRECT_CONTEXT):
            found.append(Span("phi.indirect", *m.span()))
    return found
