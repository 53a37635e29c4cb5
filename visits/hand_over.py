"""When accounts change hands, the open work on them goes to the new owner: the
planned visits the old owner led or joined and the follow-ups still open in their
name (a hook of prospects.moves, registered in VisitsConfig.ready())."""

from visits.models import FollowUp, Visit


def move_open_work(handed):
    to, by = handed.to, handed.by
    for old_owner, account_ids in handed.by_previous_owner().items():
        for follow_up in FollowUp.objects.open().filter(
            prospect_id__in=account_ids, assignee_id=old_owner
        ):
            follow_up.assignee = to
            follow_up._history_user = by
            follow_up.save(update_fields=["assignee"])
        planned = Visit.objects.planned().filter(prospect_id__in=account_ids)
        for visit in planned.involving(old_owner):
            _hand_visit(visit, old_owner, to, by)


def _hand_visit(visit, old_owner, to, by):
    co_visitors = visit.co_visitors
    co_visitors.remove(old_owner)
    if visit.lead_visitor_id == old_owner and to.is_supervisor_or_above:
        co_visitors.remove(to)
        visit.lead_visitor = to
    elif visit.lead_visitor_id != to.pk:
        # A rep may not lead a visit: they join the one their predecessor led.
        co_visitors.add(to)
    visit._history_user = by
    visit.save(update_fields=["lead_visitor", "updated_at"])
