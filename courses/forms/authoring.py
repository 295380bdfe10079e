"""Forms of the trainer and admin pages: authoring courses and lessons, scheduling and running sessions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, timezone_choices
from courses.authoring import CourseDetails, LessonDetails
from courses.models import Course, Lesson, Session, hashtag_validator
from courses.services.sessions import SessionDetails

# What a datetime-local input sends and expects: minutes, no zone (the viewer's zone applies).
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
# Course addresses that would collide with the authoring pages' own URLs.
RESERVED_SLUGS = {"new"}


class CourseForm(forms.ModelForm[Course]):
    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "summary",
            "cover_text",
            "status",
            "estimated_minutes",
            "require_lessons",
            "require_drills",
            "require_attendance",
            "require_policy",
        ]
        help_texts = {"slug": _("The course's address: lower-case letters, digits and hyphens.")}

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is kept for the site's own pages; choose another."), params={"slug": slug}
            )
        return slug

    def details(self) -> CourseDetails:
        return CourseDetails(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class LessonForm(forms.ModelForm[Lesson]):
    class Meta:
        model = Lesson
        fields = ["title", "body", "status"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def details(self) -> LessonDetails:
        return LessonDetails(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class LessonPreviewForm(forms.Form):
    """Only the body matters for a preview; nothing is saved."""

    body = forms.CharField(required=False, strip=False)


class LessonMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in the viewer's active time zone (Django converts both ways)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)


class TrainerChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, user: User) -> str:
        return f"{user.display_name} ({user.email})"


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the session"),
        help_text=_("Where it happens; calendar invites use this zone."),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=300, required=False, assume_scheme="https", widget=forms.URLInput
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10_000)
    hashtag = forms.CharField(
        label=_("Hashtag"),
        max_length=50,
        validators=[hashtag_validator],
        help_text=_("Unique to this session, used by its practice feed, like #TweetCamp3."),
    )
    enrolment_closes_at = LocalDateTimeField(
        label=_("Enrolment closes"), help_text=_("After this, people cannot enrol or cancel themselves.")
    )
    trainers = TrainerChoiceField(
        label=_("Trainers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, trainer_choices: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = timezone_choices()
        cast(TrainerChoiceField, self.fields["trainers"]).queryset = trainer_choices
        # Name the zone the times are typed in; it is the viewer's own, not the session's.
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at", "enrolment_closes_at"):
            field = self.fields[name]
            field.label = f"{field.label} ({zone})"
            field.help_text = " ".join(
                str(part) for part in (field.help_text, _("In your time zone, %(zone)s.") % {"zone": zone}) if part
            )

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        return {
            "title": session.title,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "time_zone": session.time_zone,
            "location": session.location,
            "online_url": session.online_url,
            "capacity": session.capacity,
            "hashtag": session.hashtag,
            "enrolment_closes_at": session.enrolment_closes_at,
            "trainers": list(session.trainers.all()),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("location") and not data.get("online_url") and not self.has_error("online_url"):
            raise forms.ValidationError(_("Give a location, an online link, or both."))
        return data

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=data["time_zone"],
            location=data["location"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            hashtag=data["hashtag"],
            enrolment_closes_at=data["enrolment_closes_at"],
        )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone enrolled or waiting will read this."),
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("yes", _("Attended")), ("no", _("No-show"))], coerce=lambda value: value == "yes"
    )


class RemoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the enrolment history."),
    )


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Policy text"), widget=forms.Textarea(attrs={"rows": 16}), help_text=_("Markdown."))
