"""Demo chat robots: one per team, pointing at a local port where nothing listens
(development allows 127.0.0.1), so the first scan's messages fail and are retried,
and the admin's failure view has the earlier, given-up ones to show. Then the
moving-in demo (prospects.moves_demo): a hand-over, a merge, saved filters."""

from datetime import timedelta

from notifications import services
from notifications.http import address_problem
from notifications.models import (
    Channel,
    ChannelDelivery,
    Notification,
    WebhookEndpoint,
)
from notifications.models import WebhookEvent as Event
from notifications.outbound import Status
from prospects import moves_demo
from visits.models import FollowUp

NOWHERE = "http://127.0.0.1:9"
ROBOTS = {
    "A": ("wecom", "华东大客户群", "/cgi-bin/webhook/send?key=demo-team-a", ""),
    "B": ("dingtalk", "华南大客户群", "/robot/send?access_token=demo-team-b",
          "SECdemo-team-b-signing-secret"),
}  # fmt: skip
REFUSED = "Unreachable: 127.0.0.1 did not answer: [Errno 111] Connection refused"
GIVEN_UP = 3  # done follow-ups per team whose robot message failed for good


def seed(ctx):
    _robots(ctx)
    moves_demo.seed(ctx)


def _robots(ctx):
    if address_problem(NOWHERE + ROBOTS["A"][2]):
        ctx.log("Chat robots: none (KAM_WEBHOOK_HOSTS does not list 127.0.0.1).")
        return
    _webhook(ctx)
    for key, team in ctx.teams.items():
        kind, name, path, secret = ROBOTS[key]
        channel = services.channel_save(
            channel=Channel(team=team, kind=kind, name=name, language="zh-hans"),
            kinds=[k for k in Notification.Kind.values if k != "handed_over"],
            address=NOWHERE + path,
            secret=secret,
            actor=ctx.users.get(f"manager_{key.lower()}"),
        )
        _given_up(ctx, channel)
    ctx.log(f"Chat robots: {len(ctx.teams)}, pointing at nothing (see the admin).")


def _latest_done(ctx, team):
    """The team's last done follow-ups, by the ids of its accounts: the join to the
    accounts, planned before the seed's ANALYZE, took PostgreSQL seconds at --size
    large."""
    accounts = [p.pk for p in ctx.prospects if p.team_id == team.pk]
    return FollowUp.objects.filter(
        prospect_id__in=accounts, status=FollowUp.Status.DONE
    ).order_by("-due_at", "pk")[:GIVEN_UP]


def _given_up(ctx, channel):
    done = _latest_done(ctx, channel.team)
    for follow_up in done:
        notification = Notification.objects.create(
            follow_up=follow_up,
            kind=Notification.Kind.DUE,
            recipient_id=follow_up.assignee_id,
            created_at=follow_up.due_at,
            read_at=follow_up.due_at + timedelta(hours=2),
            email_status=Notification.Email.SENT,
            email_attempts=1,
            email_next_attempt_at=follow_up.due_at,
            email_sent_at=follow_up.due_at,
        )
        ChannelDelivery.objects.create(
            notification=notification,
            channel=channel,
            status=Status.FAILED,
            attempts=6,
            next_attempt_at=follow_up.due_at + timedelta(minutes=63),
            attempted_at=follow_up.due_at + timedelta(minutes=31),
            error=REFUSED,
        )
    channel.last_attempt_at = ctx.now - timedelta(hours=1) if done else None
    channel.last_answer = REFUSED if done else ""
    Channel.objects.filter(pk=channel.pk).update(
        last_attempt_at=channel.last_attempt_at, last_answer=channel.last_answer
    )


def _webhook(ctx):
    """The company's ERP hears of won and lost accounts and recorded visits: an
    endpoint at a port where nothing listens, so what KAM sends from now on is
    retried and, in the end, shown failed in the admin (Webhook deliveries)."""
    services.webhook_endpoint_save(
        endpoint=WebhookEndpoint(name="ERP (demo)"),
        events=[Event.ACCOUNT_WON, Event.ACCOUNT_LOST, Event.VISIT_RECORDED],
        url=f"{NOWHERE}/kam-events",
        secret="demo-webhook-signing-secret",
    )
    ctx.log("Webhooks: one endpoint (ERP), pointing at nothing (see the admin).")
