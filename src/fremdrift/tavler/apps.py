from django.apps import AppConfig


class TavlerConfig(AppConfig):
    name = "fremdrift.tavler"
    verbose_name = "Tavler"
