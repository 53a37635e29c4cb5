"""The inbox behind the bell: a person's own notifications, nobody else's; their
reminder settings; and the team's chat robots, for its manager (an admin: every
team's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Team
from accounts.scoping import get_visible_or_404
from kam.forms import add_service_errors
from kam.versioning import save_or_conflict
from notifications import channels, services
from notifications.forms import ChannelForm, ReminderPreferencesForm
from notifications.http import DeliveryError
from notifications.models import KINDS, Channel, MutedEmail, Notification


def inbox(request):
    notifications = (
        Notification.objects.for_user(request.user)
        .listed()
        .order_by("read_at", "-created_at")[:100]
    )
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


def _overseer(request):
    if not request.user.oversees_a_team:
        raise Http404
    return request.user


def channel_list(request):
    user = _overseer(request)
    robots = Channel.objects.visible_to(user).select_related("team")
    teams = Team.objects.all() if user.sees_everything else [user.team]
    by_team = [(team, [c for c in robots if c.team_id == team.pk]) for team in teams]
    return render(
        request,
        "notifications/channels.html",
        {"title": _("Team chat robots"), "by_team": by_team},
    )


def _channel_page(request, form, title):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_conflict(
                form,
                lambda: services.channel_save(
                    channel=form.save(commit=False),
                    kinds=form.cleaned_data["kinds"],
                    address=form.cleaned_data["address"],
                    secret=form.new_secret(),
                    actor=request.user,
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            saved = None
        if saved:
            messages.success(
                request,
                _("%(robot)s is saved. Send it a test message to check.")
                % {"robot": saved},
            )
            return redirect("notifications:channels")
    return render(
        request,
        "notifications/channel_form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": reverse("notifications:channels"),
            "crumbs": [(reverse("notifications:channels"), _("Team chat robots"))],
        },
    )


def channel_create(request):
    user = _overseer(request)
    form = ChannelForm(request.POST or None, user=user)
    return _channel_page(request, form, _("Add a chat robot"))


def channel_edit(request, pk):
    channel = get_visible_or_404(Channel, request.user, pk=pk)
    form = ChannelForm(request.POST or None, instance=channel, user=request.user)
    return _channel_page(request, form, _("Edit %(robot)s") % {"robot": channel})


@require_POST
def channel_test(request, pk):
    channel = get_visible_or_404(Channel, request.user, pk=pk)
    try:
        answer = channels.send_test(channel)
    except DeliveryError as error:
        messages.error(
            request,
            _("%(robot)s did not take the test message: %(error)s")
            % {"robot": channel, "error": error},
        )
    else:
        messages.success(
            request,
            _("%(robot)s took the test message. The platform answered: %(answer)s")
            % {"robot": channel, "answer": answer},
        )
    return redirect("notifications:channels")


@require_POST
def channel_delete(request, pk):
    channel = get_visible_or_404(Channel, request.user, pk=pk)
    services.channel_delete(channel=channel)
    messages.success(request, _("%(robot)s was removed.") % {"robot": channel})
    return redirect("notifications:channels")


def preferences(request):
    user = request.user
    team_robots = Channel.objects.filter(team_id=user.team_id) if user.team_id else []
    carried = [k for k in KINDS.values if any(r.carries(k) for r in team_robots)]
    muted = list(MutedEmail.objects.filter(user=user).values_list("kind", flat=True))
    form = ReminderPreferencesForm(
        request.POST or None, user=user, carried=carried, muted=muted
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_preferences_save(
            user=user,
            mobile=form.cleaned_data["mobile"],
            muted_kinds=form.cleaned_data["muted_kinds"],
        )
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "title": _("My reminder settings"),
            "form": form,
            "robots": team_robots,
            "cancel_url": reverse("notifications:inbox"),
            "crumbs": [(reverse("notifications:inbox"), _("Notifications"))],
        },
    )
