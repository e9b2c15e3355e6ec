"""GET /openapi.json: generated from the pydantic models, complete and self-consistent."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

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
        if rule.endpoint != "static"
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
    assert set(paths["/v1/plans"]["post"]["responses"]) == {"201", "400", "401", "413", "422", "503"}
    assert {"404", "409"} <= set(paths["/v1/plans/{id}/replan"]["post"]["responses"])
    assert "text/calendar" in paths["/v1/plans/{id}/calendar.ics"]["get"]["responses"]["200"]["content"]
