"""Django's SQLite backend, keeping the query planner's statistics fresh.

Without statistics SQLite plans by rule of thumb: a manager's visit list walked
every held visit of the team through the (status, held_at) index instead of the
few rows of the manager's own. SQLite's advice for short-lived connections (ours
close after each request) is ``PRAGMA optimize`` before closing: it analyses the
tables this connection used whose statistics are missing or far out of date,
and is otherwise nearly free. ``analysis_limit`` keeps such an analysis short.
"""

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.in_atomic_block:
            try:
                self.connection.execute("PRAGMA analysis_limit = 1000")
                self.connection.execute("PRAGMA optimize")
            except base.Database.Error:
                pass  # a busy or read-only database: plan with what it has
        super()._close()
