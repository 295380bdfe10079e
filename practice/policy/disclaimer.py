"""The "views are my own" disclaimer ("policy.no_disclaimer" when one is required and missing).

Staff write it in many ways, in a profile bio or at the end of a post, in English and Spanish:

- whose views: "Views are my own", "Opinions are solely my own", "Views mine, not my employer's",
  "Thoughts expressed here are personal", "Personal account", "Speaking only for myself",
  "Las opiniones son mías", "Opiniones personales", "Opino a título personal";
- not the employer's: "Tweets don't reflect my employer", "Not speaking for @MercyGeneral",
  "Mis tuits no representan a mi empleador", "No reflejan la postura de mi institución";
- sharing is not endorsing: "RT ≠ endorsement", "RTs/likes aren't endorsements",
  "Following doesn't = endorsement", "Following ≠ endorsing", "RT no implica respaldo",
  "Compartir no es respaldar".

Not a disclaimer: "I endorse this message!", "These views are amazing from the 10th floor",
"RT = endorsement", "My views on the new parking rules: …", "Las vistas desde la UCI son increíbles".

The text is folded first (case, accents, apostrophes, "≠" read as "!=", every run of spaces one
space), so each pattern spells one form; with single spaces and bounded repeats the search is
linear in the text.
"""

from __future__ import annotations

import re
import unicodedata

from practice.policy.matching import plain

_SPACES_RE = re.compile(r"\s+")
_MARKS_RE = re.compile(r"[\u0300-\u036f]+")

# Word lists shared by the patterns below (folded: lower case, no accents).
_ADVERB = (
    r"(?:solely|strictly|entirely|purely|only|all|wholly|totally|exclusively|100%"
    r"|solo|unicamente|exclusivamente|totalmente)"
)
# "personal" and "propias" also start ordinary phrases ("personal protective equipment", "ideas
# propias para el turno"): they count only at the end of a phrase or before "and", "not", "y", "no"...
_WEAK_OWN = r"(?:personal(?:es)?|propi[ao]s?)(?=[ ]?(?:$|[^\w ])|[ ](?:and|but|not|only|y|pero|no|solo)\b)"
_OWN = rf"(?:(?:my|mine)[ ]own|mine(?:[ ](?:alone|only))?|ours|mi[ao]s?|{_WEAK_OWN})"
_EMPLOYER = (
    r"(?:my[ ](?:current[ ]|former[ ]|past[ ])?"
    r"(?:employers?|employer's|workplace|hospital|company|organi[sz]ation|institution)"
    r"|(?:any|the)[ ](?:employers?|hospital|organi[sz]ation|institution)|@\w+"
    r"|mis?[ ](?:empleador(?:a|es)?|empresa|institucion|hospital|centro(?:[ ]de[ ]trabajo)?|lugar[ ]de[ ]trabajo)"
    r"|(?:(?:el|la|los|las|ningun|ninguna)[ ])?(?:empleador(?:a|es)?|empresa|institucion|hospital|centro))"
)
# Who shares: "RT", "RTs", "RT's", "retweets", "likes", "following", "compartir", "seguir"...
_SHARE_WORD = (
    r"(?:rt'?s?|rting|retweet(?:s|ing)?|re-tweets?|repost(?:s|ing)?|shares?|sharing|likes?|liking|follows?|following"
    r"|favs?|favou?rites?|links?|qts?|quote[ ]tweets?|boosts?"
    r"|retuits?|retuitear|retweetear|compartir|seguir|me[ ]gusta|enlaces?)"
)
_SHARES = (
    rf"(?:(?:los|las|mis|my)[ ])?{_SHARE_WORD}"
    rf"(?:[ ]?(?:/|,|&|\+|and|or|y|o)[ ]?(?:(?:los|mis)[ ])?{_SHARE_WORD}){{0,4}}"
)
_NOT_EQUAL = (
    r"(?:!=|=/=|=\\=|<>|=/|/="
    r"|(?:are|is|do|does)[ ]?n'?t|(?:are|is)[ ]not|not|never|are[ ]never|is[ ]never"
    r"|(?:do|does)[ ]?(?:n'?t|[ ]not)(?:[ ]necessarily)?[ ]?"
    r"(?:=|!=|mean|equal|equals|imply|indicate|signify|constitute)"
    r"|(?:are|is)[ ]not[ ](?:necessarily[ ])?(?:an?[ ])?(?:sign[ ]of|form[ ]of)?"
    r"|no[ ](?:implica|implican|significa|significan|es|son|equivale(?:n)?(?:[ ]a)?|supone(?:n)?|indica(?:n)?|=|!=))"
)
_ENDORSEMENT = (
    r"(?:(?:an?|un|una|que|necesariamente|i|yo)[ ])?"
    r"(?:endorse(?:ments?|s|d)?|endorsing|agreement|approval|support|i[ ]agree|agree"
    r"|respaldos?|respaldar|aval(?:es)?|avalar|apoyos?|apoyar|aprobacion|adhesion|estar[ ]de[ ]acuerdo|acuerdo"
    r"|(?:yo[ ])?(?:este[ ]de[ ]acuerdo|lo[ ]apoye|apoye|respalde|avale|comparta))"
)
# Whose views: "views", "opinions", "tweets", "las opiniones", "mis tuits"...
_SUBJECT = (
    r"(?:(?:all|these|the|las|los|mis|my)[ ])?"
    r"(?:views?|opinions?|thoughts?|tweets?|posts?|words?|takes?|comments?|ideas|content"
    r"|opiniones|opinion|ideas|tuits|tweets|publicaciones|comentarios|puntos[ ]de[ ]vista|mensajes)"
)
_WHERE = (
    r"(?:expressed|shared|posted|stated|here|herein|on[ ]this[ ](?:account|page|profile)|in[ ]this[ ]account"
    r"|expresadas|expresados|vertidas|vertidos|publicadas|publicados|compartidas|aqui"
    r"|en[ ]esta[ ]cuenta|en[ ]este[ ]perfil)"
)
_LINK = r"(?:are|r|is|=|:|-|son|es)"

