from django.apps import AppConfig


class StyregruppeConfig(AppConfig):
    name = "fremdrift.styregruppe"
    verbose_name = "Styregruppe"
