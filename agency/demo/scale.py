"""`seed_demo --scale N`: N generated clients with ACCOUNTS_PER_CLIENT accounts each.

For measuring lists, dashboards and exports on a larger agency. Rows without a lifecycle
(clients, contacts, accounts at first contact, briefs, team members) are bulk-created; every
stage change still goes through `take_transition`. Idempotent like the rest: client names are
a function of their number, and a client that exists is skipped with its accounts.
"""

import random
from datetime import timedelta
from decimal import Decimal

from accounts.models import PIPELINE, Account, Client, Contact, Stage
from agency.models import Department
from agency.people import system_user
from campaigns.models import Brief, TeamMember, TeamRole

from . import Demo, history
from .history import Plan
from .people import STAFF_FOR_DEPARTMENT

ACCOUNTS_PER_CLIENT = 10
CLIENTS_PER_BATCH = 25
LEADS = ["ae", "senior", "ae2", "manager"]

# Lengths 11, 23, 19 and 13 are coprime: client number i is unique below their product.
CITIES = [
    ("上海", "Shanghai"), ("北京", "Beijing"), ("广州", "Guangzhou"), ("深圳", "Shenzhen"),
    ("杭州", "Hangzhou"), ("南京", "Nanjing"), ("成都", "Chengdu"), ("武汉", "Wuhan"),
    ("西安", "Xi'an"), ("重庆", "Chongqing"), ("厦门", "Xiamen"),
]  # fmt: skip
FIRST = [
    ("金", "Jin"), ("华", "Hua"), ("新", "Xin"), ("东", "Dong"), ("瑞", "Rui"), ("嘉", "Jia"),
    ("安", "An"), ("永", "Yong"), ("宏", "Hong"), ("恒", "Heng"), ("盛", "Sheng"),
    ("天", "Tian"), ("云", "Yun"), ("海", "Hai"), ("光", "Guang"), ("明", "Ming"),
    ("佳", "Jia"), ("兴", "Xing"), ("丰", "Feng"), ("鼎", "Ding"), ("和", "He"),
    ("润", "Run"), ("博", "Bo"),
]  # fmt: skip
SECOND = [
    ("达", "da"), ("源", "yuan"), ("泰", "tai"), ("隆", "long"), ("康", "kang"), ("鑫", "xin"),
    ("诚", "cheng"), ("远", "yuan"), ("辉", "hui"), ("德", "de"), ("通", "tong"),
    ("祥", "xiang"), ("宁", "ning"), ("昌", "chang"), ("立", "li"), ("峰", "feng"),
    ("益", "yi"), ("威", "wei"), ("帆", "fan"),
]  # fmt: skip
INDUSTRIES = [
    ("食品", "Foods", "Food & beverage 食品饮料"),
    ("饮品", "Beverages", "Beverages 饮料"),
    ("电子", "Electronics", "Consumer electronics 消费电子"),
    ("化妆品", "Cosmetics", "Beauty & personal care 美妆个护"),
    ("汽车", "Motors", "Automotive 汽车"),
    ("家居", "Home", "Home & living 家居家纺"),
    ("服饰", "Apparel", "Fashion 服装服饰"),
    ("医药", "Pharma", "Healthcare 医药健康"),
    ("乳业", "Dairy", "Dairy 乳制品"),
    ("旅游", "Travel", "Travel & leisure 旅游休闲"),
    ("教育", "Education", "Education 教育培训"),
    ("地产", "Properties", "Real estate 房地产"),
    ("体育", "Sports", "Sportswear & outdoor 运动户外"),
]
CAMPAIGNS = [
    "Spring launch 春季新品上市",
    "618 festival 618 大促",
    "Summer campaign 夏季推广",
    "Mid-Autumn gifts 中秋礼盒",
    "Double 11 sale 双十一大促",
    "Chinese New Year campaign 春节营销",
    "Brand film 品牌宣传片",
    "KOL seeding 达人种草",
    "Store opening 门店开业",
    "Sampling tour 试用巡展",
]
PLANS = [Plan(stage) for stage in PIPELINE] + [
    Plan(Stage.PLANNING, "hold"),
    Plan(Stage.PROPOSAL_PRESENTED, "lose"),
    Plan(Stage.BRIEFED, "lose"),
]
DEPARTMENT_SETS = [
    (Department.CREATIVE, Department.MEDIA),
    (Department.STRATEGY, Department.CREATIVE, Department.MEDIA),
    (Department.PROMOTION, Department.PRODUCTION),
    (Department.PR,),
]


