from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "fremdrift.integrations"
    verbose_name = "Integrationer"
