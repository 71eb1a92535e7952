"""The OpenAPI schema's generator (drf-spectacular), apart from `core.api`: DRF's settings
import `core.api` (pagination) before drf-spectacular can be imported."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from silajar.core.api import ErrorSerializer


class AutoSchema(SpectacularAutoSchema):
    """The OpenAPI schema documents the error answers every operation can give: 400 when it
    takes input (415 when the body's media type is not accepted), 401 when it needs a signed-in
    user and 403 when the role may not, 404 when it names an object or pages a list. Codes a view
    documents itself keep the view's description."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._error_codes().items():
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=description)
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses

    def _error_codes(self) -> dict[str, str]:
        codes = {}
        has_input = self.method in ("POST", "PUT", "PATCH") or any(
            parameter.get("in") == "query" for parameter in self._get_parameters()
        )
        if has_input:
            codes["400"] = "The request is not valid"
        if self.method in ("POST", "PUT", "PATCH"):
            codes["415"] = "The body's media type is not one the operation accepts"
        if self.get_auth():
            codes["401"] = "Not signed in (no or a wrong token, no session)"
            codes["403"] = "Not allowed; the message says why"
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes["404"] = "No such object (or page) visible to the user"
        return codes
