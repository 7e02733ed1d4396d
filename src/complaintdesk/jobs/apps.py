from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "complaintdesk.jobs"
    label = "jobs"
