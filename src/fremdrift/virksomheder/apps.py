from django.apps import AppConfig


class VirksomhederConfig(AppConfig):
    name = "fremdrift.virksomheder"
    verbose_name = "Virksomheder"
