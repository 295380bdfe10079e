"""Context words, per language, that tell a patient from a colleague, a meeting room from a patient's.

Detectors that find a name, an age or a place without a patient list ask these: is the person in
our care (a care word within reach), or are they staff, a speaker, an event (a staff word right
next to them)? Every pattern is a flat alternation of words with bounded gaps, run once per post
through ``matching.Nearby``, so the cost stays linear in the post's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from practice.policy.language import Language


@dataclass(frozen=True)
class Cues:
    care: re.Pattern[str]  # a patient, a unit, a bed, a procedure, a diagnosis, a clinical event
    staff: re.Pattern[str]  # colleagues, speakers, events, awards: a named person here is not a patient
    person: re.Pattern[str]  # a noun for one (unnamed) person who could be a patient
    meeting: re.Pattern[str]  # a room in a meeting, a class or a building, not a patient's


def _words(body: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags | re.VERBOSE)


_EN = Cues(
    care=_words(
        r"""
        patients? | pts? | admit(?:ted|ting|s)? | admission | discharg(?:e|ed|es|ing) | surgery | surgical
      | operat(?:ed|ion|ing)\s+on | operation | procedure | chemo(?:therapy)? | radiation | dialysis
      | hospice | diagnos(?:ed|is|e) | biopsy | (?-i:ICU|NICU|PICU|CCU|ER|ED|OR|PACU) | L&D | ward
      | unit | floor | bed | room | bay | trauma | triage | coded | intubat(?:ed|ion) | extubat(?:ed|ion)
      | stroke | pneumonia | fracture | cancer | heart\s+attack | appendicitis | (?-i:COPD|CHF|MS)
      | prayers? | pray(?:ing)? | recover(?:y|ing|ed) | treatment | rounded\s+on | meds | medication
      | visiting\s+hours | went\s+home | goes\s+home | going\s+home | home\s+(?:today|tomorrow)
      | labor | delivered | born | weeks | memory\s+care | rehab | cath\s+lab | clinic | presented\s+with
      | seen | burn\s+unit | heart\s+valve | lap\s+chole | surgeon | stable | critical | chart
      | \d{1,2}\s?(?-i:North|South|East|West) | story\s+of\s+recovery
      | vent | ventilator | pain | palliative | comfort\s+care | sedat(?:ed|ion) | cpr | bipap | cpap | oxygen
      | passed\s+away | died
      | (?:neuro|cardio|onco|nephro|pulmono|gastro|geriatri)(?:logy)? | cardiology | oncology | internal\s+medicine
      | geriatrics | pediatrics | peds | ortho | med-?surg | step-?down | telemetry | tele | bypass
      | appointments? | appts? | follow[\s-]?ups? | insulin | \w+ectom(?:y|ies) | \w+otom(?:y|ies) | vitals
        """
    ),
    staff=_words(
        r"""
        dr\.? | dra\.? | doctor | nurse | (?-i:RN|MD|NP|PA|DO|CNA|LPN|APRN|CRNA) | colleagues? | co-?workers?
      | team | staff | shift | retir(?:e|ed|ing|ement) | promot(?:ed|ion) | new\s+role | joins? | joined
      | welcome | hired | of\s+the\s+month | award | honou?red | speak(?:s|ing)?(?!\s+up) | speaker | talk
      | lecture | host(?:s|ing)? | present(?:s|ing)? | volunteer | preceptor | charge\s+nurse | ceo
      | director | manager | supervisor | chief | residents? | students? | grads? | passing | ccrn
      | certification | covering | conference | poster | mentor | webinar | join\s+us
        """
    ),
    person=_words(
        r"""
        patients? | pt | lady | man | woman | guy | gentleman | grandma | grandpa | granny | kid | toddler
      | boy | girl | teen | baby | mom | dad | frequent\s+flyer
        """
    ),
    meeting=_words(
        r"""
        conference | meeting | class | lecture | seminar | session | talk | present(?:s|ing|ation)?
      | training | workshop | poster | webinar | huddle | in-?service | auditorium | board\s+room
      | support\s+group | education(?:al)?\s+cent(?:er|re) | pavilion | blood\s+drive | grand\s+rounds
      | lunch | challenge | (?:on-?)?call\s+room | lounge | lost\s+and\s+found | front\s+desk | join
      | every\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) | sign\s+up | walk-?ins?
      | renovat(?:ed|ion|ions) | construction | closed | welcome  | free | screenings?
      | vaccin(?:e|es|ation|ations) | flu\s+shots? | for\s+(?:all\s+)?(?:staff|employees) | got\s+an?\s+new
      | installed | equipment | (?:ceiling\s+)?lift(?:\s+system)? | remodel(?:ed|ing)? | repainted
      | break\s*room | staff\s+room | locker\s+room | microwave | fridge | vending\s+machines?
        """
    ),
)

_ES = Cues(
    care=_words(
        r"""
        pacientes? | ingres(?:ó|o|ado|ada|aron|amos) | alta | operad[oa] | operamos | operaron | cirug[ií]a
      | quir[oó]fano | procedimiento | quimio(?:terapia)? | radioterapia | di[aá]lisis | paliativos
      | diagnostic(?:ad[oa]|amos|aron) | diagn[oó]stico | biopsia | (?-i:UCI|UVI|UCIN) | urgencias
      | planta | cama | habitaci[oó]n | box | traumatolog[ií]a | observaci[oó]n | intubad[oa] | intubamos
      | ictus | neumon[ií]a | fractura | c[aá]ncer | infarto | apendicitis | bypass | oncolog[ií]a
      | cardiolog[ií]a | pediatr[ií]a | recen | oraciones | recuperaci[oó]n | tratamiento | consulta
      | parto | paritorio | naci[oó] | nacid[oa] | semanas | prematur[oa] | hemodinamia | estable
      | servicio\s+de | la\s+uci | se\s+va\s+a\s+casa | sali[oó] | cumplea[nñ]os
      | respirador | ventilador | dolor | paliativos | sedad[oa] | ox[ií]geno | falleci[oó] | se\s+nos\s+fue | muri[oó]
      | medicina\s+interna | neurolog[ií]a | neumolog[ií]a | nefrolog[ií]a | geriatr[ií]a | hospitalizad[oa]
      | internad[oa] | neonatos | neonatal | trasplantad[oa] | citas? | \w+ectom[ií]as? | incubadora | muletas
        """
    ),
    staff=_words(
        r"""
        dr\.? | dra\.? | doctor(?:a)? | enfermer[oa]s? | compa[nñ]er[oa]s? | colegas? | equipo | personal
      | turno | jubilaci[oó]n | jubil(?:a|ó|ado|ada) | nuevo\s+cargo | bienvenid[oa]s? | contrat\w*
      | premio | charla | conferencia | ponencia | hablar[aá] | voluntari[oa]s? | supervisor(?:a)?
      | jef[ea] | director(?:a)? | residentes? | estudiantes? | del\s+mes | cubrirme | congreso
        """
    ),
    person=_words(
        r"""
        pacientes? | se[nñ]or(?:a)? | abuelit[oa] | abuel[oa] | ni[nñ][oa] | beb[eé] | chic[oa]
      | hombre | mujer | muchach[oa]
        """
    ),
    meeting=_words(
        r"""
        sala | aula | reuni[oó]n | sesi[oó]n | curso | taller | charla | congreso | grupo\s+de\s+apoyo
      | auditorio | obras | donaci[oó]n | formaci[oó]n | capacitaci[oó]n | inscr[ií]b\w* | gratuit[oa]s?
      | vacunaci[oó]n | para\s+(?:todo\s+)?el\s+personal | gr[uú]a | instalad[oa]s? | equipo\s+nuevo | equipad[oa]
      | reformad[oa] | remodelad[oa] | pintad[oa]
        """
    ),
)

CUES: dict[Language, Cues] = {"en": _EN, "es": _ES}
