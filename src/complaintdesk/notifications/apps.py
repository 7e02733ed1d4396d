from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "complaintdesk.notifications"
    label = "notifications"
