from django.urls import path

from topblog.accounts import views_consents

app_name = "consents"

urlpatterns = [
    path("", views_consents.consent_list, name="list"),
    path("<slug:kind>/withdraw/", views_consents.consent_withdraw, name="withdraw"),
]
