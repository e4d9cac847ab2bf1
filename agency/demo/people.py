"""The agency's people: the demo logins, a few more staff, and the AD's two account groups.

`ae` and `ae2` are in different groups, both directed by `ad`; the accounts module keeps `ae2`
off every team `ae` is on, so that logging in as each shows what visibility hides.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password

from agency.models import AccountGroup, Department, Level, User
from agency.people import system_user

from . import Demo


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    department: str = ""
    level: str = ""
    superuser: bool = False
    language: str = ""


PEOPLE = [
    Person("admin", "Site", "Admin 管理员", superuser=True),
    Person("ad", "Jianguo", "Wang 王建国", Department.ACCOUNT, Level.ACCOUNT_DIRECTOR),
    Person("ae", "Vivian", "Li 李娜", Department.ACCOUNT, Level.AE),
    Person("ae2", "Kevin", "Chen 陈磊", Department.ACCOUNT, Level.AE, language="zh-hans"),
    Person("creative", "Wei", "Zhang 张伟", Department.CREATIVE),
    Person("media", "Yang", "Liu 刘洋", Department.MEDIA),
    Person("finance", "Min", "Zhao 赵敏", Department.FINANCE),
    Person("senior", "Grace", "Huang 黄静", Department.ACCOUNT, Level.SENIOR_AE),
    Person("manager", "Feng", "Lin 林峰", Department.ACCOUNT, Level.ACCOUNT_MANAGER),
    Person("strategy", "Tom", "Becker", Department.STRATEGY),
    Person("promotion", "Qiang", "Wu 吴强", Department.PROMOTION),
    Person("pr", "Li", "Sun 孙丽", Department.PR, language="zh-hans"),
    Person("production", "Hao", "Zheng 郑浩", Department.PRODUCTION),
]

#: (group name, director, members): `ad` directs both groups, hence ae and ae2.
GROUPS = [
    ("Group East 东区客户组", "ad", ["ae", "senior"]),
    ("Group South 南区客户组", "ad", ["ae2", "manager"]),
]

#: Who joins a team for a department the brief needs.
STAFF_FOR_DEPARTMENT = {
    Department.STRATEGY: "strategy",
    Department.CREATIVE: "creative",
    Department.MEDIA: "media",
    Department.PROMOTION: "promotion",
    Department.PR: "pr",
    Department.PRODUCTION: "production",
}

EMAIL_DOMAIN = "huaguang-ad.example"


def seed(demo: Demo) -> None:
    system_user()
    existing = set(
        User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list(
            "username", flat=True
        )
    )
    missing = [p for p in PEOPLE if p.username not in existing]
    if missing:
        # One hash for all: they share the one well-known demo password, and hashing it a
        # dozen times would take seconds.
        password = make_password(settings.DEMO_PASSWORD)
        User.objects.bulk_create([_user(p, password) for p in missing])
        demo.log(f"people: created {len(missing)} users")
    demo.users.update(User.objects.in_bulk([p.username for p in PEOPLE], field_name="username"))
    for name, director, members in GROUPS:
        group, _created = AccountGroup.objects.get_or_create(
            name=name, defaults={"director": demo.user(director)}
        )
        group.members.add(*(demo.user(m) for m in members))


def _user(person: Person, password: str) -> User:
    return User(
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
        email=f"{person.username}@{EMAIL_DOMAIN}",
        department=person.department,
        level=person.level,
        language=person.language,
        is_superuser=person.superuser,
        is_staff=person.superuser,
        password=password,
    )
