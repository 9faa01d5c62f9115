from django.urls import path

from apps.crm import views

urlpatterns = [
    path("", views.index, name="index"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("companies/", views.companies, name="companies"),
    path("forms/", views.forms, name="forms"),
]
