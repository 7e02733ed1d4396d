from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the installation: durability checks at start-up, backup and restore."""

    name = "complaintdesk.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Registers the durability check with Django's system checks.
        from complaintdesk.operations import checks  # noqa: F401
