"""Grader results and policy findings shown in the reader's language (see practice.feedback)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from practice import feedback
from practice.policy import Finding

register = template.Library()


@register.filter
def shown_finding(finding: Finding) -> feedback.ShownFinding:
    """``{% with f=finding|shown_finding %}``: the finding's title and explanation translated."""
    return feedback.shown_finding(finding)


@register.filter
def shown_result(result: object) -> Mapping[str, object]:
    """``{% with r=result|shown_result %}``: a stored rule result's label and detail translated."""
    if not isinstance(result, Mapping):
        return {}
    return feedback.shown_result(result)
