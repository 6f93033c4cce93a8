from django.urls import URLPattern, URLResolver, path

from fremdrift.styregruppe import views

app_name = "styregruppe"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.status, name="status"),
    path("status.pdf", views.status_pdf, name="pdf"),
    path("moede/", views.meeting, name="moede"),
    path("gruppe/", views.group, name="gruppe"),
    path("kadence/<int:pk>/", views.cadence, name="kadence"),
    path("business-case/", views.business_case, name="business-case"),
    path("business-case/investering/", views.investment, name="investering"),
    path("business-case/sats/", views.rate, name="sats"),
]
