from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "fremdrift.releases"
    verbose_name = "Udgivelser"
