from django.apps import AppConfig


class LeveringerConfig(AppConfig):
    name = "fremdrift.leveringer"
    verbose_name = "Leverancer"
