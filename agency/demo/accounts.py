"""About thirty accounts spread over the lifecycle, with their briefs, teams and histories.

Accounts are opened, briefed, staffed and moved through the real services; their history is
then moved back in time (agency.demo.history). `ae` and `ae2` never share a team.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import PIPELINE, Account, Stage
from accounts.services import create_account
from agency.models import Department
from agency.people import system_user
from campaigns.services import add_team_member, save_brief

from . import Demo, history
from .history import Plan
from .people import STAFF_FOR_DEPARTMENT

S = Stage
CR, MD, ST = Department.CREATIVE, Department.MEDIA, Department.STRATEGY
PM, PR, PD = Department.PROMOTION, Department.PR, Department.PRODUCTION


@dataclass(frozen=True)
class DemoAccount:
    client: str
    name: str
    lead: str
    plan: Plan
    budget: str
    departments: tuple[str, ...]
    product: str
    features: str
    targets: str
    audience: str
    co_aes: tuple[str, ...] = ()


# Leads: `ae` and `senior` (Group East), `ae2` and `manager` (Group South). A second AE comes
# from the lead's own group only, which keeps `ae2` off every team `ae` is on.
# fmt: off
ACCOUNTS = [
    DemoAccount(
        "mingchuan", "Mid-Autumn mooncake gift boxes 中秋月饼礼盒",
        "ae", Plan(S.COLLECTED), "1800000", (CR, MD, PM),
        "Mingchuan mooncake gift boxes 明川月饼礼盒",
        "Low-sugar lotus paste and custard flavours; a reusable lacquer-style box.",
        "600,000 boxes in East China before the Mid-Autumn Festival, 20% of them online.",
        "Families and corporate gift buyers aged 30–50 in tier-1 and tier-2 cities.",
    ),
    DemoAccount(
        "mingchuan", "Spring snack launch 春季零食新品上市",
        "ae", Plan(S.RUNNING), "950000", (ST, CR, MD),
        "Crispy seaweed rice rolls 海苔米卷",
        "Baked, not fried; 99 kcal a pack; three flavours.",
        "1.5 million packs in the first quarter; listed in 3,000 convenience stores.",
        "Office workers aged 22–35 who snack at their desks.",
    ),
    DemoAccount(
        "mingchuan", "Chinese New Year sampling 春节试吃推广",
        "senior", Plan(S.FIRST_CONTACT), "500000", (PM, PD),
        "Mingchuan New Year snack hampers 明川年货礼包",
        "", "",  # at first contact the client has said only a little
        "Supermarket shoppers in Shanghai, Suzhou and Hangzhou.", co_aes=("ae",),
    ),
    DemoAccount(
        "yunfan", "Y7 earbuds launch Y7 耳机上市",
        "ae2", Plan(S.MEDIA_BOOKED), "2600000", (ST, CR, MD, PD),
        "Yunfan Y7 noise-cancelling earbuds 云帆 Y7 降噪耳机",
        "Adaptive noise cancelling, 40-hour battery, spatial audio.",
        "200,000 units in the launch quarter; top 3 in its price band on JD and Tmall.",
        "Commuters and students aged 18–30.",
    ),
    DemoAccount(
        "yunfan", "618 shopping festival 618 大促",
        "ae2", Plan(S.EVALUATING), "1200000", (MD, PM),
        "Yunfan smart speakers and earbuds 云帆智能音箱与耳机",
        "Festival bundles and trade-in offers.",
        "GMV of ¥30 million during the 618 festival.",
        "Online shoppers aged 20–40 comparing electronics on e-commerce platforms.",
    ),
    DemoAccount(
        "yunfan", "Smart-home brand film 智能家居品牌片",
        "manager", Plan(S.PLANNING, "hold"), "800000", (CR, PD),
        "Yunfan smart-home range 云帆智能家居",
        "One app for lights, locks and speakers; works with all major voice assistants.",
        "Brand awareness from 12% to 20% among target households within six months.",
        "Young families furnishing a new home.",
    ),
    DemoAccount(
        "hengmei", "Summer sunscreen campaign 夏季防晒系列",
        "senior", Plan(S.INVOICED), "1500000", (CR, MD, PR),
        "Hengmei UV Shield sunscreen 恒美清透防晒乳",
        "SPF 50+ PA++++, light texture, water resistant.",
        "800,000 bottles between May and August; number 2 in sunscreen on Tmall.",
        "Women aged 18–35 in southern cities.", co_aes=("ae",),
    ),
    DemoAccount(
        "hengmei", "Xiaohongshu KOL programme 小红书达人种草",
        "ae", Plan(S.PROPOSAL_PRESENTED, revised=True), "600000", (ST, PR, MD),
        "Hengmei Night Repair serum 恒美夜间修护精华",
        "Peptide complex; dermatologist tested; fragrance free.",
        "5,000 notes and 20 million impressions; +25% branded searches.",
        "Skincare enthusiasts aged 22–32 on Xiaohongshu.",
    ),
    DemoAccount(
        "hengmei", "Serum relaunch 精华液焕新",
        "ae", Plan(S.PROPOSAL_PRESENTED, "lose"), "700000", (CR, MD),
        "Hengmei Vitamin C serum 恒美维C精华",
        "New stabilised formula and recyclable packaging.",
        "Win back 30% of lapsed buyers within a year.",
        "Existing Hengmei customers aged 25–40.",
    ),
    DemoAccount(
        "hengmei", "Festive gift sets 节日礼盒",
        "ae", Plan(S.IN_PRODUCTION), "820000", (CR, PD),
        "Hengmei festive gift sets 恒美节日礼盒",
        "Limited-edition packaging by a Guangzhou illustrator.",
        "120,000 sets between December and Chinese New Year.",
        "Gift buyers aged 25–45.",
    ),
    DemoAccount(
        "zhixing", "EV test-drive weekends 新能源试驾周末",
        "manager", Plan(S.IN_PRODUCTION), "3200000", (PM, CR, PD, MD),
        "Zhixing E5 electric SUV 智行 E5 纯电SUV",
        "520 km range, 15-minute fast charge, L2+ driver assistance.",
        "8,000 test drives and 1,200 orders across 24 dealers in North China.",
        "Families aged 30–45 replacing a petrol car.", co_aes=("ae2",),
    ),
    DemoAccount(
        "zhixing", "Dealer showroom refresh 经销商展厅物料更新",
        "manager", Plan(S.BRIEFED), "450000", (CR, PD),
        "Zhixing showroom materials 智行展厅物料",
        "New brand identity across 24 showrooms.",
        "All showrooms refreshed before the autumn auto show.",
        "Showroom visitors.",
    ),
    DemoAccount(
        "zhixing", "Autumn auto show 秋季车展",
        "ae2", Plan(S.TEAM_FORMED, "cancel"), "1000000", (PR, PD),
        "Zhixing stand at the Beijing auto show 智行北京车展展台",
        "Debut of the E7 concept car.",
        "3,000 qualified leads over the show's ten days.",
        "Auto show visitors and motoring press.",
    ),
    DemoAccount(
        "pengcheng", "Youth credit card campaign 青春信用卡",
        "senior", Plan(S.APPROVED), "2200000", (ST, CR, MD),
        "Pengcheng Youth credit card 鹏程青春信用卡",
        "No annual fee, cashback on streaming and food delivery.",
        "150,000 new cards in six months; 60% activated.",
        "Graduates and young professionals aged 20–28.",
    ),
    DemoAccount(
        "pengcheng", "Annual report design 年报设计",
        "senior", Plan(S.COLLECTED), "300000", (CR, PD),
        "Pengcheng Bank annual report 鹏程银行年度报告",
        "Bilingual report, print and interactive web edition.",
        "Delivered on time for the shareholders' meeting.",
        "Investors, regulators and the press.", co_aes=("ae",),
    ),
    DemoAccount(
        "pengcheng", "Wealth-management seminars 财富管理讲座",
        "ae", Plan(S.TEAM_FORMED), "400000", (PR, PM),
        "Pengcheng wealth-management service 鹏程财富管理",
        "Seminars with the bank's economists in 12 branches.",
        "2,400 attendees and 300 new wealth-management customers.",
        "Savers aged 40–60 with more than ¥500,000 in deposits.",
    ),
    DemoAccount(
        "tianfu", "Yoghurt brand refresh 酸奶品牌焕新",
        "ae2", Plan(S.PLANNING, revised=True), "1300000", (ST, CR, MD),
        "Tianfu Greek yoghurt 天府希腊酸奶",
        "High protein, no added sugar; new packaging.",
        "Market share in Sichuan from 9% to 13% within a year.",
        "Health-conscious adults aged 25–40.",
    ),
    DemoAccount(
        "tianfu", "School milk charity programme 学生奶公益活动",
        "manager", Plan(S.COLLECTED), "500000", (PR, PM),
        "Tianfu school milk 天府学生奶",
        "A carton donated for every ten sold.",
        "1 million cartons donated; coverage in 40 local media outlets.",
        "Parents of primary-school children.",
    ),
    DemoAccount(
        "tianfu", "Cheese sticks for kids 儿童奶酪棒",
        "ae", Plan(S.BRIEFED), "380000", (CR, MD),
        "Tianfu kids' cheese sticks 天府儿童奶酪棒",
        "Calcium rich, no preservatives, fun shapes.",
        "Listed in 1,500 supermarkets; 2 million sticks in six months.",
        "Mothers of children aged 3–10.",
    ),
    DemoAccount(
        "jinxiu", "Double 11 bedding sale 双十一床品大促",
        "ae", Plan(S.MEDIA_BOOKED), "900000", (MD, PM, CR),
        "Jinxiu silk duvets 锦绣蚕丝被",
        "100% mulberry silk filling, Suzhou craftsmanship.",
        "GMV of ¥18 million on 11 November.",
        "Online shoppers aged 25–45 setting up a home.",
    ),
    DemoAccount(
        "jinxiu", "Wedding collection catalogue 婚庆系列画册",
        "ae", Plan(S.FIRST_CONTACT), "250000", (CR, PD),
        "Jinxiu wedding bedding 锦绣婚庆床品",
        "", "",  # at first contact the client has said only a little
        "Couples planning their wedding.",
    ),
    DemoAccount(
        "haiyun", "Winter cruise season 冬季邮轮季",
        "ae2", Plan(S.RUNNING), "1600000", (CR, MD),
        "Haiyun South China Sea cruises 海韵南海邮轮",
        "Five-night cruises from Hong Kong with all meals included.",
        "12,000 cabins booked for December to February.",
        "Families and retirees in the Greater Bay Area.",
    ),
    DemoAccount(
        "haiyun", "Greater Bay Area getaways 大湾区周末游",
        "manager", Plan(S.IN_PRODUCTION, "hold"), "700000", (CR, MD, PD),
        "Haiyun weekend packages 海韵周末游套餐",
        "Hotel plus high-speed rail packages to five cities.",
        "20,000 packages sold in the spring season.",
        "Young couples aged 25–35 in Hong Kong and Shenzhen.",
    ),
    DemoAccount(
        "lvyuan", "Sparkling tea launch 气泡茶上市",
        "senior", Plan(S.RUNNING), "2800000", (ST, CR, MD, PM),
        "Lvyuan sparkling jasmine tea 绿源茉莉气泡茶",
        "Zero sugar, real jasmine tea, lightly sparkling.",
        "10 million bottles in the first summer; 50,000 outlets.",
        "Young adults aged 18–30 who drink fewer soft drinks.", co_aes=("ae",),
    ),
    DemoAccount(
        "lvyuan", "Summer music festival sponsorship 夏日音乐节赞助",
        "ae", Plan(S.EVALUATING), "650000", (PR, PM, PD),
        "Lvyuan at the Nanjing music festival 绿源南京音乐节",
        "Branded stage, sampling bar and artist meet-and-greets.",
        "200,000 samples handed out; 5 million social impressions.",
        "Festival-goers aged 18–28.",
    ),
    DemoAccount(
        "lvyuan", "Campus sampling tour 校园试饮巡展",
        "ae", Plan(S.APPROVED), "480000", (PM, PD),
        "Lvyuan sparkling tea 绿源气泡茶",
        "Sampling trucks on 30 university campuses.",
        "300,000 samples and 40,000 coupons redeemed.",
        "University students.",
    ),
    DemoAccount(
        "guanggu", "Online course enrolment drive 网课招生季",
        "manager", Plan(S.PROPOSAL_PRESENTED), "550000", (ST, MD),
        "Optics Valley online programming courses 光谷在线编程课",
        "Live classes, project-based, job placement support.",
        "4,000 paid enrolments in the autumn intake.",
        "Graduates and career changers aged 22–30.",
    ),
    DemoAccount(
        "guanggu", "Brand video 品牌宣传片",
        "manager", Plan(S.BRIEFED, "lose"), "350000", (CR, PD),
        "Optics Valley Education brand video 光谷教育品牌宣传片",
        "Student success stories filmed on campus.",
        "1 million views on Bilibili and WeChat Channels.",
        "Prospective students and their parents.", co_aes=("ae2",),
    ),
    DemoAccount(
        "nordlys", "Trail-running shoe launch 越野跑鞋上市",
        "senior", Plan(S.PLANNING), "420000", (ST, CR, MD, PR),
        "Nordlys Fjell trail-running shoes Nordlys Fjell 越野跑鞋",
        "Grippy outsole, waterproof membrane, 280 g.",
        "15,000 pairs in China in the first season.",
        "Runners and hikers aged 25–45.",
    ),
    DemoAccount(
        "nordlys", "Shanghai flagship store opening 上海旗舰店开业",
        "senior", Plan(S.INVOICED), "180000", (PR, PM, PD),
        "Nordlys flagship store on West Nanjing Road Nordlys 南京西路旗舰店",
        "Climbing wall, repair studio and community runs.",
        "10,000 visitors in the opening week.",
        "Outdoor enthusiasts in Shanghai.", co_aes=("ae",),
    ),
    DemoAccount(
        "haian", "Qingdao beer festival 青岛啤酒节",
        "ae2", Plan(S.COLLECTED), "2000000", (PM, PR, PD, MD),
        "Haian draught beer 海岸生啤",
        "Fresh draught served within 24 hours of brewing.",
        "500,000 litres sold at the festival; 30 media reports.",
        "Festival visitors and tourists in Qingdao.",
    ),
    DemoAccount(
        "haian", "Craft lager launch 精酿新品上市",
        "ae2", Plan(S.TEAM_FORMED), "1100000", (CR, MD),
        "Haian craft lager 海岸精酿拉格",
        "All-malt, brewed with Laoshan spring water.",
        "3 million bottles in the first year in Shandong and Jiangsu.",
        "Beer drinkers aged 25–40 trading up.",
    ),
    DemoAccount(
        "haian", "World Cup viewing parties 世界杯观赛派对",
        "manager", Plan(S.FIRST_CONTACT), "600000", (PM, PR),
        "Haian viewing parties 海岸观赛派对",
        "", "",  # at first contact the client has said only a little
        "Football fans aged 20–40.",
    ),
]
# fmt: on

REQUIREMENTS = {
    Department.STRATEGY: "market and consumer insight, positioning",
    Department.CREATIVE: "creative concept and key visual",
    Department.MEDIA: "media plan with reach, frequency and budget split",
    Department.PROMOTION: "in-store and online promotion mechanics",
    Department.PR: "PR plan and media relations",
    Department.PRODUCTION: "production schedule and cost estimate",
}
#: Days from today to the start of the sales period, by the stage the account is planned to
#: reach: future for new business, past for finished campaigns.
SALES_START_IN_DAYS = dict(
    zip(PIPELINE, [90, 80, 70, 60, 45, 35, 25, 10, -20, -75, -100, -150], strict=True)
)
#: Big accounts have their AD on the team.
AD_ON_TEAM_FROM = Decimal("2500000")


def seed(demo: Demo) -> None:
    clients = demo.clients
    existing = set(
        Account.objects.filter(client__in=clients.values()).values_list("client_id", "name")
    )
    specs = [s for s in ACCOUNTS if (clients[s.client].pk, s.name) not in existing]
    actors = dict(director=demo.user("ad"), finance=demo.user("finance"), system=system_user())
    opened, stopped = [], []
    for spec in specs:
        account, why = _open_account(demo, clients[spec.client], spec, actors)
        opened.append(account)
        if why:
            stopped.append(f"  {spec.name}: stopped at {why}")
    history.backdate(opened, demo.now)
    history.backdate_clients([c for c in clients.values() if c.accounts.exists()])
    if opened:
        demo.log(f"accounts: opened {len(opened)} with their histories")
    if stopped:
        # Guards added by later issues need objects (proposals, media buys, invoices) that
        # their own demo modules seed; until then such an account waits where it stopped.
        demo.log(f"accounts: {len(stopped)} stopped before their planned stage (a guard):")
        for line in stopped:
            demo.log(line)


def _open_account(demo: Demo, client, spec: DemoAccount, actors: dict):
    """Open, brief and staff the account, then walk it along its plan."""
    lead = demo.user(spec.lead)
    budget = Decimal(spec.budget)
    account = create_account(by=lead, client=client, name=spec.name, budget=budget)
    for username in spec.co_aes:
        add_team_member(account=account, user=demo.user(username), by=lead, role_on_account="ae")
    save_brief(account=account, by=lead, **_brief(spec, demo.now.date()))
    _staff(demo, account, spec, lead)
    rng = demo.rng(spec.name)
    why = history.walk(account, spec.plan.steps(), history.Actors(lead=lead, **actors), rng)
    return account, why


def _brief(spec: DemoAccount, today: date) -> dict:
    """A complete brief, except at first contact: there the client has said only a little."""
    values = {
        "product": spec.product,
        "target_audience": spec.audience,
        "departments_needed": list(spec.departments),
    }
    if spec.plan.stage == Stage.FIRST_CONTACT:
        return values
    start = today + timedelta(days=SALES_START_IN_DAYS[spec.plan.stage])
    return values | {
        "features": spec.features,
        "sales_targets": spec.targets,
        "sales_period_start": start,
        "sales_period_end": start + timedelta(days=60),
        "budget": Decimal(spec.budget),
        "proposal_requirements": "The proposal must cover: "
        + "; ".join(REQUIREMENTS[d] for d in spec.departments)
        + ".",
    }


def _staff(demo: Demo, account: Account, spec: DemoAccount, lead) -> None:
    """The departments the brief needs join before form_team; at `briefed` only the first
    has (so the form_team button shows what is still missing)."""
    index = PIPELINE.index(spec.plan.stage)
    if index < PIPELINE.index(Stage.BRIEFED):
        return
    briefed_only = index == PIPELINE.index(Stage.BRIEFED)
    for department in spec.departments[:1] if briefed_only else spec.departments:
        user = demo.user(STAFF_FOR_DEPARTMENT[department])
        add_team_member(account=account, user=user, by=lead)
    if Decimal(spec.budget) >= AD_ON_TEAM_FROM and not briefed_only:
        add_team_member(account=account, user=demo.user("ad"), by=lead)
