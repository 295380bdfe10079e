from courses.views import assignments, drill_authoring, drills, learner, trainer

app_name = "courses"

urlpatterns = (
    learner.urlpatterns
    + trainer.urlpatterns
    + drills.urlpatterns
    + assignments.urlpatterns
    + drill_authoring.urlpatterns
)
