"""JSON API, as a client uses it."""

import pytest


def test_items_have_every_field_filled(client):
    data = client.get("/bac-ninh/api/v1/items").json()
    assert data["total"] == 50
    for it in data["items"]:
        for key in ("id", "type", "title", "summary", "body", "source_text", "url"):
            assert it[key], (it["id"], key)
        assert it["url"].startswith("http://testserver/")


def test_target_1_carries_the_published_2025_figure_with_its_source(client):
    t = client.get("/bac-ninh/api/v1/targets/chi-tieu-1").json()
    ind = t["indicators"][0]
    current = [o for o in ind["observations"] if o["current"]]
    assert len(current) == 1 and current[0]["value"] == 10.27 and current[0]["period"] == "2025"
    assert current[0]["source_url"].startswith("https://") and current[0]["publisher"] == "Báo Tin Tức (TTXVN)"
    assert current[0]["published"] == "2025-12-09" and current[0]["status"] == "estimate"
    assert ind["baseline"]["value"] == 10.27
    assert "10,27%" in ind["status_sentence"]
    # 2025 is the baseline year: no figure of the 2026-2030 period yet, so no verdict
    assert t["status"] == "no-data" and ind["status"] == "no-data"


def test_target_12_has_no_observation_and_no_data(client):
    t = client.get("/bac-ninh/api/v1/targets/chi-tieu-12").json()
    assert t["status"] == "no-data"
    assert all(ind["observations"] == [] for ind in t["indicators"])


def test_targets_list_has_all_26(client):
    data = client.get("/bac-ninh/api/v1/targets").json()
    assert [t["id"] for t in data["targets"]] == [f"chi-tieu-{n}" for n in range(1, 27)]


@pytest.mark.parametrize("path", ["/bac-ninh/api/v1/targets/chi-tieu-27", "/bac-ninh/api/v1/targets/nhiem-vu-1",
                                  "/api/v1/nothing"])
def test_unknown_resources_are_json_404(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_search_api_shape(client):
    r = client.get("/api/v1/search", params={"q": "nước sạch", "limit": 3}).json()
    assert set(r) >= {"query", "total", "results"}
    assert r["results"][0]["id"] == "chi-tieu-18"
    assert set(r["results"][0]) >= {"id", "type", "title", "url", "snippet"}
    assert len(r["results"]) <= 3


@pytest.mark.parametrize("params,field", [
    ({"q": "a", "limit": "0"}, "limit"), ({"q": "a", "limit": "-5"}, "limit"),
    ({"q": "a", "limit": "99999999999999999999"}, "limit"), ({"q": "a", "limit": "abc"}, "limit"),
    ({"q": "a", "offset": "-1"}, "offset"), ({"q": "x" * 201}, "q"), ({"q": "a", "type": "<script>"}, "type"),
    ({"q": "a", "type": "target,"}, "type"), ({"q": "a", "lang": "fr"}, "lang"), ({"q": "a", "lang": ""}, "lang"),
])
def test_search_api_rejects_bad_parameters_clearly(client, params, field):
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 400 and r.json()["error"] == "bad_request" and r.json()["fields"] == [field]
    assert "<script>" not in r.text


def test_openapi_description_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/{document}/api/v1/items", "/{document}/api/v1/targets", "/{document}/api/v1/targets/{target_id}",
              "/api/v1/search", "/api/v1/documents"):
        assert p in paths
    document = paths["/{document}/api/v1/items"]["get"]["parameters"][0]
    assert document["in"] == "path" and document["schema"]["enum"] == ["bac-ninh"]  # the documents served
