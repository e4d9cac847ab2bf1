from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("Agency people")

    def ready(self) -> None:
        from . import lookups, security  # noqa: F401  (the __any lookup; security-log receivers)
