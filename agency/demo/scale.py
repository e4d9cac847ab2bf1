"""`seed_demo --scale N`: N generated clients with ACCOUNTS_PER_CLIENT accounts each.

A believable agency group for measuring: three years of accounts whose stages are spread like
a real pipeline (most of the old ones collected, some lost or cancelled, the recent ones at
every open stage, a few on hold), each with its brief, team, ~20 tasks, contact reports, media
buys, an effect report, invoices with lines, payments (some partial, some overdue) and the
audit rows that go with them.

At this size the rows are written in bulk (agency.demo.bulk: COPY on PostgreSQL), not through
`take_transition` and the other services: 100k accounts through the services would take hours.
What the services would have guaranteed is built here by construction instead, and
tests/perf/test_scale_seed.py checks it:
- each account's StageChange rows are the path the FSM would have taken, in time order, and
  the last one's target is the account's stage (held_from is set for held accounts);
- an account past `book_media` has its buys booked within its budget, one past `invoice` a
  published effect report and issued invoices whose subtotals add up to its budget, and a
  collected one has every invoice paid;
- invoices are inserted already issued (the PostgreSQL trigger forbids changing an issued
  invoice, and refuses lines for one that exists: the lines go in first, in the same
  statement batch, with the invoice foreign key deferred to the end of the batch);
  totals are Σ lines' net + Σ lines' tax (billing.money), paid ≤ total, and each invoice's
  number is taken from its (series, year) counter, which is moved on by as many numbers.

The demo people get a realistic share: ACCOUNTS_PER_AE accounts per AE (generated AEs
`ae-0001`… join the demo ones), AES_PER_AD AEs per AD (the demo `ad` directs the demo AEs and
generated ones up to that number; generated ADs `ad-001`… direct the rest), and generated
staff per department so that the demo `creative` or `media` is on a share of the teams too.
Idempotent: client names are a function of their number; clients that exist are skipped.
"""

import functools
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import PIPELINE, Account, Client, Contact, Stage, StageChange
from agency.models import (
    AccountGroup,
    Department,
    Level,
    Notification,
    Reminder,
    ReminderStatus,
    User,
)
from agency.reminders.registry import discover_rules
from billing.models import (
    BillingEvent,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
    NumberCounter,
    Payment,
    PaymentMethod,
)
from billing.money import format_amount, line_amounts, to_cents, totals
from billing.numbering import SERIES, format_number
from campaigns.models import (
    Brief,
    BudgetLine,
    ContactReport,
    Meeting,
    MeetingKind,
    Proposal,
    ProposalChange,
    ProposalSection,
    ProposalStatus,
    Task,
    TaskStatus,
    TeamMember,
    TeamRole,
)
from media.costs import buy_cost
from media.models import BuyStatus, EffectReport, MediaBuy, MediaOutlet, OutletKind, UnitType

from . import Demo
from .bulk import Rows, check_deferred_constraints
from .history import FORWARD, NOTES, TYPICAL_DAYS

