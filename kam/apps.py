from django.apps import AppConfig


class KamConfig(AppConfig):
    """The project package: shared template filters, charts and exports."""

    name = "kam"
    verbose_name = "KAM"
