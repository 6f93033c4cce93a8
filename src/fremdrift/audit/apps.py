from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fremdrift.audit"
    verbose_name = "Log"
