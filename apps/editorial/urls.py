from django.urls import path

from apps.editorial import views

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.month, name="calendar"),
    path("unscheduled/", views.unscheduled, name="unscheduled"),
]
