from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "fremdrift.organisation"
    verbose_name = "Organisation"
