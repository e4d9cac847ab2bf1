"""A dozen clients with Chinese and English names, their details and contacts.

Each client is created by the lead AE of its first account (see agency.demo.accounts), through
the client services; a client that exists (by name) is left alone.
"""

from dataclasses import dataclass

from accounts.models import Client, Currency
from accounts.services import create_client, create_contact

from . import Demo


@dataclass(frozen=True)
class DemoClient:
    key: str
    name: str
    industry: str
    address: str
    tax_id: str
    currency: str = Currency.CNY
    payment_terms_days: int = 30
    contacts: tuple[tuple[str, str, str, str], ...] = ()  # name, title, e-mail, phone


# fmt: off
CLIENTS = [
    DemoClient(
        "mingchuan", "上海明川食品有限公司 Mingchuan Foods",
        "Food & beverage 食品饮料",
        "上海市浦东新区张江路 1288 号 3 楼\n"
        "3F, 1288 Zhangjiang Road, Pudong, Shanghai 201203",
        "91310115MA1H7XK23P", payment_terms_days=60,
        contacts=(
            ("周敏 Zhou Min", "Marketing Director 市场总监",
             "zhou.min@mingchuan.example", "+86 21 5080 1288"),
            ("吴佳 Wu Jia", "Brand Manager 品牌经理",
             "wu.jia@mingchuan.example", "+86 138 1762 4410"),
        ),
    ),
    DemoClient(
        "yunfan", "杭州云帆电子科技有限公司 Yunfan Electronics",
        "Consumer electronics 消费电子",
        "浙江省杭州市滨江区江南大道 588 号\n"
        "588 Jiangnan Avenue, Binjiang, Hangzhou 310051",
        "91330108MA27Y3QJ5D", payment_terms_days=45,
        contacts=(
            ("许晨 Xu Chen", "Head of Brand 品牌负责人",
             "xu.chen@yunfan.example", "+86 571 8669 0588"),
            ("Emily Zhao 赵倩", "E-commerce Manager 电商经理",
             "emily.zhao@yunfan.example", "+86 139 5712 3360"),
        ),
    ),
    DemoClient(
        "hengmei", "广州恒美化妆品有限公司 Hengmei Cosmetics",
        "Beauty & personal care 美妆个护",
        "广东省广州市天河区珠江新城花城大道 85 号\n"
        "85 Huacheng Avenue, Tianhe, Guangzhou 510623",
        "91440101MA59K8PL2R",
        contacts=(
            ("林晓 Lin Xiao", "Marketing Director 市场总监",
             "lin.xiao@hengmei.example", "+86 20 3826 8500"),
            ("黄蕾 Huang Lei", "Digital Lead 数字营销主管",
             "huang.lei@hengmei.example", "+86 136 0020 7731"),
            ("何平 He Ping", "Procurement 采购经理",
             "he.ping@hengmei.example", "+86 20 3826 8512"),
        ),
    ),
    DemoClient(
        "zhixing", "北京智行汽车销售服务有限公司 Zhixing Auto",
        "Automotive 汽车",
        "北京市朝阳区东三环北路 27 号\n"
        "27 East Third Ring North Road, Chaoyang, Beijing 100020",
        "91110105MA01QW7T8H", payment_terms_days=60,
        contacts=(
            ("赵刚 Zhao Gang", "Sales & Marketing VP 营销副总裁",
             "zhao.gang@zhixing.example", "+86 10 6590 2700"),
            ("钱雯 Qian Wen", "Dealer Marketing 经销商市场",
             "qian.wen@zhixing.example", "+86 135 2201 8890"),
        ),
    ),
    DemoClient(
        "pengcheng", "深圳鹏程银行股份有限公司 Pengcheng Bank",
        "Banking & finance 银行金融",
        "广东省深圳市福田区深南大道 6008 号\n"
        "6008 Shennan Avenue, Futian, Shenzhen 518040",
        "91440300MA5F3R2N9K", payment_terms_days=90,
        contacts=(
            ("邓磊 Deng Lei", "Retail Marketing Head 零售营销主管",
             "deng.lei@pengcheng.example", "+86 755 8828 6008"),
            ("孔雪 Kong Xue", "Corporate Communications 企业传讯",
             "kong.xue@pengcheng.example", "+86 755 8828 6021"),
        ),
    ),
    DemoClient(
        "tianfu", "成都天府乳业有限公司 Tianfu Dairy",
        "Dairy 乳制品",
        "四川省成都市武侯区天府大道中段 666 号\n"
        "666 Middle Tianfu Avenue, Wuhou, Chengdu 610041",
        "91510107MA6C9U4E1W", payment_terms_days=45,
        contacts=(
            ("杨帆 Yang Fan", "Brand Director 品牌总监",
             "yang.fan@tianfu.example", "+86 28 8531 6660"),
        ),
    ),
    DemoClient(
        "jinxiu", "苏州锦绣家纺有限公司 Jinxiu Home Textiles",
        "Home & living 家居家纺",
        "江苏省苏州市吴中区东吴北路 99 号\n"
        "99 Dongwu North Road, Wuzhong, Suzhou 215128",
        "91320506MA1NDP6B4X",
        contacts=(
            ("朱丽 Zhu Li", "Marketing Manager 市场经理",
             "zhu.li@jinxiu.example", "+86 512 6530 9900"),
            ("顾伟 Gu Wei", "Online Store Lead 网店负责人",
             "gu.wei@jinxiu.example", "+86 150 6210 4476"),
        ),
    ),
    DemoClient(
        "haiyun", "海韵旅游集团有限公司 Haiyun Travel Group",
        "Travel & leisure 旅游休闲",
        "香港九龙尖沙咀广东道 33 号 18 楼\n"
        "18/F, 33 Canton Road, Tsim Sha Tsui, Kowloon, Hong Kong",
        "BR 63152804", currency=Currency.HKD,
        contacts=(
            ("Karen Leung 梁嘉欣", "Marketing Manager 市场经理",
             "karen.leung@haiyun.example", "+852 2736 3300"),
        ),
    ),
    DemoClient(
        "lvyuan", "南京绿源饮品有限公司 Lvyuan Beverages",
        "Beverages 饮料",
        "江苏省南京市江宁区秣陵街道蓝霞路 18 号\n"
        "18 Lanxia Road, Jiangning, Nanjing 211106",
        "91320115MA1X4GH38C",
        contacts=(
            ("孙洁 Sun Jie", "CMO 首席营销官",
             "sun.jie@lvyuan.example", "+86 25 5212 1800"),
            ("马骏 Ma Jun", "Trade Marketing 渠道市场",
             "ma.jun@lvyuan.example", "+86 139 1599 0218"),
        ),
    ),
    DemoClient(
        "guanggu", "武汉光谷教育科技有限公司 Optics Valley Education",
        "Education 教育培训",
        "湖北省武汉市东湖新技术开发区光谷大道 77 号\n"
        "77 Guanggu Avenue, East Lake High-tech Zone, Wuhan 430074",
        "91420100MA4K2T9Y6F",
        contacts=(
            ("方舟 Fang Zhou", "Growth Director 增长总监",
             "fang.zhou@guanggu.example", "+86 27 8788 7700"),
        ),
    ),
    DemoClient(
        "nordlys", "诺德斯户外用品（上海）有限公司 Nordlys Outdoor",
        "Sportswear & outdoor 运动户外",
        "上海市静安区南京西路 1515 号 22 楼\n"
        "22F, 1515 West Nanjing Road, Jing'an, Shanghai 200040",
        "91310000MA1FL8ZR7M", currency=Currency.EUR, payment_terms_days=60,
        contacts=(
            ("Anna Lindqvist", "Head of Marketing APAC 亚太市场负责人",
             "anna.lindqvist@nordlys.example", "+86 21 6288 1515"),
            ("陈思 Chen Si", "Retail Marketing 零售市场",
             "chen.si@nordlys.example", "+86 186 2130 5522"),
        ),
    ),
    DemoClient(
        "haian", "青岛海岸啤酒有限公司 Haian Brewery",
        "Beer & spirits 啤酒酒类",
        "山东省青岛市市北区登州路 56 号\n"
        "56 Dengzhou Road, Shibei, Qingdao 266021",
        "91370203MA3C5WQ41L",
        contacts=(
            ("刘强 Liu Qiang", "Marketing Director 市场总监",
             "liu.qiang@haian.example", "+86 532 8383 5600"),
            ("王芳 Wang Fang", "Events Manager 活动经理",
             "wang.fang@haian.example", "+86 137 0532 8812"),
        ),
    ),
]
# fmt: on


def seed(demo: Demo) -> None:
    """Create the missing clients with their contacts; `demo.clients` maps key → client."""
    from .accounts import ACCOUNTS

    found = {c.name: c for c in Client.objects.filter(name__in=[c.name for c in CLIENTS])}
    created = 0
    for spec in CLIENTS:
        client = found.get(spec.name)
        if client is None:
            owner = demo.user(next(a.lead for a in ACCOUNTS if a.client == spec.key))
            client = _create(spec, owner)
            created += 1
        demo.clients[spec.key] = client
    if created:
        demo.log(f"clients: created {created} with their contacts")


def _create(spec: DemoClient, owner) -> Client:
    client = create_client(
        by=owner,
        name=spec.name,
        industry=spec.industry,
        currency=spec.currency,
        payment_terms_days=spec.payment_terms_days,
        tax_id=spec.tax_id,
        address=spec.address,
    )
    for name, title, email, phone in spec.contacts:
        create_contact(client=client, by=owner, name=name, title=title, email=email, phone=phone)
    return client
