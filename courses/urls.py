from courses.views import drills, learner, trainer

app_name = "courses"

urlpatterns = learner.urlpatterns + trainer.urlpatterns + drills.urlpatterns