ACCOUNTS_PER_CLIENT = 10
CLIENTS_PER_BATCH = 250
ACCOUNTS_PER_AE = 30
AES_PER_AD = 20
ACCOUNTS_PER_STAFF = 150
HISTORY_DAYS = 3 * 365
TASKS_PER_ACCOUNT = 22
#: Done tasks whose owner had a "due tomorrow" reminder: one in TASK_REMINDER_EVERY.
TASK_REMINDER_EVERY = 4
#: Sent reminders this recent also have their notification in the bell (read or not).
NOTIFICATIONS_KEPT_DAYS = 60
#: A proposal's budget: media, production and the agency's fee, as shares of the account's.
PROPOSAL_SPLIT = [
    ("Media 媒体投放", Department.MEDIA, Decimal("0.70")),
    ("Production 制作", Department.PRODUCTION, Decimal("0.20")),
    ("Agency fee 代理服务费", Department.ACCOUNT, Decimal("0.10")),
]
CLIENT_SIGNATORY = "Client contact 客户联系人"
#: What share of an open account's invoice has been paid: most nothing or all, some 40%.
ALL = Decimal(1)
SHARES_PAID = [Decimal(0), Decimal(0), Decimal("0.4"), ALL, ALL]
VAT = Decimal("0.06")
DEMO_AES = ["ae", "senior", "ae2", "manager"]
STAFF_DEPARTMENTS = [
    Department.STRATEGY,
    Department.CREATIVE,
    Department.MEDIA,
    Department.PROMOTION,
    Department.PR,
    Department.PRODUCTION,
]
DEMO_STAFF = {
    Department.STRATEGY: "strategy",
    Department.CREATIVE: "creative",
    Department.MEDIA: "media",
    Department.PROMOTION: "promotion",
    Department.PR: "pr",
    Department.PRODUCTION: "production",
}

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
DEPARTMENT_SETS = [
    (Department.CREATIVE, Department.MEDIA),
    (Department.STRATEGY, Department.CREATIVE, Department.MEDIA),
    (Department.PROMOTION, Department.PRODUCTION),
    (Department.PR, Department.MEDIA),
]
TASK_TITLES = [
    "Competitor review 竞品分析",
    "Consumer research 消费者调研",
    "Creative concept 创意概念",
    "Key visual 主视觉设计",
    "Copywriting 文案撰写",
    "Media plan draft 媒体计划初稿",
    "Budget split 预算分配",
    "Shooting schedule 拍摄排期",
    "Print proofs 印刷打样",
    "KOL shortlist 达人名单",
    "Press release 新闻稿",
    "Event venue booking 活动场地预订",
    "Store POP materials 门店物料",
    "Client approval round 客户确认",
    "Delivery report 投放报告",
]
OUTLETS = [
    "CCTV-1 央视综合频道",
    "Hunan TV 湖南卫视",
    "Dragon TV 东方卫视",
    "Shanghai Metro 上海地铁",
    "Beijing Airport 首都机场",
    "WeChat Moments 朋友圈广告",
    "Douyin 抖音信息流",
    "Xiaohongshu 小红书",
    "Weibo 微博热搜",
    "Bilibili 哔哩哔哩",
    "People's Daily 人民日报",
    "Focus Media 分众传媒",
]
REPORT_SUMMARIES = [
    "Reviewed the media plan with the brand manager; digital share agreed.",
    "与客户品牌经理沟通创意方向，确认主视觉。",
    "Walked the client through the production schedule; shoot dates confirmed.",
    "客户对投放数据表示满意，要求增加下季度预算。",
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


# --- People --------------------------------------------------------------------------------
@dataclass
class Staff:
    aes: list[User]
    by_department: dict[str, list[User]]
    outlets: list[MediaOutlet]
    counters: dict[tuple[str, int], NumberCounter] = field(default_factory=dict)


def _people(demo: Demo) -> Staff:
    """The AEs, ADs and staff the scaled agency needs (created if missing)."""
    accounts = demo.scale * ACCOUNTS_PER_CLIENT
    n_aes = max(len(DEMO_AES), math.ceil(accounts / ACCOUNTS_PER_AE))
    n_staff = max(1, math.ceil(accounts / ACCOUNTS_PER_STAFF))
    wanted: list[User] = []
    for k in range(1, n_aes - len(DEMO_AES) + 1):
        wanted.append(
            User(
                username=f"ae-{k:04d}",
                first_name="AE",
                last_name=f"{k:04d}",
                department=Department.ACCOUNT,
                level=[Level.AE, Level.SENIOR_AE, Level.ACCOUNT_MANAGER][k % 3],
            )
        )
    n_groups = math.ceil((n_aes - AES_PER_AD) / AES_PER_AD) if n_aes > AES_PER_AD else 0
    for k in range(1, n_groups + 1):
        wanted.append(
            User(
                username=f"ad-{k:03d}",
                first_name="AD",
                last_name=f"{k:03d}",
                department=Department.ACCOUNT,
                level=Level.ACCOUNT_DIRECTOR,
            )
        )
    for department in STAFF_DEPARTMENTS:
        for k in range(1, n_staff):
            wanted.append(
                User(
                    username=f"{department}-{k:03d}",
                    first_name=str(Department(department).label),
                    last_name=f"{k:03d}",
                    department=department,
                )
            )
    existing = set(
        User.objects.filter(username__in=[u.username for u in wanted]).values_list(
            "username", flat=True
        )
    )
    missing = [u for u in wanted if u.username not in existing]
    if missing:
        password = make_password(settings.DEMO_PASSWORD)
        for user in missing:
            user.password = password
            user.email = f"{user.username}@huaguang-ad.example"
        User.objects.bulk_create(missing, batch_size=1000)
        demo.log(f"scale: created {len(missing)} people")
    users = User.objects.in_bulk([u.username for u in wanted], field_name="username")
    aes = [demo.user(u) for u in DEMO_AES] + [
        users[f"ae-{k:04d}"] for k in range(1, n_aes - len(DEMO_AES) + 1)
    ]
    _groups(demo, aes[len(DEMO_AES) :], users, n_groups)
    by_department = {
        d: [demo.user(DEMO_STAFF[d])] + [users[f"{d}-{k:03d}"] for k in range(1, n_staff)]
        for d in STAFF_DEPARTMENTS
    }
    return Staff(aes=aes, by_department=by_department, outlets=_outlets())


def _groups(demo: Demo, generated_aes: list[User], users: dict, n_groups: int) -> None:
    """The demo `ad` directs the demo AEs plus generated ones up to AES_PER_AD; generated
    ADs direct the others, AES_PER_AD each."""
    own = AES_PER_AD - len(DEMO_AES)
    east = AccountGroup.objects.filter(director=demo.user("ad")).order_by("id").first()
    if east is not None and generated_aes[:own]:
        east.members.add(*generated_aes[:own])
    rest = generated_aes[own:]
    for k in range(1, n_groups + 1):
        members = rest[(k - 1) * AES_PER_AD : k * AES_PER_AD]
        if not members:
            break
        group, _ = AccountGroup.objects.get_or_create(
            name=f"Group {k:03d} 客户{k:03d}组", defaults={"director": users[f"ad-{k:03d}"]}
        )
        group.members.add(*members)


def _outlets() -> list[MediaOutlet]:
    outlets = []
    kinds = list(OutletKind.values)
    for n, name in enumerate(OUTLETS):
        outlet, _ = MediaOutlet.objects.get_or_create(
            name=name,
            defaults={
                "kind": kinds[n % len(kinds)],
                "vendor_name": name.split(" ")[0] + " Sales",
                "commission_rate": Decimal("0.15"),
            },
        )
        outlets.append(outlet)
    return outlets


# --- An account's past ---------------------------------------------------------------------
#: The next stage on the main line, and the transition that leads there.
NEXT = {stage: (FORWARD[stage], PIPELINE[i + 1]) for i, stage in enumerate(PIPELINE[:-1])}
BEFORE_APPROVAL = PIPELINE[: PIPELINE.index(Stage.APPROVED)]


@dataclass
class Step:
    transition: str
    source: str
    target: str
    at: datetime


def plan_history(rng: random.Random, now: datetime) -> tuple[datetime, list[Step]]:
    """When the account started, and the stage changes the FSM would have recorded since.

    Started uniformly over the past three years, an account goes down the main line at
    about the typical pace (history.TYPICAL_DAYS) until today; on the way it may be sent
    back for a revision, lost before approval, cancelled, or put on hold (and maybe resumed).
    """
    start = now - timedelta(days=rng.uniform(2, HISTORY_DAYS))
    moment, stage, steps = start, Stage.FIRST_CONTACT, []

    def take(name: str, target: str, days: float) -> bool:
        nonlocal moment, stage
        at = moment + timedelta(days=max(0.5, days * rng.uniform(0.6, 1.4)))
        if at >= now - timedelta(hours=6):
            return False
        at = timezone.localtime(at).replace(
            hour=rng.randint(9, 18), minute=rng.randrange(0, 60, 5), second=0, microsecond=0
        )
        at = max(min(at, now - timedelta(hours=1)), moment + timedelta(minutes=5))
        steps.append(Step(name, stage, target, at))
        moment, stage = at, target
        return True

    revised = rng.random() < 0.15
    while stage != Stage.COLLECTED:
        if stage in BEFORE_APPROVAL and rng.random() < 0.035:
            take("lose", Stage.LOST, TYPICAL_DAYS["lose"])
            break
        if rng.random() < 0.006:
            take("cancel", Stage.CANCELLED, TYPICAL_DAYS["cancel"])
            break
        if rng.random() < 0.01:
            held_from = stage
            if not take("hold", Stage.ON_HOLD, TYPICAL_DAYS["hold"]):
                break
            if not take("resume", held_from, TYPICAL_DAYS["resume"]):
                break
        if stage == Stage.PROPOSAL_PRESENTED and revised:
            revised = False
            if not take("request_revision", Stage.PLANNING, TYPICAL_DAYS["request_revision"]):
                break
            continue
        name, target = NEXT[stage]
        if not take(name, target, TYPICAL_DAYS[name]):
            break
    return start, steps


def reached(steps: list[Step]) -> str:
    """The furthest stage of the main line the account got to."""
    furthest = 0
    for step in steps:
        if step.target in PIPELINE:
            furthest = max(furthest, PIPELINE.index(step.target))
    return PIPELINE[furthest]


def _past(stage: str, furthest: str) -> bool:
    return PIPELINE.index(furthest) >= PIPELINE.index(stage)


# --- Writing -------------------------------------------------------------------------------
class Tables:
    def __init__(self, now: datetime):
        models = [
            Client, Contact, Account, StageChange, Brief, TeamMember, Task, Meeting,
            ContactReport, Proposal, ProposalSection, BudgetLine, ProposalChange, MediaBuy,
            EffectReport, InvoiceLine, Invoice, Payment, BillingEvent, Reminder, Notification,
        ]  # fmt: skip
        self.rows = {model: Rows(model, now=now) for model in models}
        self.rules = discover_rules()

    def __getitem__(self, model) -> Rows:
        return self.rows[model]

    def flush(self) -> None:
        for rows in self.rows.values():
            rows.flush()
        check_deferred_constraints()


def seed(demo: Demo) -> None:
    if demo.scale <= 0:
        return
    wanted = [(i, *client_name(i)) for i in range(demo.scale)]
    existing = set(
        Client.objects.filter(name__in=[n for _, n, _ in wanted]).values_list("name", flat=True)
    )
    todo = [row for row in wanted if row[1] not in existing]
    if not todo:
        return
    staff = _people(demo)
    tables = Tables(demo.now)
    for start in range(0, len(todo), CLIENTS_PER_BATCH):
        for i, name, industry in todo[start : start + CLIENTS_PER_BATCH]:
            _client(demo, staff, tables, i, name, industry)
        tables.flush()
        demo.log(f"scale: {min(start + CLIENTS_PER_BATCH, len(todo))}/{len(todo)} clients")
    for counter in staff.counters.values():
        counter.save(update_fields=["last"])
    analyze()
    demo.bulk_written = True
    counts = ", ".join(
        f"{rows.written} {rows.model._meta.verbose_name_plural}"
        for rows in tables.rows.values()
        if rows.written
    )
    demo.log(f"scale: created {counts}")


def analyze() -> None:
    """Refresh the planner's statistics of every table: until autovacuum gets to them,
    PostgreSQL plans with the row counts of the empty tables (sequential scans where an index
    answers; a nested loop over 3,000 AEs it thought were one made an AD's filter 1.2 s)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum(demo: Demo) -> None:
    """VACUUM what the scaled agency wrote, after its transaction (VACUUM cannot run inside
    one): the visibility map it sets lets counts and narrow lookups read an index alone (a
    count of a million invoices went from ~75 ms to ~35 ms). Autovacuum would get there by
    itself after a while; a benchmark should not depend on when."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # inside a caller's transaction (a test) VACUUM is not possible
    demo.log("scale: VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _client(demo: Demo, staff: Staff, tables: Tables, i: int, name: str, industry: str) -> None:
    rng = random.Random(f"scale-{i}")
    now = demo.now
    histories = [plan_history(rng, now) for _ in range(ACCOUNTS_PER_CLIENT)]
    since = min(start for start, _ in histories) - timedelta(days=3)
    client_id = tables[Client].add(
        name=name,
        industry=industry,
        # The lead AE of its first account brought the client in: an AD's client list is
        # their AEs' clients, not the agency's 10,000.
        created_by=staff.aes[i * ACCOUNTS_PER_CLIENT % len(staff.aes)].pk,
        tax_id=f"9131{i:014d}",
        created_at=since,
        updated_at=since,
    )
    tables[Contact].add(
        client=client_id,
        name="Client contact 客户联系人",
        title="Marketing Manager 市场经理",
        created_at=since,
        updated_at=since,
    )
    for n, (start, steps) in enumerate(histories):
        account_index = i * ACCOUNTS_PER_CLIENT + n
        lead = staff.aes[account_index % len(staff.aes)]
        departments = DEPARTMENT_SETS[rng.randrange(len(DEPARTMENT_SETS))]
        team = [
            staff.by_department[d][rng.randrange(len(staff.by_department[d]))] for d in departments
        ]
        client = (client_id, name)
        _account(
            demo, staff, tables, rng, client, CAMPAIGNS[n], lead, team, departments, start, steps
        )


def _account(demo, staff, tables, rng, client, name, lead, team, departments, start, steps):
    client_id, client_name = client
    now = demo.now
    today = timezone.localdate(now)
    budget = Decimal(rng.randrange(100, 5000) * 1000)
    stage = steps[-1].target if steps else Stage.FIRST_CONTACT
    last = steps[-1].at if steps else start
    held_from = steps[-1].source if stage == Stage.ON_HOLD else ""
    furthest = reached(steps)
    when = {}
    for step in steps:
        when.setdefault(step.transition, step.at)
    account_id = tables[Account].add(
        client=client_id,
        name=name,
        stage=stage,
        lead_ae=lead.pk,
        budget=budget,
        stage_entered_at=last,
        held_from=held_from,
        created_by=lead.pk,
        created_at=start,
        updated_at=last,
    )
    director, finance = demo.user("ad"), demo.user("finance")
    for step in steps:
        by = {"collect": finance, "cancel": director}.get(step.transition, lead)
        tables[StageChange].add(
            account=account_id,
            transition=step.transition,
            source=step.source,
            target=step.target,
            by=by.pk,
            at=step.at,
            note=rng.choice(NOTES[step.transition]),
        )
    brief_at = when.get("record_brief", start + timedelta(hours=3))
    sales_start = (brief_at + timedelta(days=60)).date()
    tables[Brief].add(
        account=account_id,
        product="Products 产品线",
        features="Described in the client's product sheet.",
        sales_period_start=sales_start,
        sales_period_end=sales_start + timedelta(days=60),
        sales_targets="Grow sales 15% year on year in the campaign's regions.",
        budget=budget,
        target_audience="Urban consumers aged 25–40.",
        departments_needed=list(departments),
        proposal_requirements="Creative concept, media plan and budget split.",
        updated_by=lead.pk,
        created_at=start + timedelta(hours=2),
        updated_at=brief_at,
    )
    tables[TeamMember].add(
        account=account_id, user=lead.pk, role_on_account=TeamRole.LEAD_AE, added_at=start
    )
    if not _past(Stage.TEAM_FORMED, furthest):
        return
    team_at = when["form_team"] - timedelta(hours=4)
    members = list({u.pk: u for u in team}.values())
    for user in members:
        tables[TeamMember].add(account=account_id, user=user.pk, added_by=lead.pk, added_at=team_at)
    closed = stage in (Stage.COLLECTED, Stage.LOST, Stage.CANCELLED)
    account = (account_id, name)
    _reports_and_tasks(tables, rng, account, lead, members, team_at, last, today, closed)
    if _past(Stage.PLANNING, furthest):
        _proposals(tables, account_id, name, lead, demo.user("ad"), departments, budget, steps)
    if _past(Stage.IN_PRODUCTION, furthest):
        _media(staff, tables, rng, account_id, lead, budget, when, furthest, stage)
    if _past(Stage.INVOICED, furthest):
        names = {"account": name, "client": client_name}
        ids = (account_id, client_id)
        _billing(demo, staff, tables, rng, ids, names, lead, budget, when, stage)


def _reports_and_tasks(tables, rng, account, lead, members, since, last, today, closed):
    account_id, account_name = account
    report_ids = []
    span = max((last - since).total_seconds(), 3600.0)
    for k in range(rng.randint(2, 4)):
        at = since + timedelta(seconds=span * (k + 1) / 5)
        held_at = at - timedelta(hours=3)
        meeting_id = tables[Meeting].add(
            account=account_id,
            kind=MeetingKind.CLIENT_CALL if k % 2 else MeetingKind.CLIENT_PRESENTATION,
            held_at=held_at,
            minutes="Minutes in the contact report. 会议纪要见接触报告。",
            created_by=lead.pk,
            created_at=held_at,
            updated_at=held_at,
        )
        report_ids.append(
            tables[ContactReport].add(
                account=account_id,
                meeting=meeting_id,
                summary=rng.choice(REPORT_SUMMARIES),
                decisions="Next steps agreed; see the action items. 下一步行动见任务。",
                filed_by=lead.pk,
                created_at=at,
                updated_at=at,
            )
        )
    people = [lead, *members]
    for k in range(TASKS_PER_ACCOUNT + rng.randint(-3, 3)):
        owner = people[rng.randrange(len(people))]
        created = since + timedelta(seconds=span * rng.random())
        due = (created + timedelta(days=rng.randint(2, 20))).date()
        if closed or due < today - timedelta(days=30):
            status = TaskStatus.DONE
        else:
            status = rng.choice(
                [TaskStatus.TODO, TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED,
                 TaskStatus.DONE]
            )  # fmt: skip
        title = TASK_TITLES[k % len(TASK_TITLES)]
        task_id = tables[Task].add(
            account=account_id,
            title=title,
            department=owner.department or Department.ACCOUNT,
            owner=owner.pk,
            due_date=due,
            status=status,
            contact_report=report_ids[k % len(report_ids)] if k < len(report_ids) * 2 else None,
            created_by=lead.pk,
            created_at=created,
            updated_at=created,
        )
        if status == TaskStatus.DONE and k % TASK_REMINDER_EVERY == 0 and due <= today:
            context = {"task": title, "account": account_name, "due": due.isoformat()}
            link = _link("account-workplan", "account_id").format(account_id)
            zone = timezone.get_current_timezone()
            sent_at = datetime.combine(due - timedelta(days=1), datetime.min.time(), zone)
            _sent_reminder(
                tables, "task_due_tomorrow", ("task", task_id, due.isoformat()), owner.pk,
                account_id, context, link, sent_at + timedelta(hours=8), today,
            )  # fmt: skip


def _proposals(tables, account_id, name, lead, director, departments, budget, steps):
    """The proposal's versions as the FSM would have left them: each presentation that was
    sent back is a version in revision_requested, the last one presented, accepted (by the
    client's signatory when the account was approved), rejected (lost after it was
    presented) or still a draft; every step in the change log."""
    presented = [s.at for s in steps if s.transition == "present_proposal"]
    revisions = [s.at for s in steps if s.transition == "request_revision"]
    fate = {s.transition: s.at for s in steps if s.transition in ("approve", "lose")}
    first_at = next((s.at for s in steps if s.transition == "start_planning"), steps[-1].at)
    revision_of = None
    for version in range(1, len(revisions) + 2):
        shown_at = presented[version - 1] if version <= len(presented) else None
        status, decided, decision = _fate(version, revisions, shown_at, fate)
        created_at = revisions[version - 2] if version > 1 else first_at
        flow = _proposal_flow(shown_at, decided, decision, lead, director) if shown_at else []
        proposal_id = tables[Proposal].add(
            account=account_id,
            version=version,
            title=f"{name} — v{version}",
            status=status,
            revision_of=revision_of,
            submitted_at=shown_at and shown_at - timedelta(days=3),
            approved_internally_by=director.pk if shown_at else None,
            approved_internally_at=shown_at and shown_at - timedelta(days=2),
            presented_at=shown_at,
            client_approved_by=CLIENT_SIGNATORY if status == ProposalStatus.ACCEPTED else "",
            decided_at=decided,
            decision_reason="See the contact report. 详见接触报告。" if decided else "",
            created_by=lead.pk,
            created_at=created_at,
            updated_at=flow[-1][3] if flow else created_at,
        )
        for position, department in enumerate(departments):
            tables[ProposalSection].add(
                proposal=proposal_id,
                position=position,
                department=department,
                title=str(Department(department).label),
                body="Approach, deliverables and timing. 思路、交付物与时间安排。",
            )
        _budget_lines(tables, proposal_id, budget)
        for transition, source, target, at, by in flow:
            tables[ProposalChange].add(
                proposal=proposal_id, transition=transition, source=source, target=target,
                by=by.pk, at=at,
            )  # fmt: skip
        revision_of = proposal_id


def _fate(version: int, revisions: list, shown_at, fate: dict):
    """(status, decided at, the client's decision) of one version of the proposal."""
    if version <= len(revisions):
        return ProposalStatus.REVISION_REQUESTED, revisions[version - 1], "request_revision"
    if shown_at and "approve" in fate:
        return ProposalStatus.ACCEPTED, fate["approve"], "accept"
    if shown_at and "lose" in fate:
        return ProposalStatus.REJECTED, fate["lose"], "reject"
    if shown_at:
        return ProposalStatus.PRESENTED, None, None
    return ProposalStatus.DRAFT, None, None


def _proposal_flow(shown_at, decided, decision, lead, director):
    """(transition, source, target, at, by) of a version that was presented."""
    flow = [
        ("submit", ProposalStatus.DRAFT, ProposalStatus.SUBMITTED,
         shown_at - timedelta(days=3), lead),
        ("approve_internally", ProposalStatus.SUBMITTED, ProposalStatus.APPROVED_INTERNALLY,
         shown_at - timedelta(days=2), director),
        ("present", ProposalStatus.APPROVED_INTERNALLY, ProposalStatus.PRESENTED, shown_at, lead),
    ]  # fmt: skip
    if decision:
        target = {
            "accept": ProposalStatus.ACCEPTED,
            "request_revision": ProposalStatus.REVISION_REQUESTED,
            "reject": ProposalStatus.REJECTED,
        }[decision]
        flow.append((decision, ProposalStatus.PRESENTED, target, decided, lead))
    return flow


def _budget_lines(tables, proposal_id, budget: Decimal) -> None:
    """PROPOSAL_SPLIT of the budget; the last line takes the rounding, so they add up to it."""
    amounts = [to_cents(budget * share) for _, _, share in PROPOSAL_SPLIT[:-1]]
    amounts.append(budget - sum(amounts, Decimal("0")))
    for position, ((description, department, _), amount) in enumerate(
        zip(PROPOSAL_SPLIT, amounts, strict=True)
    ):
        tables[BudgetLine].add(
            proposal=proposal_id,
            position=position,
            description=description,
            department=department,
            amount=amount,
        )


def _sent_reminder(tables, rule, subject, recipient, account_id, context, link, sent_at, today):
    """A reminder that went out (and, when recent, its notification in the bell)."""
    subject_type, subject_id, occurrence = subject
    reminder_id = tables[Reminder].add(
        rule=rule,
        subject_type=subject_type,
        subject_id=subject_id,
        occurrence=occurrence,
        recipient=recipient,
        account_id=account_id,
        context=context,
        link=link,
        due_at=sent_at,
        status=ReminderStatus.SENT,
        attempts=1,
        sent_at=sent_at,
        created_at=sent_at,
    )
    if sent_at.date() >= today - timedelta(days=NOTIFICATIONS_KEPT_DAYS):
        title, body = tables.rules[rule].render(context)
        tables[Notification].add(
            recipient=recipient,
            reminder=reminder_id,
            title=title,
            body=body,
            link=link,
            read_at=sent_at + timedelta(hours=2) if sent_at.day % 3 else None,
            created_at=sent_at,
        )


@functools.cache
def _link(route: str, kwarg: str) -> str:
    """A route's path as a format string of its one id (reverse() once, not per row)."""
    return reverse(route, kwargs={kwarg: 987654321}).replace("987654321", "{}")


def _media(staff, tables, rng, account_id, lead, budget, when, furthest, stage):
    """~10 buys whose gross adds up to at most 90% of the budget (book_media's guard)."""
    n = rng.randint(9, 17)
    booked = _past(Stage.MEDIA_BOOKED, furthest)
    if stage in (Stage.CANCELLED,) and not booked:
        status = BuyStatus.CANCELLED
    elif not booked:
        status = BuyStatus.NEGOTIATED
    elif not _past(Stage.RUNNING, furthest):
        status = BuyStatus.BOOKED
    elif not _past(Stage.EVALUATING, furthest):
        status = BuyStatus.RUNNING
    elif not _past(Stage.INVOICED, furthest):
        status = BuyStatus.COMPLETED
    else:
        status = BuyStatus.RECONCILED
    planned_at = when.get("start_production", when.get("approve"))
    booked_at = when.get("book_media")
    flights_from = (booked_at or planned_at).date() + timedelta(days=7)
    share = to_cents(budget * Decimal("0.9") / n)
    for k in range(n):
        outlet = staff.outlets[rng.randrange(len(staff.outlets))]
        quantity = rng.randint(5, 60)
        unit_rate = to_cents(share / quantity)
        cost = buy_cost(
            unit_type=UnitType.SPOT,
            quantity=quantity,
            unit_rate=unit_rate,
            commission_rate=outlet.commission_rate,
        )
        flight_start = flights_from + timedelta(days=rng.randint(0, 20))
        tables[MediaBuy].add(
            account=account_id,
            outlet=outlet.pk,
            placement=f"Placement {k + 1} 第{k + 1}档",
            flight_start=flight_start,
            flight_end=flight_start + timedelta(days=rng.randint(7, 30)),
            unit_type=UnitType.SPOT,
            quantity=quantity,
            unit_rate=unit_rate,
            commission_rate=outlet.commission_rate,
            currency="CNY",
            gross=cost.gross,
            commission=cost.commission,
            net=cost.net,
            status=status,
            booked_at=booked_at if booked else None,
            booked_by=lead.pk if booked else None,
            created_by=lead.pk,
            created_at=planned_at,
            updated_at=booked_at or planned_at,
        )


def _billing(demo, staff, tables, rng, ids, names, lead, budget, when, stage):
    """Issued invoices whose subtotals add up to the budget (the invoice guard), paid in
    full for a collected account; for one still invoiced, some paid, some partly, some not
    (most of those overdue by now)."""
    account_id, client_id = ids
    finance = demo.user("finance")
    evaluated_at = when["start_evaluation"]
    invoiced_at = when["invoice"]
    collected_at = when.get("collect")
    tables[EffectReport].add(
        account=account_id,
        summary="Delivery matched the plan; reach 8% above target. 投放达成率 108%。",
        results="Sales up 17% year on year in the campaign's regions.",
        created_by=lead.pk,
        created_at=evaluated_at,
        updated_at=invoiced_at,
        published_at=invoiced_at - timedelta(hours=2),
        published_by=lead.pk,
    )
    n = rng.randint(9, 20)
    share = to_cents(budget / n)
    subtotals = [share] * (n - 1) + [budget - share * (n - 1)]
    now = demo.now
    today = timezone.localdate(now)
    span = max((invoiced_at - evaluated_at).total_seconds(), 3600.0)
    for k, subtotal in enumerate(subtotals):
        issued_at = evaluated_at + timedelta(seconds=span * (k + 1) / (n + 1))
        issue_date = timezone.localdate(issued_at)
        commission = to_cents(subtotal * Decimal("0.15"))
        lines = [
            (LineKind.MEDIA_NET, "Media (net cost) 媒体净价", subtotal - commission),
            (LineKind.COMMISSION, "Agency commission 代理佣金", commission),
        ]
        amounts = [line_amounts(Decimal(1), price, VAT) for _kind, _text, price in lines]
        total = totals(amounts)
        if stage == Stage.COLLECTED:
            pays = _payments(rng, total.total, issue_date, timezone.localdate(collected_at), ALL)
        else:
            pays = _payments(rng, total.total, issue_date, today, rng.choice(SHARES_PAID))
        paid = sum((amount for amount, _ in pays), Decimal("0"))
        status = (
            InvoiceStatus.PAID
            if paid == total.total
            else InvoiceStatus.PARTIALLY_PAID
            if paid
            else InvoiceStatus.ISSUED
        )
        number = _take_number(staff, issue_date.year)
        invoice_id = tables[Invoice].add(
            kind=InvoiceKind.INVOICE,
            account=account_id,
            client=client_id,
            number=number,
            status=status,
            issue_date=issue_date,
            due_date=issue_date + timedelta(days=30),
            subtotal=total.subtotal,
            tax=total.tax,
            total=total.total,
            amount_paid=paid,
            created_by=lead.pk,
            issued_by=finance.pk,
            issued_at=issued_at,
            created_at=issued_at - timedelta(hours=3),
            updated_at=issued_at,
        )
        for position, ((kind, text, price), amount) in enumerate(zip(lines, amounts, strict=True)):
            tables[InvoiceLine].add(
                invoice=invoice_id,
                position=position,
                kind=kind,
                description=text,
                unit_price=price,
                vat_rate=VAT,
                amount=amount.net,
                tax=amount.tax,
            )
        tables[BillingEvent].add(
            invoice=invoice_id,
            kind=BillingEvent.Kind.ISSUED,
            source=InvoiceStatus.DRAFT,
            target=InvoiceStatus.ISSUED,
            amount=total.total,
            balance_after=total.total,
            by=finance.pk,
            at=issued_at,
        )
        if status == InvoiceStatus.PAID:
            invoice = (invoice_id, number, issue_date + timedelta(days=30), total.total)
            _due_soon_reminder(tables, invoice, names, pays, lead, account_id, today)
        balance, source = total.total, InvoiceStatus.ISSUED
        for p, (amount, received_on) in enumerate(pays):
            balance -= amount
            target = InvoiceStatus.PAID if balance == 0 else InvoiceStatus.PARTIALLY_PAID
            recorded_at = datetime.combine(
                received_on, datetime.min.time(), tzinfo=now.tzinfo
            ) + timedelta(hours=15)
            payment_id = tables[Payment].add(
                invoice=invoice_id,
                amount=amount,
                received_on=received_on,
                method=PaymentMethod.BANK_TRANSFER,
                reference=f"{number}/{p + 1}",
                idempotency_key=f"seed-{number}-{p + 1}",
                request_fingerprint="seed",
                recorded_by=finance.pk,
                recorded_at=recorded_at,
            )
            tables[BillingEvent].add(
                invoice=invoice_id,
                kind=BillingEvent.Kind.PAYMENT_RECORDED,
                source=source,
                target=target,
                amount=amount,
                balance_after=balance,
                payment=payment_id,
                by=finance.pk,
                at=recorded_at,
            )
            source = target


def _due_soon_reminder(tables, invoice, names, pays, lead, account_id, today):
    """The "due in 3 days" reminder a paid invoice had, if it was still open by then."""
    invoice_id, number, due, total = invoice
    reminded_on = due - timedelta(days=3)
    if max(received_on for _, received_on in pays) <= reminded_on or reminded_on >= today:
        return
    paid_by_then = sum((a for a, received_on in pays if received_on <= reminded_on), Decimal(0))
    context = {
        **names,
        "number": number,
        "due": due.isoformat(),
        "balance": format_amount(total - paid_by_then),
        "currency": "CNY",
    }
    sent_at = datetime.combine(reminded_on, datetime.min.time(), timezone.get_current_timezone())
    link = _link("invoice", "pk").format(invoice_id)
    subject = ("invoice", invoice_id, "due-3")
    _sent_reminder(
        tables, "invoice_due_soon", subject, lead.pk, account_id, context, link,
        sent_at + timedelta(hours=9), today,
    )  # fmt: skip


def _payments(rng, total: Decimal, issued: date, until: date, share: Decimal):
    """(amount, received_on) of the payments of an invoice: `share` of it, in one or two."""
    if share <= 0 or until <= issued:
        return []
    amount = to_cents(total * share)
    days = (until - issued).days
    if share >= 1 and rng.random() < 0.3 and amount > Decimal("1.00"):
        first = to_cents(amount * Decimal("0.5"))
        return [
            (first, issued + timedelta(days=rng.randint(0, days // 2))),
            (amount - first, issued + timedelta(days=rng.randint(days // 2, days))),
        ]
    return [(amount, issued + timedelta(days=rng.randint(0, days)))]


def _take_number(staff: Staff, year: int) -> str:
    """The next invoice number of `year`; the counters are saved at the end of the seed."""
    series = SERIES[InvoiceKind.INVOICE]
    counter = staff.counters.get((series, year))
    if counter is None:
        counter, _ = NumberCounter.objects.select_for_update().get_or_create(
            series=series, year=year
        )
        staff.counters[(series, year)] = counter
    counter.last += 1
    return format_number(series, year, counter.last)


# Kept for the small demo's callers: the scaled agency is seeded after the demo accounts.
__all__ = ["ACCOUNTS_PER_CLIENT", "client_name", "seed"]
