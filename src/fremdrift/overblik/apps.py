from django.apps import AppConfig


class OverblikConfig(AppConfig):
    name = "fremdrift.overblik"
    verbose_name = "Overblik"
