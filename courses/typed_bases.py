"""Django base classes that django-stubs makes generic, written ``X[Model]`` in class statements.

The stubs give ``ModelAdmin``, ``ModelForm``, ``BaseFormSet`` and the model choice fields a type argument
that Django itself does not accept at run time. Here mypy sees the stubs' generic classes, and at run time
``X[Model]`` is plain ``X``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

_Class = TypeVar("_Class")


class TakesTypeArgument(Generic[_Class]):
    """At run time ``X[Anything]`` is the wrapped class itself."""

    def __init__(self, cls: _Class) -> None:
        self.cls = cls

    def __getitem__(self, _argument: object) -> _Class:
        return self.cls


if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin, TabularInline
    from django.forms import BaseFormSet, ModelChoiceField, ModelForm, ModelMultipleChoiceField

    # simple_history ships no types; its admin is a ModelAdmin with a history page.
    HistoryAdmin = ModelAdmin
else:
    from django import forms
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    ModelAdmin = TakesTypeArgument(admin.ModelAdmin)
    TabularInline = TakesTypeArgument(admin.TabularInline)
    HistoryAdmin = TakesTypeArgument(SimpleHistoryAdmin)
    ModelForm = TakesTypeArgument(forms.ModelForm)
    BaseFormSet = TakesTypeArgument(forms.BaseFormSet)
    ModelChoiceField = TakesTypeArgument(forms.ModelChoiceField)
    ModelMultipleChoiceField = TakesTypeArgument(forms.ModelMultipleChoiceField)

__all__ = [
    "BaseFormSet",
    "HistoryAdmin",
    "ModelAdmin",
    "ModelChoiceField",
    "ModelForm",
    "ModelMultipleChoiceField",
    "TabularInline",
]
