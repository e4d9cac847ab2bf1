"""CountedInPage: a page and the number of rows in one query, the nearest page otherwise."""

import pytest
from django.core.paginator import EmptyPage

from agency.models import User
from agency.web import CountedInPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    for n in range(7):
        UserFactory(username=f"counted{n}")
    return User.objects.filter(username__startswith="counted").order_by("username")


def test_a_page_and_the_count_in_one_query(people, django_assert_num_queries):
    paginator = CountedInPage(people.values("username"), 3)
    with django_assert_num_queries(1):
        page = paginator.get_page("2")
        assert paginator.count == 7 and paginator.num_pages == 3
    assert [row["username"] for row in page] == ["counted3", "counted4", "counted5"]


def test_past_the_end_or_not_a_number_gives_the_nearest_page(people):
    assert [u.username for u in CountedInPage(people, 3).get_page("9")] == ["counted6"]
    assert CountedInPage(people, 3).get_page("x").number == 1
    assert CountedInPage(people, 3).get_page("²").number == 1
    with pytest.raises(EmptyPage):
        CountedInPage(people, 3).page("9")


def test_nothing_to_list(people):
    page = CountedInPage(people.none(), 3).get_page("1")
    assert page.paginator.count == 0 and list(page) == []
