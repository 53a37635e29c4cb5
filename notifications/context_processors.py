from notifications.models import Notification


def unread_notifications(request):
    """The unread count shown in the navigation: read with the signed-in user
    (``kam.auth.SignedInBackend``), or one query when they came another way
    (an API token)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notification_count", None)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
    return {"unread_notifications": count}
