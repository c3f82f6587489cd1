"""Edits to a draft: re-audit at once, optimistic concurrency (stale If-Match -> 412, nothing changed),
published rotas never change. Needs the edit use case (`rota.services.editing`)."""

from __future__ import annotations

import pytest

from tests.api.test_rotas import FULL, solved_rota

pytest.importorskip("rota.services.editing")


def draft_with_etag(client, home_id):
    rota_id = solved_rota(client, home_id)["rota_id"]
    rota = client.get(f"/rotas/{rota_id}", params=FULL)
    return rota_id, rota.json(), rota.headers["etag"]


def as_assignment(row: dict) -> dict:
    return {k: row[k] for k in ("date", "shift", "unit", "staff_id")}


def test_remove_returns_the_re_audit_and_a_new_etag(client, home_id) -> None:
    rota_id, rota, tag = draft_with_etag(client, home_id)
    target = as_assignment(rota["rota"][0])
    response = client.post(f"/rotas/{rota_id}/edits", json={"kind": "remove", "assignment": target},
                           headers={"If-Match": tag})
    assert response.status_code == 200
    body = response.json()
    assert body["removed"] == [target] and body["kpi_deltas"]["shifts_worked"] == -1
    assert body["shifts"] and {"before", "after"} <= set(body["shifts"][0])
    assert response.headers["etag"] != tag
    after = client.get(f"/rotas/{rota_id}", params=FULL).json()
    assert len(after["rota"]) == len(rota["rota"]) - 1 and after["revision"] == rota["revision"] + 1
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_type": "rota_version"}).json()["items"]
    assert log[0]["action"] == "edit" and log[0]["before"]["removed"] == [target]


def test_a_stale_edit_changes_nothing(client, home_id) -> None:
    rota_id, rota, tag = draft_with_etag(client, home_id)
    first, second = (as_assignment(r) for r in rota["rota"][:2])
    assert client.post(f"/rotas/{rota_id}/edits", json={"kind": "remove", "assignment": first},
                       headers={"If-Match": tag}).status_code == 200
    stale = client.post(f"/rotas/{rota_id}/edits", json={"kind": "remove", "assignment": second},
                        headers={"If-Match": tag})
    assert stale.status_code == 412 and "Nothing was changed" in stale.json()["detail"]
    missing = client.post(f"/rotas/{rota_id}/edits", json={"kind": "remove", "assignment": second})
    assert missing.status_code == 412
    rows = [as_assignment(r) for r in client.get(f"/rotas/{rota_id}", params=FULL).json()["rota"]]
    assert second in rows and first not in rows


def test_bad_edits_name_the_field_and_published_rotas_refuse(client, home_id) -> None:
    rota_id, rota, tag = draft_with_etag(client, home_id)
    unknown = client.post(f"/rotas/{rota_id}/edits", headers={"If-Match": tag}, json={
        "kind": "remove", "assignment": {**as_assignment(rota["rota"][0]), "staff_id": "nobody"}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"].startswith("body.assignment")
    wrong_kind = client.post(f"/rotas/{rota_id}/edits", headers={"If-Match": tag}, json={"kind": "juggle"})
    assert wrong_kind.status_code == 422
    published = client.post(f"/rotas/{rota_id}/publish")
    refused = client.post(f"/rotas/{rota_id}/edits", headers={"If-Match": published.headers["etag"]},
                          json={"kind": "remove", "assignment": as_assignment(rota["rota"][0])})
    assert refused.status_code == 409
