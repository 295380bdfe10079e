from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AttemptForm(forms.Form):
    """The learner's words for a post, reply or quote drill (retweet and profile drills need none)."""

    text = forms.CharField(
        label=_("Your post"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        required=False,
        strip=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, needs_text: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = needs_text
        if not needs_text:
            self.fields["text"].widget = forms.HiddenInput()


class OverrideForm(forms.Form):
    score = forms.IntegerField(label=_("Score (%)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Why (the learner will read this)"), widget=forms.Textarea(attrs={"rows": 2}))
