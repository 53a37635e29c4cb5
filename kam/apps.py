from django.apps import AppConfig


class KamConfig(AppConfig):
    """The project package: shared template filters, charts, exports, PDFs."""

    name = "kam"
    verbose_name = "KAM"
