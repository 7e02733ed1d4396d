from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "complaintdesk.console"
    label = "console"
