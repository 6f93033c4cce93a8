from django.apps import AppConfig


class IndsatsConfig(AppConfig):
    name = "fremdrift.indsats"
    verbose_name = "Indsats"
