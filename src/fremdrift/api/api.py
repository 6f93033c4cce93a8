"""The API object: /api/v1/, bearer tokens, problem details, and its OpenAPI schema.

The schema says what every operation may answer besides success: the problems of
problems.py, with the content type application/problem+json, so that a client (and the fuzz
test) can hold every answer to the schema.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from pydantic import Field

from fremdrift.api import caseloads, citizens, deliveries, figures, reports
from fremdrift.api.auth import BearerToken
from fremdrift.api.problems import CONTENT_TYPE, install

DESCRIPTION = """\
fremdrift's REST API for municipal BI teams, case-system vendors and STAR: citizens and their
course, caseloads, indicator figures, releases, and writes of contacts, markings, agreements,
hours and deliveries. The same roles and municipality isolation as the web app; every read of
a citizen is in the audit log. Authentication: `Authorization: Bearer <token>` (a token is made
with `fremdrift create_api_token USERNAME --name NAME`). Errors are problem details (RFC 9457)
in Danish and English. See docs/api.md.
"""


class ProblemFieldOut(Schema):
    field: str | None
    location: str
    detail_da: str
    detail_en: str


class ProblemOut(Schema):
    type: str = Field(description="urn:fremdrift:problem:<kind>")
    title: str
    status: int
    detail: str = Field(description="In the language of Accept-Language (Danish by default).")
    instance: str
    detail_da: str
    detail_en: str
    errors: list[ProblemFieldOut] | None = None


PROBLEM_STATUSES = {
    "400": "The body could not be read",
    "401": "Missing or invalid token",
    "403": "The role may not do this",
    "404": "Not found, or out of the login's reach",
    "405": "Method not allowed",
    "422": "Invalid request, or refused by the service",
    "500": "Server error",
}


class FremdriftApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        content = {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in PROBLEM_STATUSES.items():
                    responses[status] = {"description": description, "content": content}
        return schema


api = FremdriftApi(
    title="fremdrift API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=BearerToken(),
)
install(api)
api.add_router("/borgere", citizens.router)
api.add_router("/sagsstammer", caseloads.router)
api.add_router("/indikatorer", figures.router)
api.add_router("/udgivelser", figures.release_router)
api.add_router("/leverancer", deliveries.router)
api.add_router("/rapporter", reports.router)
