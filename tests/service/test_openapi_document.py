"""GET /openapi.json: generated from the pydantic models, complete and self-consistent."""

from typing import Any

import jsonschema
from api_helpers import INFEASIBLE_REQUEST, create_plan
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from models.events import ReplanRequest
from models.plan import ValidateRequest
from models.request import PlanRequest


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def test_document_lists_every_route(app: Flask, client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routed = {
        (rule.rule.replace("<plan_id>", "{id}").replace("<int:version>", "{n}"), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.startswith("web.")  # pages for people, not the API
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routed


def test_every_ref_resolves(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for ref in refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in schemas


def test_request_schemas_are_the_models_own(client: FlaskClient) -> None:
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    for model in (PlanRequest, ReplanRequest, ValidateRequest):
        own = model.model_json_schema(ref_template="#/components/schemas/{model}")
        own.pop("$defs", None)
        assert schemas[model.__name__] == own
    assert schemas["PlanRequest"]["additionalProperties"] is False
    assert schemas["PlanRequest"]["required"] == ["start_date"]


def test_error_responses_are_documented(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    assert set(paths["/v1/plans"]["post"]["responses"]) == {"201", "400", "401", "413", "422", "429", "503"}
    assert {"404", "409"} <= set(paths["/v1/plans/{id}/replan"]["post"]["responses"])
    assert "text/calendar" in paths["/v1/plans/{id}/calendar.ics"]["get"]["responses"]["200"]["content"]


def test_document_is_valid_openapi(client: FlaskClient) -> None:
    validate(client.get("/openapi.json").get_json())


def test_real_answers_fit_their_documented_schemas(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()

    def check(instance: Any, path: str, method: str, status: int) -> None:
        content = document["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
        jsonschema.validate(instance, {**content["schema"], "components": document["components"]})

    plan = create_plan(client)
    check(plan, "/v1/plans", "post", 201)
    check(client.get(f"/v1/plans/{plan['id']}").get_json(), "/v1/plans/{id}", "get", 200)
    check(client.post("/v1/plans", json=INFEASIBLE_REQUEST).get_json(), "/v1/plans", "post", 422)
    check(client.post("/v1/plans", json={"weeks": "x"}).get_json(), "/v1/plans", "post", 422)
    check(client.post("/v1/plans", data=b"{").get_json(), "/v1/plans", "post", 400)
    check(client.get("/v1/plans/nope").get_json(), "/v1/plans/{id}", "get", 404)
    check(client.get("/v1/plans?limit=1").get_json(), "/v1/plans", "get", 200)
    check(client.get("/v1/plans?limit=0").get_json(), "/v1/plans", "get", 422)
    answer = client.post("/v1/validate", json={"request": plan["request"], "days": plan["days"]}).get_json()
    check(answer, "/v1/validate", "post", 200)
