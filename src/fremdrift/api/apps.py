from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fremdrift.api"
    verbose_name = "API"
