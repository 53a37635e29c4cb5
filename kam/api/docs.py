"""The API's browsable docs (``/api/docs/``): Swagger UI from static/vendor, its
start-up script served as a file of ours, so the page keeps the site's strict CSP
(no inline script or style, nothing off-site). Signed-in users try the API with
their session; scripts use a token (``tokenAuth``)."""

from django.contrib.auth.views import redirect_to_login
from django.templatetags.static import static
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


class DocsView(SpectacularSwaggerSplitView):
    """For people signed in to KAM (the page tries the API with their session);
    anyone else is led to sign in first, as on every page."""

    template_name = "api/docs.html"
    permission_classes = [AllowAny]
    title = "KAM API"

    def _swagger_ui_resource(self, filename):
        # Through the static storage: hashed names (long caching) in production.
        return static(f"vendor/swagger-ui/{filename}")

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
