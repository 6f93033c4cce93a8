from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "fremdrift.intake"
    verbose_name = "Indberetninger"
