from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "complaintdesk.privacy"
    verbose_name = "Privacy"
