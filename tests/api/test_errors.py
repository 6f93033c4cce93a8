"""Every error is problem details (RFC 9457) with a Danish and an English message, the
`detail` in the language the request asks for."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fremdrift.api.problems import english
from tests.api.conftest import World

pytestmark = pytest.mark.django_db
FIELDS = {"type", "title", "status", "detail", "instance", "detail_da", "detail_en"}


@pytest.mark.parametrize(
    ("danish", "expected"),
    [
        # A service's refusal with a number filled in, and one whose value is itself a message.
        ("Timer pr. uge skal være mellem 0 og 37.", "Hours per week must be between 0 and 37."),
        ("En kontakt kan ikke ligge i fremtiden.", "A contact cannot be in the future."),
        ("Kun en teamleder eller projektleder kan indlæse.", None),
        # A text the catalogue does not know stays as it is.
        ("Noget helt andet.", "Noget helt andet."),
    ],
)
def test_english_of_a_danish_message_from_the_catalogue(danish: str, expected: str | None) -> None:
    result = english(danish)
    if expected is None:
        assert result != danish and result.isascii()
    else:
        assert result == expected


def test_the_detail_follows_accept_language(api: Any, world: World) -> None:
    da = api("jf_own", "da").get("/api/v1/borgere/999999")
    en = api("jf_own", "en").get("/api/v1/borgere/999999")
    for response in (da, en):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert set(response.json()) >= FIELDS
    assert da.json()["detail"] == da.json()["detail_da"] != da.json()["detail_en"]
    assert en.json()["detail"] == en.json()["detail_en"] == da.json()["detail_en"]
    assert (da["Content-Language"], en["Content-Language"]) == ("da", "en")
    assert en.json()["title"] == "Not found" and da.json()["title"] == "Findes ikke"
    assert en.json()["instance"] == "/api/v1/borgere/999999"


def test_a_wrong_method_is_405_problem_with_allow(api: Any, world: World) -> None:
    client = api("jf_own")
    response = client.client.delete("/api/v1/borgere/", headers=client.headers())
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["type"] == "urn:fremdrift:problem:method-not-allowed"


@pytest.mark.parametrize("path", ["/api/v2/borgere/", "/api/v1/", "/api/v1/ingen/"])
def test_an_unknown_path_is_404_problem_even_without_token(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"] == path


def test_the_schema_and_its_docs_page_are_served_by_the_app(world: World) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = Client().get("/api/v1/docs").content.decode()
    # Swagger UI from the app's own static files: no CDN, which a job centre may block.
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_invalid_fields_are_named_in_both_languages(api: Any, world: World) -> None:
    pk = world.borgere["own"].pk
    response = api("jf_own").post(
        f"/api/v1/borgere/{pk}/kontakter", {"dato": 20240101, "form": "brevdue"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:fremdrift:problem:invalid-request"
    by_field = {e["field"]: e for e in body["errors"]}
    assert set(by_field) == {"dato", "form"}
    assert "ÅÅÅÅ-MM-DD" in by_field["dato"]["detail_da"]
    assert "YYYY-MM-DD" in by_field["dato"]["detail_en"]


def test_a_limit_out_of_range_says_the_limit(api: Any, world: World) -> None:
    response = api("projektleder").get("/api/v1/borgere/", {"limit": 500})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["location"]) == ("limit", "query")
    assert error["detail_da"] == "limit: må højst være 200"
    assert "200" in error["detail_en"]


def test_an_unknown_query_parameter_is_refused_not_ignored(api: Any, world: World) -> None:
    response = api("projektleder").get("/api/v1/indikatorer/", {"kommune": "766"})
    assert response.status_code == 422
    assert "kommune" in response.json()["detail_da"]
    assert "kommunekode" in response.json()["detail_en"]


def test_a_body_that_is_no_json_is_400_problem(api: Any, world: World) -> None:
    client = api("jf_own")
    response = client.client.post(
        f"/api/v1/borgere/{world.borgere['own'].pk}/kontakter",
        "{ikke json",
        content_type="application/json",
        headers=client.headers(),
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail_en"]
