from django.urls import path

from apps.editorial import views

urlpatterns = [path("", views.index, name="index")]
