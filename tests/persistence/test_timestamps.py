"""Timestamps are stored in UTC and read back timezone-aware on every backend (SQLite has no timezone type)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from rota.persistence import tables as t


def test_timestamps_come_back_aware_and_in_utc(uow) -> None:
    summer = timezone(timedelta(hours=1), "BST")
    uow.session.add(t.Home(code="h1", name="Aware", created_at=datetime(2026, 7, 1, 9, 30, tzinfo=summer)))
    uow.session.add(t.Home(code="h2", name="Naive means UTC", created_at=datetime(2026, 7, 1, 9, 30)))
    uow.commit()
    uow.session.expunge_all()
    homes = {h.code: h for h in uow.session.scalars(select(t.Home))}
    assert homes["h1"].created_at == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    assert homes["h1"].created_at.utcoffset() == timedelta(0)
    assert homes["h2"].created_at == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    later = uow.session.scalars(select(t.Home.code).where(
        t.Home.created_at > datetime(2026, 7, 1, 9, 0, tzinfo=summer))).all()
    assert sorted(later) == ["h1", "h2"]

