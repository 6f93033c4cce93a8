from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fremdrift.reports"
    verbose_name = "Rapporter"
