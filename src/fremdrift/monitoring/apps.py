from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "fremdrift.monitoring"
    verbose_name = "Opfølgning"
