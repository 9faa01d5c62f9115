from django.urls import path

from apps.crm import views

urlpatterns = [path("", views.index, name="index")]
