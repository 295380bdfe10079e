from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import handle_validator
from practice.models import Feed, Persona, ScriptedPost
from practice.services.text import MAX_INPUT_CHARS


def _offer(field: forms.Field, queryset: QuerySet[Any], choices: list[tuple[int, str]]) -> None:
    """Limit a model choice field to the objects in hand, and draw its options from them (no query)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    field.choices = choices


class ComposeForm(forms.Form):
    text = forms.CharField(
        label=_("What's happening?"),
        strip=False,
        max_length=MAX_INPUT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write something first.")},
    )
    feed = forms.ModelChoiceField(
        label=_("Post to"),
        queryset=Feed.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your feeds.")},
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, feeds: list[Feed], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are the viewer's feeds already in hand: no query to draw the picker.
        _offer(self.fields["feed"], Feed.objects.filter(pk__in=[f.pk for f in feeds]), [(f.pk, f.name) for f in feeds])
        if len(feeds) == 1:
            self.fields["feed"].widget = forms.HiddenInput()


class CountForm(forms.Form):
    text = forms.CharField(required=False, strip=False)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this post hidden?"),
        max_length=280,
        help_text=_("The author sees this reason."),
        widget=forms.TextInput(),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search posts"), max_length=100, required=False)


class PersonaPostForm(forms.Form):
    persona = forms.ModelChoiceField(label=_("Post as"), queryset=Persona.objects.none(), empty_label=None)
    text = forms.CharField(
        label=_("Text"), strip=False, max_length=MAX_INPUT_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, personas: list[Persona], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(
            self.fields["persona"],
            Persona.objects.filter(pk__in=[p.pk for p in personas]),
            [(p.pk, f"{p.name} (@{p.handle})") for p in personas],
        )


class PersonaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    handle = forms.CharField(
        label=_("Handle"), max_length=15, validators=[handle_validator], help_text=_("Like @NewsDesk, without the @.")
    )
    bio = forms.CharField(label=_("Bio"), max_length=160, required=False)
    avatar_initials = forms.CharField(label=_("Avatar initials"), max_length=3, required=False)


class ScriptedPostForm(forms.Form):
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=Persona.objects.none(), empty_label=None)
    text = forms.CharField(
        label=_("Text"), strip=False, max_length=MAX_INPUT_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.IntegerField(label=_("Minutes after the start"), min_value=0, max_value=60 * 24 * 30, initial=0)
    anchor = forms.ChoiceField(label=_("Start from"), choices=ScriptedPost.Anchor.choices)

    def __init__(self, *args: Any, personas: list[Persona], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(
            self.fields["persona"],
            Persona.objects.filter(pk__in=[p.pk for p in personas]),
            [(p.pk, f"{p.name} (@{p.handle})") for p in personas],
        )