def client_name(i: int) -> tuple[str, str]:
    """(name, industry) of generated client number i."""
    city_zh, city_en = CITIES[i % len(CITIES)]
    first_zh, first_en = FIRST[i % len(FIRST)]
    second_zh, second_en = SECOND[i % len(SECOND)]
    ind_zh, ind_en, industry = INDUSTRIES[i % len(INDUSTRIES)]
    name = (
        f"{city_zh}{first_zh}{second_zh}{ind_zh}有限公司 {first_en}{second_en} {ind_en} ({city_en})"
    )
    return name, industry


def seed(demo: Demo) -> None:
    if demo.scale <= 0:
        return
    wanted = [(i, *client_name(i)) for i in range(demo.scale)]
    existing = set(
        Client.objects.filter(name__in=[n for _, n, _ in wanted]).values_list("name", flat=True)
    )
    todo = [row for row in wanted if row[1] not in existing]
    for start in range(0, len(todo), CLIENTS_PER_BATCH):
        _seed_batch(demo, todo[start : start + CLIENTS_PER_BATCH])
    if todo:
        demo.log(
            f"scale: created {len(todo)} clients with {len(todo) * ACCOUNTS_PER_CLIENT} accounts"
        )


def _seed_batch(demo: Demo, rows) -> None:
    creator = demo.user("ad")
    clients = Client.objects.bulk_create(
        Client(name=name, industry=industry, created_by=creator, tax_id=f"9131{i:014d}")
        for i, name, industry in rows
    )
    Contact.objects.bulk_create(
        Contact(client=c, name="Client contact 客户联系人", title="Marketing Manager 市场经理")
        for c in clients
    )
    plans, accounts = {}, []
    for client, (i, _name, _industry) in zip(clients, rows, strict=True):
        rng = demo.rng(f"scale-{i}")
        for n, campaign in enumerate(CAMPAIGNS[:ACCOUNTS_PER_CLIENT]):
            lead = demo.user(LEADS[(i + n) % len(LEADS)])
            budget = Decimal(rng.randrange(100, 5000) * 1000)
            account = Account(
                client=client, name=campaign, lead_ae=lead, budget=budget, created_by=lead
            )
            accounts.append(account)
            plans[(client.pk, campaign)] = (rng.choice(PLANS), rng.choice(DEPARTMENT_SETS))
    accounts = Account.objects.bulk_create(accounts)
    _bulk_briefs_and_teams(demo, accounts, plans)
    actors = dict(director=demo.user("ad"), finance=demo.user("finance"), system=system_user())
    for account in accounts:
        plan, _departments = plans[(account.client_id, account.name)]
        rng = random.Random(f"walk-{account.client_id}-{account.name}")
        history.walk(account, plan.steps(), history.Actors(lead=account.lead_ae, **actors), rng)
    history.backdate(accounts, demo.now, key=f"scale-{rows[0][0]}-")
    history.backdate_clients(clients)


def _bulk_briefs_and_teams(demo: Demo, accounts: list[Account], plans: dict) -> None:
    briefs, members = [], []
    today = demo.now.date()
    for account in accounts:
        plan, departments = plans[(account.client_id, account.name)]
        start = today + timedelta(days=60 - 15 * PIPELINE.index(plan.stage))
        briefs.append(
            Brief(
                account=account,
                product=f"{account.client.name.split()[-3]} products",
                features="Described in the client's product sheet.",
                sales_period_start=start,
                sales_period_end=start + timedelta(days=60),
                sales_targets="Grow sales 15% year on year in the campaign's regions.",
                budget=account.budget,
                target_audience="Urban consumers aged 25–40.",
                departments_needed=list(departments),
                proposal_requirements="Creative concept, media plan and budget split.",
                updated_by=account.lead_ae,
            )
        )
        members.append(
            TeamMember(account=account, user=account.lead_ae, role_on_account=TeamRole.LEAD_AE)
        )
        if PIPELINE.index(plan.stage) > PIPELINE.index(Stage.BRIEFED):
            members += [
                TeamMember(account=account, user=demo.user(STAFF_FOR_DEPARTMENT[d]))
                for d in departments
            ]
    Brief.objects.bulk_create(briefs)
    TeamMember.objects.bulk_create(members)
