"""The daily ANALYZE: on SQLite it leaves the planner statistics that keep matching
and the directory on their indexes; on PostgreSQL autovacuum does it already."""

from django.db import connection

import pytest

from ops.tasks import analyze_task

pytestmark = pytest.mark.django_db


def test_statistics_for_the_members_tables():
    result = analyze_task.call()
    if connection.vendor != "sqlite":
        assert result == "skipped"
        return
    assert result == "analyzed"
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        tables = {row[0] for row in cursor.fetchall()}
    assert {"members_member", "members_registration", "wagtailcore_page"} <= tables
