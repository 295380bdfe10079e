"""Render a notice: the e-mail triplet and the in-app line, in the reader's time zone and language.

Many people told of the same event (a reminder wave, a grading batch) are rendered once per
(event, language, time zone) with stand-ins for the personal parts, filled in per person afterwards.
The result for each person is what rendering them alone gives; templates that ask for more than the
name are rendered person by person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import User
from core.zones import zone_named
from notifications import kinds
from notifications.services.unsubscribing import unsubscribe_url

# Stand-ins rendered in place of the personal parts, then replaced. The quote makes an escaped use
# look different from a raw one (``&#x27;``), so each is replaced by the value escaped the same way.
NAME_MARK = "tcmark'name"
UNSUBSCRIBE_MARK = "tcmark'unsubscribe"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    in_app: str


def render(*, person: User, kind: str, context: Mapping[str, object] | None = None) -> Rendered:
    """The e-mail triplet and the in-app line, in the person's time zone and language."""
    spec = kinds.get(kind)
    zone = zone_named(person.time_zone)
    ctx = {
        "person": person,
        "kind": kind,
        "zone_name": zone.key,
        "site_url": settings.SITE_URL,
        "org_name": settings.ORG_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        "inbox_url": settings.SITE_URL + reverse("notifications:list"),
        "unsubscribe_url": "" if spec.mandatory else unsubscribe_url(person, kind),
        **(context or {}),
    }
    with timezone.override(zone), translation.override(person.language or settings.LANGUAGE_CODE):
        subject = " ".join(_plain(f"email/{kind}.subject.txt", ctx).split())
        text = render_to_string(f"email/{kind}.txt", ctx)
        html = render_to_string(f"email/{kind}.html", ctx)
        try:
            in_app = " ".join(_plain(f"notifications/inapp/{kind}.txt", ctx).split())
        except TemplateDoesNotExist:
            in_app = ""
    return Rendered(subject=subject[:255], text=text, html=html, in_app=in_app)


def _plain(template_name: str, ctx: Mapping[str, object]) -> str:
    """A one-line text template rendered as plain text: "Live Q&A" stays "Q&A". The subject goes into a
    mail header and the in-app line into the database; the pages that show them escape them once."""
    template = get_template(template_name).template  # type: ignore[attr-defined]  # the Django backend's Template
    return str(template.render(Context(dict(ctx), autoescape=False)))


class _Person:
    """The person as the shared render sees them: a display name to fill in, and nothing else.

    Any other attribute a template asks for is noted, and that group is then rendered
    person by person, so a template that starts using ``person.email`` stays correct.
    """

    display_name = NAME_MARK

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getattr__(self, name: str) -> object:
        if not name.startswith("_") and name not in ("do_not_call_in_templates", "alters_data"):
            self.asked.add(name)
        raise AttributeError(name)


@dataclass(frozen=True)
class SharedRender:
    """One render for everyone with the same language and time zone, with marks for the personal parts."""

    rendered: Rendered
    personal: bool  # False: the template asked for more than the name; render each person instead

    def fill(self, person: User, unsubscribe: str) -> Rendered:
        name, link = person.display_name, unsubscribe
        swaps = (
            (escape(NAME_MARK), escape(name)),
            (NAME_MARK, name),
            (escape(UNSUBSCRIBE_MARK), escape(link)),
            (UNSUBSCRIBE_MARK, link),
        )

        def filled(text: str) -> str:
            for mark, value in swaps:
                if mark in text:
                    text = text.replace(mark, value)
            return text

        r = self.rendered
        subject, in_app = filled(r.subject), filled(r.in_app)
        # ``render`` folds whitespace in these two after the name is in: fold again if it was put in.
        if subject != r.subject:
            subject = " ".join(subject.split())
        if in_app != r.in_app:
            in_app = " ".join(in_app.split())
        return Rendered(subject=subject[:255], text=filled(r.text), html=filled(r.html), in_app=in_app)


def render_shared(*, kind: str, zone_name: str, language: str, context: Mapping[str, object]) -> SharedRender:
    """One render of ``kind`` for everyone with this language and time zone, to ``fill`` per person."""
    stand_in = _Person()
    spec = kinds.get(kind)
    # ``render`` only reads ``time_zone`` and ``language`` from the person before the templates run.
    probe = User(time_zone=zone_name, language=language)
    ctx: dict[str, object] = {**context, "person": stand_in}
    if not spec.mandatory:
        ctx["unsubscribe_url"] = UNSUBSCRIBE_MARK
    rendered = render(person=probe, kind=kind, context=ctx)
    # A mark changed by a filter (``|upper``, ``|truncatechars``) could not be filled in: render each person then.
    intact = all(_marks_intact(part) for part in (rendered.subject, rendered.text, rendered.html, rendered.in_app))
    # ``render`` cut the subject at 255 before the name went in: keep the uncut one when it matters.
    return SharedRender(rendered=rendered, personal=intact and not stand_in.asked and len(rendered.subject) < 255)


def _marks_intact(text: str) -> bool:
    exact = sum(text.count(mark) for mark in (NAME_MARK, escape(NAME_MARK), UNSUBSCRIBE_MARK, escape(UNSUBSCRIBE_MARK)))
    return text.lower().count("tcmark") == exact


class Renderable(Protocol):
    """What the renderer needs of a notice."""

    @property
    def person(self) -> User: ...
    @property
    def kind(self) -> str: ...
    @property
    def context(self) -> Mapping[str, object]: ...


Event = tuple[str, Hashable]


class Renderer:
    """Renders a batch of notices: once per (event, language, time zone) where several notices share an
    event (same kind, equal context), person by person otherwise."""

    def __init__(self, notices: Iterable[Renderable]) -> None:
        self._events: dict[tuple[str, int], Event | None] = {}
        counts = Counter(self._event(n) for n in notices)
        self._grouped = {event for event, count in counts.items() if event is not None and count > 1}
        self._shared: dict[tuple[Event, str, str], SharedRender] = {}

    def _event(self, notice: Renderable) -> Event | None:
        """The notice's event, or None when its context cannot be a key (unhashable values).

        Notices of one call often share one context object (a wave): it is keyed once."""
        ident = (notice.kind, id(notice.context))
        if ident not in self._events:
            event: Event | None = (notice.kind, tuple(sorted(notice.context.items())))
            try:
                hash(event)
            except TypeError:
                event = None
            self._events[ident] = event
        return self._events[ident]

    def render(self, notice: Renderable, *, unsubscribe: str) -> Rendered:
        """``notice`` rendered for its person; ``unsubscribe`` is their link for its kind."""
        event = self._event(notice)
        person = notice.person
        if event is None or event not in self._grouped:
            return render(person=person, kind=notice.kind, context=notice.context)
        language = person.language or settings.LANGUAGE_CODE
        zone_name = zone_named(person.time_zone).key
        group = (event, zone_name, language)
        if group not in self._shared:
            self._shared[group] = render_shared(
                kind=notice.kind, zone_name=zone_name, language=language, context=notice.context
            )
        if self._shared[group].personal:
            return self._shared[group].fill(person, unsubscribe)
        return render(person=person, kind=notice.kind, context=notice.context)
