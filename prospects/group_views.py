"""The group page: the whole group the user may see, and its figures rolled up."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.scoping import get_visible_or_404
from kam.charts import Series, line_chart
from kam.templatetags.kam import in_yuan
from prospects.groups import Node, Tree, group_rollup, group_tree
from prospects.models import Prospect


def group_page(request, pk):
    """Opened from any member the user may see; a stand-alone account is a group
    of one."""
    prospect = get_visible_or_404(Prospect, request.user, pk=pk)
    root_id = prospect.group_root_id
    if root_id is None:
        tree = Tree(None, [Node(prospect, 0)], False, prospect.pk)
    else:
        tree = group_tree(root_id, request.user, current=prospect)
    rollup = group_rollup(root_id, request.user) if root_id else None
    return render(
        request,
        "prospects/group.html",
        {
            "title": _("Group"),
            "prospect": prospect,
            "tree": tree,
            "rollup": rollup,
            "chart": _chart(rollup),
        },
    )


def _chart(rollup):
    if rollup is None or not rollup.months:
        return None
    return line_chart(
        in_yuan(_("The group's purchases and our sales")),
        [f"{m['month']:%Y-%m}" for m in rollup.months],
        [
            Series(
                _("Customer's purchase volume"), [m["volume"] for m in rollup.months]
            ),
            Series(_("Our sales"), [m["sales"] for m in rollup.months]),
        ],
    )
