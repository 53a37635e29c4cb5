"""The API's browsable docs (``/api/docs/``): Swagger UI from static/vendor, its
start-up script served as a file of ours, so the page keeps the site's strict CSP
(no inline script or style, nothing off-site). Signed-in users try the API with
their session; scripts use a token (``tokenAuth``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    permission_classes = [IsAuthenticated]
    title = "KAM API"
