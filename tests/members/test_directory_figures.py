"""The skills directory's figures (how many share and want each skill) after a
member changes: with tasks run at once the next page has the new figures; with the
database queue the page keeps showing the figures it had, queues their recomputation
once however many visitors come, and shows the new ones once the task has run."""

import re

import pytest
from django_tasks_db.models import DBTaskResult

from members.models import Member
from tests.members.test_directory import expected

pytestmark = pytest.mark.django_db
PATH = "/fr/community/skills/"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sharing(client) -> str:
    """The figure the page gives for the sharers of reading circles."""
    content = client.get(PATH).content.decode()
    return re.search(r'\?offers=reading-circles">(\d+)</a>', content)[1]


@pytest.fixture
def kept(settings):
    settings.PORTAL_MEMO_ENABLED = True


@pytest.fixture
def leave(django_capture_on_commit_callbacks):
    def leave(handle: str) -> None:
        member = Member.objects.get(handle=handle)
        member.listed = False
        with django_capture_on_commit_callbacks(execute=True):
            member.save()

    return leave


def sharers() -> list[str]:
    return sorted(expected("public", lambda row: "reading-circles" in row["shares"]))


def test_the_next_page_counts_a_change_when_tasks_run_at_once(client, kept, leave):
    before = sharing(client)
    assert before == str(len(sharers()))
    leave(sharers()[0])
    assert sharing(client) == str(len(sharers()) - 1)


def test_the_figures_kept_are_shown_while_the_worker_recomputes_them(
    client, kept, leave, settings
):
    settings.TASKS = DATABASE_QUEUE
    count = len(sharers())
    assert sharing(client) == str(count)
    leave(sharers()[0])
    refreshes = DBTaskResult.objects.filter(task_path__endswith="refresh_facts_task")
    assert [sharing(client) for _ in range(3)] == [str(count)] * 3
    assert refreshes.filter(status="READY").count() == 1
    # The queued task, run as db_worker runs it (in this process: a worker closes
    # the connection, and with it the test's transaction).
    queued = refreshes.get()
    queued.claim("test-worker")
    queued.set_successful(
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    )
    assert refreshes.get().status == "SUCCESSFUL"
    assert sharing(client) == str(count - 1)
