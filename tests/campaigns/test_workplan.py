"""The work plan: tasks with owners from the team, their status, milestones, progress, and
who sees and changes what, through the services and /api/tasks/."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agency.errors import InvalidTransition, NotAllowed
from campaigns import services
from campaigns.models import Milestones, Task, TaskStatusChange
from campaigns.selectors.workplan import Due, due_bucket, work_plan
from tests.factories import AccountFactory, TaskFactory

pytestmark = pytest.mark.django_db


def in_days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def task_payload(account, owner, **extra) -> dict:
    return {
        "account": account.pk,
        "title": "Key visual 主视觉",
        "department": "creative",
        "owner": owner.pk,
        "due_date": in_days(5),
        **extra,
    }


# --- Adding tasks -----------------------------------------------------------------------------
def test_a_team_member_adds_a_task_owned_by_another_member(
    api, team_account, creative, media_planner
):
    # given a creative on the team
    # when they add a task owned by the media planner
    response = api(creative).post(
        "/api/tasks/", task_payload(team_account, media_planner, department="media"), format="json"
    )
    # then it is on the plan, to do, owned by the planner
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.data["id"])
    assert (task.account, task.owner, task.department, task.status) == (
        team_account,
        media_planner,
        "media",
        "todo",
    )
    assert task.created_by == creative
    assert response.data["owner_on_team"] is True


def test_the_owner_must_be_on_the_team(api, account, ae, other_ae):
    response = api(ae).post("/api/tasks/", task_payload(account, other_ae), format="json")
    assert response.status_code == 400
    assert "owner" in response.data and "team" in str(response.data["owner"][0])
    assert not Task.objects.exists()


def test_unknown_department_and_past_due_date_are_refused_per_field(api, account, ae):
    unknown = api(ae).post(
        "/api/tasks/", task_payload(account, ae, department="legal"), format="json"
    )
    past = api(ae).post(
        "/api/tasks/", task_payload(account, ae, due_date=in_days(-1)), format="json"
    )
    assert unknown.status_code == 400 and set(unknown.data) == {"department"}
    assert past.status_code == 400 and set(past.data) == {"due_date"}
    assert not Task.objects.exists()


def test_the_service_refuses_an_unknown_department_with_a_field_message(account, ae):
    with pytest.raises(ValidationError) as refused:
        services.create_task(
            account=account,
            by=ae,
            title="x",
            department="legal",
            owner=ae,
            due_date=timezone.localdate(),
        )
    assert list(refused.value.message_dict) == ["department"]


def test_a_predecessor_on_another_account_or_due_later_is_refused(account, ae):
    elsewhere = TaskFactory(account=AccountFactory(lead_ae=ae))
    first = TaskFactory(account=account, due_date=timezone.localdate() + timedelta(days=10))
    with pytest.raises(ValidationError) as other_account:
        services.create_task(
            account=account,
            by=ae,
            title="x",
            department="account",
            owner=ae,
            due_date=first.due_date,
            predecessor=elsewhere,
        )
    with pytest.raises(ValidationError) as too_early:
        services.create_task(
            account=account,
            by=ae,
            title="x",
            department="account",
            owner=ae,
            due_date=first.due_date - timedelta(days=1),
            predecessor=first,
        )
    assert list(other_account.value.message_dict) == ["predecessor"]
    assert list(too_early.value.message_dict) == ["due_date"]
    follows = services.create_task(
        account=account,
        by=ae,
        title="then",
        department="account",
        owner=ae,
        due_date=first.due_date,
        predecessor=first,
    )
    assert follows.predecessor == first


def test_tasks_cannot_follow_each_other_in_a_loop(account, ae):
    first = TaskFactory(account=account)
    second = TaskFactory(account=account, predecessor=first)
    with pytest.raises(ValidationError) as loop:
        services.update_task(task=first, by=ae, predecessor=second)
    assert list(loop.value.message_dict) == ["predecessor"]
    first.refresh_from_db()
    assert first.predecessor is None


def test_an_ad_of_the_lead_ae_plans_without_being_on_the_team(api, account, ad, ae):
    response = api(ad).post("/api/tasks/", task_payload(account, ae), format="json")
    assert response.status_code == 201


# --- Status -----------------------------------------------------------------------------------
def test_the_owner_moves_their_task_and_the_change_is_recorded(api, team_account, creative):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    response = api(creative).patch(f"/api/tasks/{task.pk}/", {"status": "doing"}, format="json")
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert task.status == "doing"
    change = TaskStatusChange.objects.get(task=task)
    assert (change.source, change.target, change.by) == ("todo", "doing", creative)


def test_another_member_cannot_move_someone_elses_task(api, team_account, creative, media_planner):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    response = api(media_planner).patch(f"/api/tasks/{task.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "todo"
    assert not TaskStatusChange.objects.exists()


def test_a_team_ae_moves_any_task_on_the_plan(team_account, ae, creative):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    services.change_task_status(task=task, status="done", by=ae)
    task.refresh_from_db()
    assert task.status == "done"


def test_a_done_task_is_reopened_before_it_can_be_blocked(api, account, ae):
    task = TaskFactory(account=account, status="done")
    response = api(ae).patch(f"/api/tasks/{task.pk}/", {"status": "blocked"}, format="json")
    assert response.status_code == 409 and response.data["code"] == "invalid_transition"
    task.refresh_from_db()
    assert task.status == "done"
    with pytest.raises(InvalidTransition):
        services.change_task_status(task=task, status="blocked", by=ae)


def test_the_status_cannot_be_assigned_directly(account):
    task = TaskFactory(account=account)
    with pytest.raises(AttributeError):
        task.status = "done"


def test_a_creative_not_owning_it_cannot_edit_and_move_in_one_request(team_account, creative, ae):
    # editing fields is fine for a member; moving someone else's task is not: all or nothing
    task = TaskFactory(account=team_account, owner=ae)
    title = task.title
    with pytest.raises(NotAllowed):
        services.update_task(task=task, by=creative, title="Renamed", status="done")
    task.refresh_from_db()
    assert (task.title, task.status) == (title, "todo")


# --- The owner leaving the team ---------------------------------------------------------------
def test_a_task_whose_owner_left_the_team_is_flagged(api, team_account, ae, creative):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    member = team_account.team_members.get(user=creative)
    services.remove_team_member(member=member, by=ae)

    assert api(ae).get(f"/api/tasks/{task.pk}/").data["owner_on_team"] is False
    [group] = work_plan(team_account).departments
    assert group.tasks[0].owner_on_team is False
    # and it can be handed to someone on the team
    response = api(ae).patch(f"/api/tasks/{task.pk}/", {"owner": ae.pk}, format="json")
    assert response.status_code == 200 and response.data["owner_on_team"] is True


# --- Progress and overdue ---------------------------------------------------------------------
def test_progress_is_the_share_of_tasks_done_per_department_and_for_the_account(
    team_account, creative, media_planner
):
    TaskFactory(account=team_account, owner=creative, department="creative", status="done")
    TaskFactory(account=team_account, owner=creative, department="creative")
    TaskFactory(account=team_account, owner=creative, department="creative", status="doing")
    TaskFactory(account=team_account, owner=media_planner, department="media", status="done")

    plan = work_plan(team_account)

    by_department = {
        g.code: (g.progress.done, g.progress.total, g.progress.percent) for g in plan.departments
    }
    assert by_department == {"creative": (1, 3, 33), "media": (1, 1, 100)}
    assert (plan.progress.done, plan.progress.total, plan.progress.percent) == (2, 4, 50)
    assert [g.code for g in plan.departments] == ["creative", "media"]  # Department order


def test_open_tasks_past_their_due_date_are_overdue_and_done_ones_are_not(api, account, ae):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = TaskFactory(account=account, due_date=yesterday)
    finished = TaskFactory(account=account, due_date=yesterday, status="done")
    TaskFactory(account=account)

    flags = {t.pk: t.overdue for g in work_plan(account).departments for t in g.tasks}
    listed = api(ae).get("/api/tasks/", {"overdue": "true"}).data["results"]

    assert flags[late.pk] is True and flags[finished.pk] is False
    assert [t["id"] for t in listed] == [late.pk]
    assert listed[0]["is_overdue"] is True


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 3, 10), Due.OVERDUE),
        (date(2026, 3, 11), Due.TODAY),
        (date(2026, 3, 15), Due.THIS_WEEK),  # Sunday
        (date(2026, 3, 16), Due.LATER),  # next Monday
    ],
)
def test_my_tasks_buckets_by_due_date(due, bucket):
    wednesday = date(2026, 3, 11)
    assert due_bucket(due, wednesday) == bucket


# --- Milestones -------------------------------------------------------------------------------
def test_milestones_out_of_order_are_refused_per_field(api, account, ae):
    response = api(ae).patch(
        f"/api/accounts/{account.pk}/milestones/",
        {
            "presentation_date": in_days(20),
            "production_deadline": in_days(10),
            "first_flight_date": in_days(30),
        },
        format="json",
    )
    assert response.status_code == 400 and set(response.data) == {"production_deadline"}
    assert not Milestones.objects.exists()

    ok = api(ae).patch(
        f"/api/accounts/{account.pk}/milestones/",
        {
            "presentation_date": in_days(10),
            "production_deadline": in_days(20),
            "first_flight_date": in_days(30),
        },
        format="json",
    )
    assert ok.status_code == 200
    assert Milestones.objects.get(account=account).first_flight_date.isoformat() == in_days(30)


def test_only_the_accounts_aes_set_milestones(api, team_account, creative):
    response = api(creative).put(
        f"/api/accounts/{team_account.pk}/milestones/",
        {"presentation_date": in_days(3)},
        format="json",
    )
    assert response.status_code == 403
    assert not Milestones.objects.exists()


# --- Who sees what ----------------------------------------------------------------------------
def test_an_outsider_gets_404_on_every_task_endpoint_and_changes_nothing(
    api, account, ae, other_ae
):
    task = TaskFactory(account=account)
    before = Task.objects.values().get(pk=task.pk)
    client = api(other_ae)

    assert client.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert (
        client.patch(f"/api/tasks/{task.pk}/", {"status": "done"}, format="json").status_code == 404
    )
    assert (
        client.put(
            f"/api/tasks/{task.pk}/", task_payload(account, other_ae), format="json"
        ).status_code
        == 404
    )
    assert client.get(f"/api/accounts/{account.pk}/milestones/").status_code == 404
    assert (
        client.patch(f"/api/accounts/{account.pk}/milestones/", {}, format="json").status_code
        == 404
    )
    assert client.get("/api/tasks/").data["count"] == 0
    assert client.get("/api/tasks/", {"account": account.pk}).data["count"] == 0
    created = client.post("/api/tasks/", task_payload(account, other_ae), format="json")
    missing = client.post(
        "/api/tasks/", {**task_payload(account, other_ae), "account": 999999}, format="json"
    )
    # an invisible account is refused exactly like one that does not exist
    assert created.status_code == missing.status_code == 400
    assert str(created.data["account"][0]).replace(str(account.pk), "N") == str(
        missing.data["account"][0]
    ).replace("999999", "N")

    assert list(Task.objects.values()) == [before]
    assert not Milestones.objects.exists() and not TaskStatusChange.objects.exists()


def test_finance_sees_the_account_but_not_its_work_plan(api, account, finance):
    task = TaskFactory(account=account)
    client = api(finance)
    assert client.get(f"/api/accounts/{account.pk}/").status_code == 200
    assert client.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert client.get("/api/tasks/").data["count"] == 0


# --- Query counts -----------------------------------------------------------------------------
@pytest.mark.parametrize("tasks", [3, 30])
def test_the_task_list_costs_the_same_number_of_queries_however_many_tasks(
    api, team_account, ae, creative, media_planner, tasks, django_assert_max_num_queries
):
    owners = [ae, creative, media_planner]
    for n in range(tasks):
        before = Task.objects.filter(account=team_account).last()
        TaskFactory(account=team_account, owner=owners[n % 3], predecessor=before)
    client = api(ae)
    with django_assert_max_num_queries(3):
        response = client.get("/api/tasks/", {"page_size": 100})
    assert response.data["count"] == tasks
