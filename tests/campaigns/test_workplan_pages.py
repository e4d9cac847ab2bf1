"""The browser pages of the work plan, meetings, contact reports and the communication log,
through Django's test client: what they show, what their forms do, who gets 403 or 404."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import (
    Communication,
    ContactReport,
    Meeting,
    Milestones,
    Task,
    TaskStatusChange,
)
from tests.factories import AccountFactory, ContactFactory, MeetingFactory, TaskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def logged_in(client, user):
    client.force_login(user)
    return client


def day(n: int):
    return timezone.localdate() + timedelta(days=n)


def row(html: str, task: Task) -> str:
    """The <tr> of a task on the work plan page."""
    match = re.search(rf'<tr id="task-{task.pk}".*?</tr>', html, re.S)
    assert match, f"task {task.pk} is not on the page"
    return match.group(0)


def progress(html: str, testid: str) -> int:
    match = re.search(rf'<progress[^>]*value="(\d+)"[^>]*data-testid="{testid}"', html)
    assert match, f"no progress bar {testid}"
    return int(match.group(1))


# --- The work plan page -----------------------------------------------------------------------
def test_the_plan_groups_tasks_by_department_with_progress_and_overdue_in_red(
    client, team_account, ae, creative, media_planner
):
    late = TaskFactory(
        account=team_account,
        owner=creative,
        department="creative",
        due_date=day(-2),
        title="Storyboard 分镜",
    )
    TaskFactory(
        account=team_account,
        owner=creative,
        department="creative",
        status="done",
        due_date=day(-3),
        title="Moodboard",
    )
    on_time = TaskFactory(
        account=team_account, owner=media_planner, department="media", title="Media plan"
    )

    html = (
        logged_in(client, ae)
        .get(reverse("account-workplan", args=[team_account.pk]))
        .content.decode()
    )

    assert 'data-testid="department-creative"' in html and 'data-testid="department-media"' in html
    assert html.index('data-testid="department-creative"') < html.index(
        'data-testid="department-media"'
    )
    assert (
        progress(html, "progress-creative"),
        progress(html, "progress-media"),
        progress(html, "progress-account"),
    ) == (50, 0, 33)
    assert 'class="table-danger overdue"' in row(html, late) and "Storyboard 分镜" in row(
        html, late
    )
    assert "overdue" not in row(html, on_time)


def test_a_task_whose_owner_left_the_team_is_flagged_on_the_plan(
    client, team_account, ae, creative
):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    kept = TaskFactory(account=team_account, owner=ae)
    services.remove_team_member(member=team_account.team_members.get(user=creative), by=ae)
    html = (
        logged_in(client, ae)
        .get(reverse("account-workplan", args=[team_account.pk]))
        .content.decode()
    )
    assert 'data-testid="owner-left"' in row(html, task)
    assert 'data-testid="owner-left"' not in row(html, kept)


def test_a_member_adds_a_task_from_the_page(client, team_account, creative, media_planner):
    url = reverse("workplan-task-add", args=[team_account.pk])
    data = {
        "title": "Radio script",
        "department": "creative",
        "owner": creative.pk,
        "due_date": day(4).isoformat(),
    }
    response = logged_in(client, creative).post(url, data, **HTMX)
    assert response.status_code == 200
    task = Task.objects.get()
    assert (task.title, task.owner, task.due_date, task.created_by) == (
        "Radio script",
        creative,
        day(4),
        creative,
    )
    # htmx gets the plan body back, with the new task in it
    assert (
        'id="workplan-body"' in response.content.decode()
        and "<html" not in response.content.decode()
    )
    assert "Radio script" in row(response.content.decode(), task)
    # without htmx: back to the page
    again = client.post(url, {**data, "title": "TV script", "owner": media_planner.pk})
    assert again.status_code == 302 and again.url == reverse(
        "account-workplan", args=[team_account.pk]
    )


def test_the_add_task_form_shows_errors_per_field_and_adds_nothing(client, account, ae, other_ae):
    url = reverse("workplan-task-add", args=[account.pk])
    client = logged_in(client, ae)
    outsider = client.post(
        url,
        {
            "title": "x",
            "department": "account",
            "owner": other_ae.pk,
            "due_date": day(1).isoformat(),
        },
        **HTMX,
    )
    past = client.post(
        url,
        {"title": "x", "department": "account", "owner": ae.pk, "due_date": day(-1).isoformat()},
        **HTMX,
    )
    unknown = client.post(
        url,
        {"title": "x", "department": "legal", "owner": ae.pk, "due_date": day(1).isoformat()},
        **HTMX,
    )
    assert outsider.context["task_form"].errors.keys() == {"owner"}
    assert past.context["task_form"].errors == {"due_date": ["The due date is in the past."]}
    assert unknown.context["task_form"].errors.keys() == {"department"}
    assert "The due date is in the past." in past.content.decode()
    assert not Task.objects.exists()


def test_the_owner_changes_the_status_inline(client, team_account, creative):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    response = logged_in(client, creative).post(
        reverse("task-status", args=[task.pk]), {"status": "done"}, **HTMX
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == "done"
    assert TaskStatusChange.objects.get(task=task).by == creative
    assert progress(response.content.decode(), "progress-account") == 100


def test_someone_elses_task_shows_no_buttons_and_refuses_a_change(
    client, team_account, creative, media_planner
):
    task = TaskFactory(account=team_account, owner=creative, department="creative")
    client = logged_in(client, media_planner)
    html = client.get(reverse("account-workplan", args=[team_account.pk])).content.decode()
    assert 'name="status"' not in row(html, task)
    response = client.post(reverse("task-status", args=[task.pk]), {"status": "done"}, **HTMX)
    assert response.status_code == 403
    assert 'data-testid="plan-error"' in response.content.decode()  # the reason, for htmx
    task.refresh_from_db()
    assert task.status == "todo" and not TaskStatusChange.objects.exists()


def test_an_impossible_move_answers_409(client, account, ae):
    task = TaskFactory(account=account, status="done")
    response = logged_in(client, ae).post(
        reverse("task-status", args=[task.pk]), {"status": "blocked"}, **HTMX
    )
    assert response.status_code == 409
    task.refresh_from_db()
    assert task.status == "done"


def test_milestones_are_set_on_the_page_and_refused_out_of_order(client, account, ae):
    url = reverse("workplan-milestones", args=[account.pk])
    client = logged_in(client, ae)
    bad = client.post(url, {"presentation_date": day(10), "production_deadline": day(5)})
    assert bad.status_code == 200 and "production_deadline" in bad.context["milestones_form"].errors
    assert not Milestones.objects.exists()
    good = client.post(
        url,
        {
            "presentation_date": day(10),
            "production_deadline": day(20),
            "first_flight_date": day(30),
        },
    )
    assert good.status_code == 302
    html = client.get(reverse("account-workplan", args=[account.pk])).content.decode()
    assert day(30).isoformat() in html


# --- My tasks ---------------------------------------------------------------------------------
def test_my_tasks_lists_my_open_tasks_by_due_date_with_overdue_in_red(
    client, team_account, ae, creative
):
    late = TaskFactory(
        account=team_account,
        owner=creative,
        department="creative",
        due_date=day(-1),
        title="Late one",
    )
    today = TaskFactory(
        account=team_account,
        owner=creative,
        department="creative",
        due_date=day(0),
        title="Today one",
    )
    TaskFactory(
        account=team_account, owner=creative, department="creative", status="done", title="Done one"
    )
    TaskFactory(account=team_account, owner=ae, title="Not mine")

    response = logged_in(client, creative).get(reverse("my-tasks"))
    html = response.content.decode()

    assert [t.pk for t in response.context["tasks"]] == [late.pk, today.pk]
    assert 'data-testid="bucket-overdue"' in html and 'data-testid="bucket-today"' in html
    assert re.search(
        r'<tr data-testid="my-task" class="table-danger overdue">\s*<td>Late one', html
    )
    assert "Done one" not in html and "Not mine" not in html


def test_my_tasks_leaves_out_accounts_i_no_longer_see(client, team_account, ae, creative):
    TaskFactory(
        account=team_account, owner=creative, department="creative", title="Old account task"
    )
    services.remove_team_member(member=team_account.team_members.get(user=creative), by=ae)
    html = logged_in(client, creative).get(reverse("my-tasks")).content.decode()
    assert "Old account task" not in html and 'data-testid="no-tasks"' in html


def test_the_ae_sees_the_contact_reports_they_owe_until_filed(client, account, ae):
    call = MeetingFactory(account=account, title="Kick-off call")
    client = logged_in(client, ae)
    html = client.get(reverse("my-tasks")).content.decode()
    assert 'data-testid="owed-contact-reports"' in html and "Kick-off call" in html
    assert f"?meeting={call.pk}" in html
    services.file_contact_report(account=account, by=ae, meeting=call, summary="Done")
    assert (
        'data-testid="owed-contact-reports"' not in client.get(reverse("my-tasks")).content.decode()
    )


def test_the_owed_partial_can_be_included_by_any_page(account, ae, creative):
    MeetingFactory(account=account, title="Presentation follow-up")
    template = Template("{% load workplan %}{% owed_contact_reports %}")
    for user, shown in ((ae, True), (creative, False)):
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"request": request}))
        assert ("Presentation follow-up" in html) is shown


# --- Meetings and contact reports -------------------------------------------------------------
def test_a_member_records_a_meeting_from_the_page(client, team_account, creative, ae):
    data = {
        "kind": "creative_review",
        "held_at": "2026-03-02T10:30",
        "title": "Round 2",
        "attendees": [ae.pk, creative.pk],
        "minutes": "OK",
    }
    response = logged_in(client, creative).post(
        reverse("meeting-new", args=[team_account.pk]), data
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "meeting-page", args=[meeting.pk]
    )
    assert set(meeting.attendees.all()) == {ae, creative}
    html = client.get(reverse("account-meetings", args=[team_account.pk])).content.decode()
    assert "Round 2" in html


def action_items(*rows) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0"}
    for n, (title, owner, due) in enumerate(rows):
        data |= {
            f"items-{n}-title": title,
            f"items-{n}-owner": owner.pk if owner else "",
            f"items-{n}-due_date": due,
        }
    return data


def test_the_ae_files_a_report_whose_action_items_become_tasks(
    client, team_account, ae, creative, media_planner
):
    call = MeetingFactory(account=team_account)
    form = logged_in(client, ae).get(
        reverse("contact-report-new", args=[team_account.pk]), {"meeting": call.pk}
    )
    assert form.context["form"]["meeting"].value() == str(call.pk)
    assert (
        form.content.decode().count('data-testid="action-item-row"') == 3
    )  # two rows + the template

    data = {"meeting": call.pk, "summary": "Discussed concept B", "decisions": "Go"} | action_items(
        ("New key visual", creative, day(3).isoformat()),
        ("", None, ""),
        ("TV quote", media_planner, day(5).isoformat()),
    )
    response = client.post(reverse("contact-report-new", args=[team_account.pk]), data)

    report = ContactReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "contact-report-page", args=[report.pk]
    )
    assert sorted((t.title, t.owner, t.due_date) for t in report.tasks.all()) == [
        ("New key visual", creative, day(3)),
        ("TV quote", media_planner, day(5)),
    ]
    detail = client.get(response.url).content.decode()
    assert detail.count('data-testid="report-task"') == 2


def test_a_half_filled_action_item_files_nothing(client, account, ae):
    data = {"summary": "Call"} | action_items(("Send deck", None, day(1).isoformat()))
    response = logged_in(client, ae).post(reverse("contact-report-new", args=[account.pk]), data)
    assert response.status_code == 200 and response.context["items"].forms[0].errors.keys() == {
        "owner"
    }
    assert not ContactReport.objects.exists() and not Task.objects.exists()


def test_a_creative_cannot_file_a_report_from_the_page(client, team_account, creative):
    client = logged_in(client, creative)
    assert client.get(reverse("contact-report-new", args=[team_account.pk])).status_code == 403
    response = client.post(
        reverse("contact-report-new", args=[team_account.pk]), {"summary": "x"} | action_items()
    )
    assert response.status_code == 403 and not ContactReport.objects.exists()


# --- The communication log --------------------------------------------------------------------
def test_the_log_is_written_by_aes_and_read_by_the_team(client, team_account, ae, creative):
    contact = ContactFactory(client=team_account.client, name="Mr. Li")
    url = reverse("account-communications", args=[team_account.pk])
    ae_page = logged_in(client, ae).get(url)
    assert [u.pk for u in ae_page.context["form"].fields["ae"].queryset] == [
        ae.pk
    ]  # only AEs to choose
    created = client.post(
        url,
        {
            "kind": "call",
            "occurred_at": "2026-03-02T09:00",
            "contact": contact.pk,
            "ae": ae.pk,
            "subject": "Budget call",
        },
    )
    assert created.status_code == 302 and Communication.objects.get().subject == "Budget call"

    client = logged_in(client, creative)
    page = client.get(url)
    assert page.context["form"] is None and "Budget call" in page.content.decode()
    refused = client.post(
        url, {"kind": "call", "occurred_at": "2026-03-02T09:00", "ae": ae.pk, "subject": "Sneaky"}
    )
    assert refused.status_code == 403 and Communication.objects.count() == 1


# --- Outsiders --------------------------------------------------------------------------------
@pytest.fixture
def everything(account, ae):
    task = TaskFactory(account=account)
    call = MeetingFactory(account=account)
    report = services.file_contact_report(account=account, by=ae, meeting=call, summary="s")
    Communication.objects.create(account=account, kind="call", subject="c", ae=ae, recorded_by=ae)
    return {"account": account.pk, "task": task.pk, "meeting": call.pk, "report": report.pk}


PAGES = [
    ("get", "account-workplan", "account"),
    ("post", "workplan-task-add", "account"),
    ("post", "workplan-milestones", "account"),
    ("post", "task-status", "task"),
    ("get", "account-meetings", "account"),
    ("get", "meeting-new", "account"),
    ("post", "meeting-new", "account"),
    ("get", "meeting-page", "meeting"),
    ("get", "account-contact-reports", "account"),
    ("get", "contact-report-new", "account"),
    ("post", "contact-report-new", "account"),
    ("get", "contact-report-page", "report"),
    ("get", "account-communications", "account"),
    ("post", "account-communications", "account"),
]


@pytest.mark.parametrize(("method", "name", "kind"), PAGES)
def test_an_outsider_gets_404_on_every_page_and_changes_nothing(
    client, everything, other_ae, method, name, kind
):
    def snapshot():
        return [
            list(m.objects.order_by("pk").values())
            for m in (Task, Meeting, ContactReport, Communication, Milestones, TaskStatusChange)
        ]

    before = snapshot()
    data = {
        "status": "done",
        "title": "x",
        "summary": "x",
        "subject": "x",
        "kind": "call",
    } | action_items()
    response = getattr(logged_in(client, other_ae), method)(
        reverse(name, args=[everything[kind]]), data if method == "post" else None
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_finance_gets_404_on_the_work_pages(client, everything, finance):
    client = logged_in(client, finance)
    assert client.get(reverse("account-workplan", args=[everything["account"]])).status_code == 404
    assert (
        client.get(reverse("contact-report-page", args=[everything["report"]])).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, everything):
    response = client.get(reverse("account-workplan", args=[everything["account"]]))
    assert response.status_code == 302 and "/login/" in response.url


# --- Query counts (each cap includes 3 for the session's save: savepoint, update, release) ----
@pytest.mark.parametrize("tasks", [4, 40])
def test_the_work_plan_page_costs_the_same_queries_however_many_tasks(
    client, team_account, ae, creative, media_planner, tasks, django_assert_max_num_queries
):
    owners = [(ae, "account"), (creative, "creative"), (media_planner, "media")]
    report = services.file_contact_report(account=team_account, by=ae, summary="s")
    for n in range(tasks):
        owner, department = owners[n % 3]
        before = Task.objects.filter(account=team_account).last()
        TaskFactory(
            account=team_account,
            owner=owner,
            department=department,
            predecessor=before,
            contact_report=report if n % 2 else None,
            due_date=day(n - 5),
        )
    Milestones.objects.create(account=team_account, presentation_date=day(3))
    client = logged_in(client, ae)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("account-workplan", args=[team_account.pk]))
    assert response.content.decode().count('data-testid="task-row"') == tasks


@pytest.mark.parametrize("tasks", [3, 30])
def test_my_tasks_costs_the_same_queries_however_many_tasks(
    client, ae, tasks, django_assert_max_num_queries
):
    accounts = [AccountFactory(lead_ae=ae) for _ in range(3)]
    for n in range(tasks):
        TaskFactory(account=accounts[n % 3], owner=ae, due_date=day(n - 3))
        MeetingFactory(account=accounts[n % 3])
    client = logged_in(client, ae)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("my-tasks"))
    assert len(response.context["tasks"]) == tasks


@pytest.mark.parametrize("rows", [2, 15])
def test_the_meeting_report_and_log_pages_cost_the_same_queries_however_long(
    client, team_account, ae, creative, rows, django_assert_max_num_queries
):
    for n in range(rows):
        call = MeetingFactory(
            account=team_account, held_at=timezone.now() - timedelta(days=2, hours=n)
        )
        call.attendees.set([ae, creative])
        if n % 2:
            services.file_contact_report(
                account=team_account,
                by=ae,
                meeting=call,
                summary="s",
                action_items=[{"title": "t", "owner": creative, "due_date": day(2)}],
            )
        Communication.objects.create(
            account=team_account, kind="call", subject=f"c{n}", ae=ae, recorded_by=ae, meeting=call
        )
    client = logged_in(client, ae)
    for name in ("account-meetings", "account-contact-reports", "account-communications"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name, args=[team_account.pk])).status_code == 200


def test_the_admin_shows_the_work_but_changes_none_of_it(client, everything, admin_user):
    client = logged_in(client, admin_user)
    for model in ("task", "meeting", "contactreport", "communication"):
        assert client.get(reverse(f"admin:campaigns_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:campaigns_{model}_add")).status_code == 403
    task = everything["task"]
    response = client.post(reverse("admin:campaigns_task_change", args=[task]), {"title": "x"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task).title != "x"
