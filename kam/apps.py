from django.apps import AppConfig


class KamConfig(AppConfig):
    """The project package: shared template filters, charts, exports, PDFs."""

    name = "kam"
    verbose_name = "KAM"

    def ready(self):
        from django.core import checks

        from kam.dates import stored_outside_the_window

        checks.register(stored_outside_the_window, checks.Tags.database)
