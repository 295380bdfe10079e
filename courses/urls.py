from courses.views import drill_authoring, drills, learner, trainer

app_name = "courses"

urlpatterns = learner.urlpatterns + trainer.urlpatterns + drills.urlpatterns + drill_authoring.urlpatterns
