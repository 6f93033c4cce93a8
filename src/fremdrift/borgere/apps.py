from django.apps import AppConfig


class BorgereConfig(AppConfig):
    name = "fremdrift.borgere"
    verbose_name = "Borgere"
