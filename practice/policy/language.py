"""Which language a post is written in, English or Spanish, by counting common words.

A post is at most a few hundred characters of informal text, so a trained detector buys little over
a stop-word count: each word that is frequent in one language and rare in the other votes, and
"¿", "¡" and "ñ" vote for Spanish. Ties go to English, the site's default. One pass, linear time.
"""

from __future__ import annotations

import re
from typing import Literal

from practice.policy.matching import word_set

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")

# Words that are frequent in one language and (almost) never a word of the other. Left out on
# purpose: words both share ("a", "me", "no", "son", "de" in names like "Ben de Jong").
_EN_WORDS = word_set("""
    the and to of in is it you that he she was for on are with as his her they be at have this from
    or had by but not what all were when we there can an your which their if do will up out about
    who get just so them would him my our us been has than its also after did into how could
    day today tonight shift am pm i im i'm i've don't can't it's he's she's we're thank thanks
    """)
_ES_WORDS = word_set("""
    el la los las del que y en un una por con para es su al lo como más pero sus le ya o hoy está
    muy sin sobre también hasta hay donde quien desde todo nos durante todos uno les ni contra
    otros ese eso esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho
    nada muchos cual poco ella estar estas algo nosotros mi mis tú te ti tu tus ellas
    gracias señor señora paciente pacientes turno noche años cama habitación
    fue son era ser hace tiene está están estamos día nuestra nuestro nuestros nuestras
    soy eres somos encanta salud centro equipo semana mañana ayer
    """)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SPANISH_MARKS = frozenset("¿¡ñÑ")


def detect_language(text: str) -> Language:
    """ "es" when Spanish words outnumber English ones, else "en"."""
    english = spanish = 0
    for m in _WORD_RE.finditer(text):
        word = m.group().lower().replace("’", "'")
        if word in _EN_WORDS:
            english += 1
        elif word in _ES_WORDS:
            spanish += 1
    spanish += sum(1 for ch in text if ch in _SPANISH_MARKS)
    return "es" if spanish > english else "en"


def language_of(text: str, language: str | None) -> Language:
    """The explicit language when it is one we know ("es-MX" counts as "es"), else the detected one."""
    if language:
        code = language.strip().lower()[:2]
        if code == "es":
            return "es"
        if code == "en":
            return "en"
    return detect_language(text)
