from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "complaintdesk.audit"
    label = "audit"