_DISCLAIMER_RE = re.compile(
    rf"""
    (?<![\w@])
    (?:
        # "Views are my own", "Opinions are solely my own", "views mine", "Las opiniones son mías"
        {_SUBJECT}(?:[ ]{_WHERE}){{0,3}}[ ]?(?:{_LINK}[ ]?)?(?:{_ADVERB}[ ])?(?:{_OWN}|a[ ]titulo[ ]personal)
      | \#(?:views|opinions|thoughts)(?:are)?(?:my)?own|\#opinionespersonales|\#opinionpersonal
        # "My views, not my employer's", "These are my own opinions", "Mis opiniones, no las de mi empleador"
      | (?:my|mis)[ ](?:own[ ]|personal[ ])?(?:views|opinions|opiniones)(?:[ ](?:propias|personales))?
            (?=[ ]?(?:$|[.,;!)|/•·]|only\b|alone\b|and[ ]not\b|not\b|nobody|no[ ]one|no[ ]las\b|y[ ]no\b|no[ ]de\b))
      | (?:my|these[ ]are[ ]my)[ ]own[ ](?:views|opinions|thoughts)
      | personal[ ](?:account|views|opinions|page|profile)(?![ ](?:on|about|of|regarding)\b)
      | (?:cuenta|perfil|opiniones|tuits)[ ]personal(?:es)?(?![ ](?:sobre|acerca|de|del)\b)
      | (?:opino|hablo|escribo|publico|tuiteo)[ ](?:solo[ ]|unicamente[ ])?a[ ]titulo[ ]personal|a[ ]titulo[ ]personal
      | (?:i[ ])?(?:speak|speaking|tweet|tweeting|post|posting)[ ](?:only[ ])?for[ ]myself(?:[ ]only)?
      | hablo[ ](?:solo[ ]|unicamente[ ])?(?:por|en[ ]nombre[ ]de)[ ]mi[ ](?:mismo|misma)
        # "Not the views of my employer", "Not speaking for @MercyGeneral"
      | not[ ](?:necessarily[ ])?(?:(?:the[ ])?(?:views?|opinions?|position)[ ]of|those[ ]of)[ ]{_EMPLOYER}
      | not[ ](?:my[ ]employer's|my[ ]employers'|(?:those|the[ ]views)[ ]of[ ]my[ ]employers?|de[ ]mi[ ]empleador(?:a)?)
      | not[ ](?:speaking|tweeting|posting|writing)[ ](?:for|on[ ]behalf[ ]of)[ ]{_EMPLOYER}
        # "Tweets don't reflect my employer", "do not represent the views of my hospital"
      | (?:(?:do|does)[ ]?(?:n'?t|[ ]not)|not)[ ](?:necessarily[ ])?(?:reflect|represent|speak[ ]for)[ ]
            (?:the[ ](?:views?|opinions?|position|positions)[ ]of[ ]|those[ ]of[ ])?{_EMPLOYER}
        # "Mis tuits no representan a mi empleador", "no reflejan la postura de mi institución"
      | no[ ](?:necesariamente[ ])?(?:representan?|reflejan?|expresan?|comprometen?)[ ](?:necesariamente[ ])?(?:a[ ])?
            (?:(?:la|las|el|los)[ ](?:postura|posturas|opinion|opiniones|punto[ ]de[ ]vista|posicion|vision)
                [ ]del?[ ])?(?:al[ ])?{_EMPLOYER}
        # "RT ≠ endorsement", "Following doesn't = endorsement", "RT no implica respaldo"
      | {_SHARES}[ ]?(?:(?:here|aqui)[ ])?{_NOT_EQUAL}[ ]?{_ENDORSEMENT}
      | no[ ](?:endorsements?|respaldo)[ ](?:implied|intended|implicito)
    )
    (?![\w])
    """,
    re.VERBOSE,
)


def _folded(text: str) -> str:
    """Lower case, straight apostrophes, "≠" as "!=", no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", plain(text))
    return _SPACES_RE.sub(" ", _MARKS_RE.sub("", decomposed))


def has_disclaimer(text: str) -> bool:
    """True when the post or bio says its views are the author's own (or RT ≠ endorsement)."""
    return _DISCLAIMER_RE.search(_folded(text)) is not None
