"""The root of the partner API (``/api/v1/``): the router's links as JSON, the landing page for a browser."""

from django.utils.cache import patch_vary_headers
from rest_framework.metadata import SimpleMetadata
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import APIRootView

from api.landing import LandingRenderer
from api.renderers import PartnerBrowsableAPIRenderer


class RootMetadata(SimpleMetadata):
    """``OPTIONS``: each media type once (the landing page and the browsable API are both ``text/html``)."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata["renders"] = list(dict.fromkeys(metadata["renders"]))
        return metadata


class PartnerRootView(APIRootView):
    """DRF's root view (``{"articles": "<url>", …}``, unchanged for clients); ``text/html`` gets the landing page.

    JSON stays first, so a client sending ``*/*`` or no ``Accept`` still gets JSON;
    ``?format=api`` is still the browsable API.
    """

    name = "Partner API"
    metadata_class = RootMetadata
    renderer_classes = [JSONRenderer, LandingRenderer, PartnerBrowsableAPIRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])  # the same URL is JSON or HTML
        return response
