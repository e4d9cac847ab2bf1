"""The reports name the accounts a user sees by id (accounts.selectors.SeenAccounts) instead
of working the visibility out in every query. Each visibility function given those ids must
keep exactly the rows it keeps without them, and refuse another user's ids."""

import pytest

from accounts.models import Account
from accounts.selectors import accounts_visible_to, of_visible_accounts, visible_account_ids
from billing.selectors import invoices_visible_to, payments_visible_to
from campaigns.selectors.meetings import meetings_visible_to
from campaigns.selectors.workplan import tasks_visible_to
from media.selectors import deliveries_visible_to, media_buys_visible_to

pytestmark = pytest.mark.django_db
VISIBILITY = [
    invoices_visible_to,
    payments_visible_to,
    media_buys_visible_to,
    deliveries_visible_to,
    tasks_visible_to,
    meetings_visible_to,
]


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("visible_to", VISIBILITY, ids=lambda f: f.__name__)
def test_the_ids_keep_exactly_the_rows_the_visibility_keeps(books, request, visible_to):
    for who in ("ad", "ae", "other_ae", "creative"):
        user = request.getfixturevalue(who)
        seen = visible_account_ids(user)
        assert sorted(seen) == sorted(ids(accounts_visible_to(user)))
        assert ids(visible_to(user, seen)) == ids(visible_to(user)), who
    ad = request.getfixturevalue("ad")
    assert ids(visible_to(ad)), "the books hold rows of this kind for the AD"


def test_another_users_ids_are_refused(books, ae, other_ae):
    with pytest.raises(ValueError):
        invoices_visible_to(ae, visible_account_ids(other_ae))
    with pytest.raises(ValueError):
        of_visible_accounts(ae, "account", visible_account_ids(other_ae))


def test_whoever_sees_every_account_gets_no_ids_to_name(books, finance, admin_user):
    assert visible_account_ids(finance) is None
    assert visible_account_ids(admin_user) is None


def test_the_any_lookup_matches_in_on_this_database(books):
    some = list(Account.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert ids(Account.objects.filter(pk__any=some)) == set(some)
    assert ids(Account.objects.filter(pk__any=[])) == set()
