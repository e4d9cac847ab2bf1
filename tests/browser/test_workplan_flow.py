"""The AE's day in the browser: open the work plan, add a task, record a client call, file
its contact report with two action items, and find them as tasks on the plan."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import ContactReport, Meeting, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def iso_day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_the_ae_plans_records_a_call_and_files_its_contact_report(
    page, login, screenshot, team_account, ae, creative, media_planner
):
    account = team_account
    # given the AE logged in, on the account's work plan
    login(ae)
    page.goto(f"/accounts/{account.pk}/work-plan/")
    page.get_by_test_id("plan-empty").wait_for()
    screenshot("empty-work-plan")

    # when they add a task for the creative
    form = page.get_by_test_id("add-task-form")
    form.locator("#id_title").fill("Key visual 主视觉")
    form.locator("#id_department").select_option("creative")
    form.locator("#id_owner").select_option(str(creative.pk))
    form.locator("#id_due_date").fill(iso_day(6))
    form.get_by_role("button", name="Add task").click()
    # then it is on the plan, under Creative (swapped in by htmx)
    creative_section = page.get_by_test_id("department-creative")
    creative_section.get_by_text("Key visual 主视觉").wait_for()
    assert Task.objects.get().owner == creative
    screenshot("task-added")

    # when they record this morning's client call
    page.get_by_role("link", name="Meetings").click()
    page.get_by_test_id("new-meeting").click()
    held = timezone.localtime() - timedelta(hours=2)
    page.locator("#id_kind").select_option("client_call")
    page.locator("#id_held_at").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_title").fill("Weekly call with Ms. Wang")
    page.get_by_label(str(ae)).check()
    page.locator("#id_minutes").fill("Client wants the tagline in Chinese first.")
    screenshot("meeting-form")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_test_id("file-report").wait_for()
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.title) == ("client_call", "Weekly call with Ms. Wang")
    screenshot("meeting-recorded")

    # and file its contact report with two action items (a third row added, left blank)
    page.get_by_test_id("file-report").click()
    assert page.locator("#id_meeting").input_value() == str(meeting.pk)
    page.locator("#id_summary").fill("Went through concept B. 客户确认B方案。")
    page.locator("#id_decisions").fill("Concept B goes ahead.")
    page.locator("#id_items-0-title").fill("Chinese tagline first")
    page.locator("#id_items-0-owner").select_option(str(creative.pk))
    page.locator("#id_items-0-due_date").fill(iso_day(3))
    page.locator("#id_items-1-title").fill("Re-quote TV spots")
    page.locator("#id_items-1-owner").select_option(str(media_planner.pk))
    page.locator("#id_items-1-due_date").fill(iso_day(5))
    page.get_by_role("button", name="Add another action item").click()
    page.locator("#id_items-2-title").wait_for()
    screenshot("contact-report-form")
    page.get_by_role("button", name="File contact report").click()
    page.get_by_test_id("report-task").first.wait_for()
    assert page.get_by_test_id("report-task").count() == 2
    screenshot("contact-report-filed")

    # then the action items are tasks on the work plan, owned as filed
    report = ContactReport.objects.get()
    assert report.meeting == meeting
    assert sorted((t.title, t.owner_id) for t in report.tasks.all()) == [
        ("Chinese tagline first", creative.pk),
        ("Re-quote TV spots", media_planner.pk),
    ]
    page.get_by_role("link", name="See them on the work plan").click()
    page.get_by_test_id("department-media").get_by_text("Re-quote TV spots").wait_for()
    assert page.get_by_test_id("task-row").count() == 3
    assert (
        page.get_by_test_id("department-creative").get_by_text("from a contact report").count() == 1
    )
    screenshot("work-plan-with-action-items")

    # and moving a task to done (htmx) moves the account's progress
    row = page.locator("tr", has_text="Key visual 主视觉")
    row.get_by_role("button", name="Done").click()
    page.locator("tr", has_text="Key visual 主视觉").get_by_test_id("task-status").filter(
        has_text="Done"
    ).wait_for()
    assert page.get_by_test_id("progress-account").get_attribute("value") == "33"
    screenshot("task-done")
