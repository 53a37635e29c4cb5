from django.apps import AppConfig
from django.db.backends.signals import connection_created


class KamConfig(AppConfig):
    """The project package: shared template filters, charts, exports, the page cache."""

    name = "kam"
    verbose_name = "KAM"

    def ready(self):
        from kam.pagecache import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="kam-page-cache")
