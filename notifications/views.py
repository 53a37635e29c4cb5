"""The inbox behind the bell: a person's own notifications, nobody else's."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification


def inbox(request):
    notifications = (
        Notification.objects.for_user(request.user)
        .select_related(
            "prospect", "follow_up__prospect", "follow_up__visit", "follow_up__assignee"
        )
        .order_by("read_at", "-created_at")[:100]
    )  # fmt: skip
    return render(
        request,
        "notifications/inbox.html",
        {
            "title": _("Notifications"),
            "notifications": notifications,
            "now": timezone.now(),
        },
    )


@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if request.POST.get("open"):
        return redirect(notification.get_absolute_url())
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request, _("%(count)s notifications marked as read.") % {"count": count}
    )
    return redirect("notifications:inbox")
