from django.urls import path

from apps.ideaboard import views

urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views.board, name="board"),
]
