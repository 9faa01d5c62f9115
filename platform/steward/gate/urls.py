from django.urls import URLPattern, URLResolver, path

from steward.gate import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("apps/<str:app>/prove/", views.prove, name="gate-prove"),
    path("apps/<str:app>/proofs/<str:session_id>/", views.proof, name="gate-proof"),
]
