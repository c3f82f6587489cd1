"""The API prints timestamps with their UTC offset, whatever the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def test_the_api_prints_timestamps_with_their_offset(client, home_id) -> None:
    home = client.get(f"/homes/{home_id}").json()
    created = datetime.fromisoformat(home["created_at"].replace("Z", "+00:00"))
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=10)
