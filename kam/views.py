from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and process monitors: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


class QueryKeepingRedirect(RedirectView):
    """An address that moved: the old one leads to the new, filters and all."""

    permanent = True
    query_string = True


def form_page(
    request, form, *, title, cancel_url, template="form_page.html", **context
):
    """The page of one form (templates/form_page.html unless ``template``): the
    form under ``title``, a way back to ``cancel_url``, and whatever else the
    template shows (the account the form is about, …)."""
    context.update(title=title, form=form, cancel_url=cancel_url)
    return render(request, template, context)
