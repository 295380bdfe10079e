from courses.views import learner

app_name = "courses"

urlpatterns = learner.urlpatterns
