import factory

from courses.models import Drill
from tests.factories.courses import LessonFactory


class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drill

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Drill {n}")
    instructions = "Post with the session hashtag."
    action = Drill.Action.POST
    pass_mark = 70
    max_attempts = 3
    rubric = factory.LazyFunction(lambda: [{"kind": "uses_hashtag", "weight": 1, "params": {"hashtag": "session"}}])
