"""What the project package keeps itself: the create forms already saved."""

from django.db import models


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the save that used it (kam.once),
    and where that save led: a second sending of the same form goes there too."""

    token = models.CharField(max_length=64, unique=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.token
