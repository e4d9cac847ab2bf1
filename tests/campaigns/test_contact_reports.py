"""Meetings and contact reports: action items become tasks, one report per client meeting,
only the account's AEs file them, and an unfiled report is owed 24 hours after the meeting."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import ContactReport, Meeting, Task
from campaigns.selectors.meetings import contact_reports_owed
from tests.factories import AccountFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def in_days(n: int):
    return timezone.localdate() + timedelta(days=n)


def report_payload(account, meeting=None, items=()) -> dict:
    return {
        "account": account.pk,
        "meeting": meeting.pk if meeting else None,
        "summary": "Client liked concept B; wants the tagline in Chinese first. 客户喜欢B方案。",
        "decisions": "Go with concept B.",
        "action_items": list(items),
    }


def item(title, owner, days) -> dict:
    return {"title": title, "owner": owner.pk, "due_date": in_days(days).isoformat()}


# --- Action items become tasks ----------------------------------------------------------------
def test_each_action_item_becomes_a_task_with_its_owner_and_due_date(
    api, team_account, ae, creative, media_planner
):
    # given a client call two days ago
    call = MeetingFactory(account=team_account)
    # when the AE files its report with two action items
    response = api(ae).post(
        "/api/contact-reports/",
        report_payload(
            team_account,
            call,
            [item("Revise key visual", creative, 3), item("Re-quote TV spots", media_planner, 5)],
        ),
        format="json",
    )
    # then the report exists and each action item is a task on the plan
    assert response.status_code == 201, response.content
    report = ContactReport.objects.get(pk=response.data["id"])
    assert (report.meeting, report.filed_by) == (call, ae)
    tasks = {t.title: t for t in Task.objects.filter(contact_report=report)}
    assert set(tasks) == {"Revise key visual", "Re-quote TV spots"}
    visual, spots = tasks["Revise key visual"], tasks["Re-quote TV spots"]
    assert (visual.owner, visual.due_date, visual.department, visual.status) == (
        creative,
        in_days(3),
        "creative",
        "todo",
    )
    assert (spots.owner, spots.due_date, spots.department) == (media_planner, in_days(5), "media")
    assert all(t.account == team_account and t.created_by == ae for t in tasks.values())
    assert sorted(t["title"] for t in response.data["tasks"]) == sorted(tasks)


def test_one_bad_action_item_files_nothing_at_all(api, team_account, ae, creative, other_ae):
    call = MeetingFactory(account=team_account)
    response = api(ae).post(
        "/api/contact-reports/",
        report_payload(
            team_account,
            call,
            [item("Fine", creative, 3), item("Outsider", other_ae, 3), item("Late", creative, -1)],
        ),
        format="json",
    )
    assert response.status_code == 400
    messages = response.data["action_items"]
    assert any(m.startswith("Action item 2:") and "team" in m for m in messages)
    assert any(m.startswith("Action item 3:") and "past" in m for m in messages)
    assert not ContactReport.objects.exists() and not Task.objects.exists()


def test_the_report_and_its_tasks_are_written_in_one_transaction(
    team_account, ae, creative, monkeypatch
):
    # given writing the second task fails (the database goes away, say)
    from campaigns.services import meetings as module

    written = []

    def failing_second(**kwargs):
        if written:
            raise RuntimeError("connection lost")
        written.append(real(**kwargs))
        return written[-1]

    real = module.new_task
    monkeypatch.setattr(module, "new_task", failing_second)
    items = [{"title": t, "owner": creative, "due_date": in_days(2)} for t in ("one", "two")]
    # when the AE files the report
    with pytest.raises(RuntimeError):
        module.file_contact_report(account=team_account, by=ae, summary="s", action_items=items)
    # then neither the report nor the first task was kept
    assert written and not ContactReport.objects.exists() and not Task.objects.exists()


def test_a_creative_on_the_team_cannot_file_a_contact_report(api, team_account, creative):
    call = MeetingFactory(account=team_account)
    response = api(creative).post(
        "/api/contact-reports/",
        report_payload(team_account, call, [item("x", creative, 1)]),
        format="json",
    )
    assert response.status_code == 403
    assert not ContactReport.objects.exists() and not Task.objects.exists()


def test_the_ad_of_the_lead_ae_may_file_one(api, account, ad, ae):
    response = api(ad).post(
        "/api/contact-reports/",
        report_payload(account, None, [item("Send deck", ae, 1)]),
        format="json",
    )
    assert response.status_code == 201
    assert Task.objects.get().owner == ae


def test_a_meeting_gets_one_contact_report(api, account, ae):
    call = MeetingFactory(account=account)
    assert (
        api(ae)
        .post("/api/contact-reports/", report_payload(account, call), format="json")
        .status_code
        == 201
    )
    again = api(ae).post("/api/contact-reports/", report_payload(account, call), format="json")
    assert again.status_code == 400 and "meeting" in again.data
    assert ContactReport.objects.count() == 1
    # and the database is the proof
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactReport.objects.create(account=account, meeting=call, summary="dup", filed_by=ae)


@pytest.mark.parametrize(
    ("kind", "hours_ago"),
    [("planning", 48), ("creative_review", 48), ("client_call", -2)],
)
def test_reports_are_for_client_meetings_that_took_place(api, account, ae, kind, hours_ago):
    meeting = MeetingFactory(
        account=account, kind=kind, held_at=timezone.now() - timedelta(hours=hours_ago)
    )
    response = api(ae).post(
        "/api/contact-reports/", report_payload(account, meeting), format="json"
    )
    assert response.status_code == 400 and set(response.data) == {"meeting"}
    assert not ContactReport.objects.exists()


def test_a_report_cannot_point_at_another_accounts_meeting(api, account, ae):
    mine_elsewhere = MeetingFactory(account=AccountFactory(lead_ae=ae))
    response = api(ae).post(
        "/api/contact-reports/", report_payload(account, mine_elsewhere), format="json"
    )
    assert response.status_code == 400 and set(response.data) == {"meeting"}


def test_a_report_is_corrected_by_the_ae_but_not_by_a_creative(api, team_account, ae, creative):
    report = api(ae).post("/api/contact-reports/", report_payload(team_account), format="json").data
    refused = api(creative).patch(
        f"/api/contact-reports/{report['id']}/", {"summary": "mine"}, format="json"
    )
    fixed = api(ae).patch(
        f"/api/contact-reports/{report['id']}/", {"summary": "Corrected"}, format="json"
    )
    assert refused.status_code == 403
    assert fixed.status_code == 200
    assert ContactReport.objects.get().summary == "Corrected"


# --- Owed reports -----------------------------------------------------------------------------
def test_an_owed_contact_report_shows_up_after_24_hours_and_disappears_once_filed(
    account, ae, ad, api
):
    # given a client call held at `held`
    held = timezone.now() - timedelta(days=3)
    call = MeetingFactory(account=account, held_at=held)
    MeetingFactory(account=account, kind="planning", held_at=held)  # internal: never owed
    # then nothing is owed 23 hours later, the call is 25 hours later (for the AE and the AD)
    assert list(contact_reports_owed(ae, now=held + timedelta(hours=23))) == []
    assert list(contact_reports_owed(ae, now=held + timedelta(hours=25))) == [call]
    assert list(contact_reports_owed(ad, now=held + timedelta(hours=25))) == [call]
    assert [m["id"] for m in api(ae).get("/api/contact-reports/owed/").data["results"]] == [call.pk]
    # when the AE files it
    api(ae).post("/api/contact-reports/", report_payload(account, call), format="json")
    # then it is owed no more
    assert list(contact_reports_owed(ae, now=held + timedelta(hours=25))) == []
    assert api(ae).get("/api/contact-reports/owed/").data["count"] == 0


def test_owed_reports_are_the_aes_not_the_creatives_nor_other_teams(
    team_account, creative, other_ae
):
    MeetingFactory(account=team_account)
    assert not contact_reports_owed(creative).exists()
    assert not contact_reports_owed(other_ae).exists()


# --- Meetings ---------------------------------------------------------------------------------
def test_a_team_member_records_a_meeting_with_attendees_from_the_team(
    api, team_account, creative, ae
):
    response = api(creative).post(
        "/api/meetings/",
        {
            "account": team_account.pk,
            "kind": "creative_review",
            "held_at": timezone.now().isoformat(),
            "attendees": [ae.pk, creative.pk],
            "minutes": "Round 2",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {ae, creative}
    assert meeting.created_by == creative


def test_attendees_off_the_team_and_unknown_kinds_are_refused_per_field(api, account, ae, other_ae):
    outsider = api(ae).post(
        "/api/meetings/",
        {
            "account": account.pk,
            "kind": "planning",
            "held_at": timezone.now().isoformat(),
            "attendees": [other_ae.pk],
        },
        format="json",
    )
    unknown = api(ae).post(
        "/api/meetings/",
        {"account": account.pk, "kind": "party", "held_at": timezone.now().isoformat()},
        format="json",
    )
    assert outsider.status_code == 400 and set(outsider.data) == {"attendees"}
    assert unknown.status_code == 400 and set(unknown.data) == {"kind"}
    assert not Meeting.objects.exists()


# --- Who sees what ----------------------------------------------------------------------------
def test_an_outsider_gets_404_on_meetings_and_reports_and_changes_nothing(
    api, account, ae, other_ae
):
    call = MeetingFactory(account=account)
    report = (
        api(ae)
        .post(
            "/api/contact-reports/",
            report_payload(account, call, [item("Deck", ae, 2)]),
            format="json",
        )
        .data
    )
    before = (
        list(Meeting.objects.values()),
        list(ContactReport.objects.values()),
        list(Task.objects.values()),
    )
    client = api(other_ae)

    assert client.get(f"/api/meetings/{call.pk}/").status_code == 404
    assert (
        client.patch(f"/api/meetings/{call.pk}/", {"minutes": "x"}, format="json").status_code
        == 404
    )
    assert client.get(f"/api/contact-reports/{report['id']}/").status_code == 404
    assert (
        client.patch(
            f"/api/contact-reports/{report['id']}/", {"summary": "x"}, format="json"
        ).status_code
        == 404
    )
    assert client.get("/api/meetings/").data["count"] == 0
    assert client.get("/api/contact-reports/").data["count"] == 0
    assert client.get("/api/contact-reports/owed/").data["count"] == 0
    assert (
        client.post(
            "/api/contact-reports/",
            report_payload(account, call, [item("x", other_ae, 1)]),
            format="json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/meetings/",
            {"account": account.pk, "kind": "planning", "held_at": timezone.now().isoformat()},
            format="json",
        ).status_code
        == 400
    )

    assert (
        list(Meeting.objects.values()),
        list(ContactReport.objects.values()),
        list(Task.objects.values()),
    ) == before


@pytest.mark.parametrize("reports", [2, 12])
def test_the_report_list_costs_the_same_queries_however_many(
    api, team_account, ae, creative, reports, django_assert_max_num_queries
):
    for n in range(reports):
        call = MeetingFactory(
            account=team_account, held_at=timezone.now() - timedelta(days=2, hours=n)
        )
        api(ae).post(
            "/api/contact-reports/",
            report_payload(team_account, call, [item(f"a{n}", creative, 2), item(f"b{n}", ae, 3)]),
            format="json",
        )
    client = api(ae)
    with django_assert_max_num_queries(3):
        response = client.get("/api/contact-reports/")
    assert response.data["count"] == reports
    assert all(len(r["tasks"]) == 2 for r in response.data["results"])


# --- Concurrency (PostgreSQL) ------------------------------------------------------------------
@pytest.mark.postgres
def test_two_aes_filing_for_one_meeting_at_once_file_one_report(postgres_only, account, ae, ad):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    from campaigns import services

    call = MeetingFactory(account=account)
    start = threading.Barrier(2)
    outcomes = []

    def file(by):
        try:
            start.wait()
            services.file_contact_report(
                account=account,
                by=by,
                meeting=call,
                summary=f"by {by}",
                action_items=[{"title": "Deck", "owner": ae, "due_date": in_days(1)}],
            )
            outcomes.append("filed")
        except ValidationError as exc:
            outcomes.append(sorted(exc.message_dict))
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(person,)) for person in (ae, ad)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str) == sorted(["filed", ["meeting"]], key=str)
    assert ContactReport.objects.filter(meeting=call).count() == 1
    assert Task.objects.count() == 1
