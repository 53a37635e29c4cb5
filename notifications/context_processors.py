from notifications.models import Notification


def unread_notifications(request):
    """The unread count shown in the navigation (one query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.for_user(user).unread().count()
    }
