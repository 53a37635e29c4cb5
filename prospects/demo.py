"""Demo key accounts with every analysis section, built in memory and bulk-inserted.

``small``: about two dozen accounts per rep, most fully analysed, a few just begun.
``large``: 10,000 accounts over both teams, for benchmarks.
"""

import math
from datetime import date
from decimal import Decimal

from accounts.models import Role
from kam.bulk import insert
from kam.search import KeepsSearchText
from prospects import group_demo
from prospects.assessment import assess
from prospects.identity import credit_code_check_character
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    CustomerNature,
    FinancialStatement,
    Forecast,
    Industry,
    MonthlyTransaction,
    ProductCategory,
    Prospect,
    PurchaseFactors,
    Rating,
    SalesProfile,
    ScoringWeights,
    ServiceContent,
)

# (English, Chinese) names of the lists an admin maintains.
PRODUCT_CATEGORIES = [
    ("Industrial automation equipment", "工业自动化设备"),
    ("Packaging materials", "包装材料"),
    ("Office and IT equipment", "办公与IT设备"),
    ("Raw materials", "原材料"),
    ("Software and services", "软件与服务"),
]
CUSTOMER_NATURES = [
    ("State-owned enterprise", "国有企业"),
    ("Private enterprise", "民营企业"),
    ("Foreign-invested enterprise", "外资企业"),
    ("Joint venture", "合资企业"),
    ("Government and public institution", "政府及事业单位"),
    ("Distributor", "经销商"),
]
SERVICE_CONTENTS = [
    ("Product supply", "产品供应"),
    ("Installation and commissioning", "安装调试"),
    ("Maintenance", "维护保养"),
    ("Complete solution", "整体解决方案"),
    ("Training and consulting", "培训咨询"),
]
# English name, Chinese name, Chinese company suffix, English company word
INDUSTRIES = [
    ("Machinery", "机械制造", "精密机械有限公司", "Precision Machinery"),
    ("Electronics", "电子电器", "电子科技股份有限公司", "Electronics"),
    ("Food and beverage", "食品饮料", "食品集团有限公司", "Foods"),
    ("Pharmaceuticals", "医药健康", "医药股份有限公司", "Pharma"),
    ("Logistics", "物流运输", "物流有限公司", "Logistics"),
    ("Automotive", "汽车及零部件", "汽车零部件有限公司", "Auto Parts"),
    ("Chemicals", "化工", "化工有限公司", "Chemicals"),
    ("Building materials", "建筑建材", "建材集团有限公司", "Building Materials"),
    ("Retail chains", "零售连锁", "连锁超市有限公司", "Retail"),
    ("Textiles", "纺织服装", "纺织服装有限公司", "Textiles"),
]
CITIES = ["上海", "苏州", "杭州", "南京", "宁波", "无锡", "深圳", "广州", "东莞", "佛山", "厦门", "成都", "武汉", "天津", "青岛"]  # fmt: skip
BRAND_CHARACTERS = (
    "华鑫恒通远航博创金泰中宏瑞丰天成永盛海纳鼎汇嘉禾长青明辉同安联拓信达"
)
ENGLISH_BRANDS = ["Northwind", "Bluepeak", "Harbor Bay", "Silverline", "Greenfield", "Redstone", "Eastgate", "Summit", "Pacific Rim", "Lakeside", "Ironwood", "Brightwater"]  # fmt: skip
ENGLISH_FORMS = ["Co., Ltd.", "(China) Co., Ltd.", "GmbH", "Ltd.", "Group"]
REGIONS = {
    "A": ["华东 · 上海", "华东 · 江苏", "华东 · 浙江", "华东 · 安徽", "山东"],
    "B": ["华南 · 广东", "华南 · 福建", "西南 · 四川", "华中 · 湖北", "华南 · 广西"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "志强", "建华", "海燕", "晓东"]  # fmt: skip
POSITIONS = [
    ("总经理", Contact.PurchaseRole.DECISION_MAKER),
    ("采购总监", Contact.PurchaseRole.DECISION_MAKER),
    ("生产副总", Contact.PurchaseRole.INFLUENCER),
    ("财务总监", Contact.PurchaseRole.INFLUENCER),
    ("采购经理", Contact.PurchaseRole.HANDLER),
    ("设备主管", Contact.PurchaseRole.USER),
    ("技术部经理", Contact.PurchaseRole.USER),
]
PERSONALITIES = ["务实，重视数据，决策谨慎", "直接果断，不喜欢冗长的介绍", "注重关系，喜欢先建立信任", "Detail-minded; wants references before any meeting", "Open to new ideas, asks many technical questions"]  # fmt: skip
PRESSURES = ["今年集团下达降本10%的指标", "新产线投产时间紧", "环保督查要求提高", "Board expects margin recovery this year", "供应商交期不稳定，影响生产"]  # fmt: skip
INTERESTS = ["高尔夫、茶道", "马拉松、摄影", "书法，周末常去钓鱼", "Football, follows the Premier League", "收藏紫砂壶"]  # fmt: skip
FAMILY = ["孩子今年参加高考", "家在外地，周末回家", "Two young children; avoids evening events", "父母同住，重视家庭聚会", ""]  # fmt: skip
COMPETITORS = ["西门子", "ABB", "汇川技术", "Schneider Electric", "本地小厂", "Tetra Pak", "Foxconn", "正泰电器", "Bosch Rexroth"]  # fmt: skip
ADVANTAGE_NOTES = {
    Advantage.Aspect.LOWER_COST: (
        "设备能耗降低15%，年节省电费约40万元",
        "同类客户苏州某厂一年实测数据",
    ),
    Advantage.Aspect.INCREASE_REVENUE: (
        "产线节拍提升12%，可增加产能",
        "试用期间的产量对比报表",
    ),
    Advantage.Aspect.AVOID_WASTE: ("免维护设计，减少两名维修人员", "三年维修记录"),
    Advantage.Aspect.RAISE_EFFICIENCY: ("一站式采购，简化审批流程", "框架协议样本"),
    Advantage.Aspect.SOLUTION: ("针对其换线频繁的问题提供柔性方案", "方案书 v2"),
    Advantage.Aspect.INTANGIBLE_VALUE: ("行业标杆案例提升其品牌形象", "行业协会推荐信"),
}
STATUS_WEIGHTS = [
    (Prospect.Status.POTENTIAL, 35),
    (Prospect.Status.DEVELOPING, 40),
    (Prospect.Status.WON, 12),
    (Prospect.Status.LOST, 8),
    (Prospect.Status.DORMANT, 5),
]


def _lookups(model, names):
    return [
        model.objects.create(name_en=en, name_zh=zh, position=i)
        for i, (en, zh) in enumerate(names)
    ]


class NameMaker:
    """Unique, realistic company names: mostly Chinese, some foreign."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def __call__(self, industry_index):
        _en, _zh, suffix, english_word = INDUSTRIES[industry_index]
        for _attempt in range(100):
            if self.rng.random() < 0.2:
                name = f"{self.rng.choice(ENGLISH_BRANDS)} {english_word} {self.rng.choice(ENGLISH_FORMS)}"
            else:
                brand = "".join(self.rng.sample(BRAND_CHARACTERS, 2))
                name = f"{self.rng.choice(CITIES)}{brand}{suffix}"
            if name.lower() not in self.used:
                self.used.add(name.lower())
                return name
        raise RuntimeError("ran out of demo company names")


def _money(value):
    return Decimal(round(value)).quantize(Decimal("0.01"))


def _statements(rng, revenue, years):
    rows = []
    for year in years:
        margin = rng.uniform(-0.05, 0.15)
        cost = revenue * rng.uniform(0.55, 0.85)
        total_assets = revenue * rng.uniform(0.6, 1.5)
        current_assets = total_assets * rng.uniform(0.3, 0.7)
        rows.append(
            FinancialStatement(
                period=str(year),
                revenue=_money(revenue),
                net_profit=_money(revenue * margin),
                total_assets=_money(total_assets),
                current_assets=_money(current_assets),
                current_liabilities=_money(current_assets / rng.uniform(0.7, 2.5)),
                accounts_receivable=_money(revenue * rng.uniform(20, 150) / 365),
                inventory=_money(cost * rng.uniform(20, 120) / 365),
                cost_of_sales=_money(cost),
            )
        )
        rows[-1].set_period_bounds()
        revenue *= rng.uniform(0.92, 1.2)
    return rows


def _months(today, count):
    first = today.replace(day=1)
    months = []
    for back in range(count, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(date(year, month + 1, 1))
    return months


def build_account(ctx, owner, colleagues, lookups, names, depth):
    """One account and its sections, unsaved. ``depth`` 0 = just begun, 2 = complete."""
    rng = ctx.rng
    industry_index = rng.randrange(len(INDUSTRIES))
    status = rng.choices(*zip(*STATUS_WEIGHTS, strict=True))[0]
    prospect = Prospect(
        name=names(industry_index),
        status=status,
        team=owner.team,
        owner=owner,
        product_category=rng.choice(lookups["product_category"]),
        customer_nature=rng.choice(lookups["customer_nature"]),
        service_content=rng.choice(lookups["service_content"]) if depth else None,
        industry=lookups["industry"][industry_index],
        region=rng.choice(
            REGIONS["A" if owner.team.name.startswith("Team A") else "B"]
        ),
        size=rng.choice(Prospect.Size.values),
    )
    parts = {"colleagues": colleagues}
    revenue = math.exp(rng.uniform(math.log(2e7), math.log(3e9)))
    years = range(ctx.now.year - 3, ctx.now.year) if depth == 2 else [ctx.now.year - 1]
    parts["statements"] = _statements(rng, revenue, years)
    if depth == 0:
        # An account already visited has someone on file whom the visits met.
        if status != Prospect.Status.POTENTIAL:
            parts["contacts"] = [_contact(rng, *rng.choice(POSITIONS))]
        return prospect, parts
    monthly_volume = revenue * rng.uniform(0.01, 0.05) / 12
    share = 0 if status == Prospect.Status.POTENTIAL else rng.uniform(0.02, 0.45)
    month_count = 12 if depth == 2 else 6
    parts["transactions"] = [
        MonthlyTransaction(
            month=month,
            purchase_volume=_money(monthly_volume * rng.uniform(0.8, 1.2)),
            our_sales=_money(monthly_volume * share * rng.uniform(0.7, 1.1)),
        )
        for month in _months(ctx.now.date(), month_count)
    ]
    expected_sales = monthly_volume * 12 * rng.uniform(0.15, 0.4)
    margin = rng.randint(12, 35)
    # Won accounts were worth it; the others are a mix.
    won = status == Prospect.Status.WON
    costs = expected_sales * margin / 100 * rng.uniform(0.15, 0.4 if won else 0.9)
    parts["forecast"] = Forecast(
        expected_sales=_money(expected_sales),
        margin=Decimal(margin),
        inventory_interest=_money(costs * 0.15),
        staff_cost=_money(costs * 0.45),
        travel_cost=_money(costs * 0.15),
        management_cost=_money(costs * 0.25),
        risk_coefficient=Decimal(
            rng.choice([10, 20] if won else [10, 20, 30, 40, 50, 60])
        ),
        notes="按客户同类产品年采购额的目标份额估算。",
    )
    parts["factors"] = PurchaseFactors(
        purchase_cost=rng.choice(Rating.values),
        purchase_cost_notes="采购金额较大，需要集团审批。",
        technical_content=rng.choice(Rating.values),
        technical_content_notes="技术要求与我们的产品匹配度较高。",
        policy_social=rng.choice(Rating.values),
        policy_social_notes="新环保标准明年实施，将带来更新需求。",
    )
    parts["competitors"] = [
        Competitor(
            name=name,
            risk=rng.choice(Competitor.Risk.values),
            strengths="价格低，与客户关系久",
            weaknesses="交期不稳定，服务响应慢",
        )
        for name in rng.sample(COMPETITORS, rng.randint(1, 3 if depth == 2 else 1))
    ]
    aspects = rng.sample(list(ADVANTAGE_NOTES), rng.randint(2, 6) if depth == 2 else 2)
    parts["advantages"] = [
        Advantage(aspect=a, note=ADVANTAGE_NOTES[a][0], evidence=ADVANTAGE_NOTES[a][1])
        for a in aspects
    ]
    parts["contacts"] = [
        _contact(rng, position, role)
        for position, role in rng.sample(POSITIONS, 3 if depth == 2 else 1)
    ]
    if depth == 2:
        parts["sales_profile"] = SalesProfile(
            buyers="华东地区的制造企业和经销商",
            buyer_gender=SalesProfile.BuyerGender.BUSINESSES,
            buyer_age="",
            marketing="以直销为主，辅以行业展会和经销商网络",
            storage="常温仓储，华东两个中心仓",
            transport="第三方物流，干线汽运",
        )
    return prospect, parts


def _contact(rng, position, role):
    return Contact(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
        position=position,
        purchase_role=role,
        phone=f"1{rng.randint(3, 9)}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
        personality=rng.choice(PERSONALITIES),
        pressures=rng.choice(PRESSURES),
        interests=rng.choice(INTERESTS),
        family_notes=rng.choice(FAMILY),
    )


def _assess(prospect, parts, weights):
    statements = parts["statements"]
    result = assess(
        statement=statements[-1] if statements else None,
        forecast=parts.get("forecast"),
        factors=parts.get("factors"),
        transactions=parts.get("transactions", []),
        competitor_risks=[c.risk for c in parts.get("competitors", [])],
        advantage_count=len(parts.get("advantages", [])),
        weights=weights,
        contacts=parts.get("contacts", []),
    )
    prospect.score = result.score
    prospect.position_score = result.position
    prospect.verdict = result.verdict
    prospect.quadrant = result.quadrant


def demo_credit_code(number):
    """A well-formed 统一社会信用代码 (Suzhou, a company), one per number."""
    first = f"91320500{number:09d}"
    return first + credit_code_check_character(first)


def _save(accounts):
    first = Prospect.objects.count()
    for index, (prospect, _) in enumerate(accounts):
        # Two accounts in three have their licence's code on file, as a team's do.
        if index % 3:
            prospect.credit_code = demo_credit_code(first + index)
        prospect.keep_derived()
    insert(Prospect, [p for p, _ in accounts])
    rows = {
        FinancialStatement: "statements",
        MonthlyTransaction: "transactions",
        Competitor: "competitors",
        Advantage: "advantages",
        Contact: "contacts",
    }
    singles = {
        Forecast: "forecast",
        PurchaseFactors: "factors",
        SalesProfile: "sales_profile",
    }
    for model, key in rows.items():
        objects = []
        for prospect, parts in accounts:
            for obj in parts.get(key, []):
                obj.prospect = prospect
                # bulk_create leaves out save(): the search box's text (kam.search).
                if isinstance(obj, KeepsSearchText):
                    obj.keep_search_text()
                objects.append(obj)
        insert(model, objects)
    for model, key in singles.items():
        objects = []
        for prospect, parts in accounts:
            if key in parts:
                parts[key].prospect = prospect
                objects.append(parts[key])
        insert(model, objects)
    through = Prospect.colleagues.through
    insert(
        through,
        [
            through(prospect_id=prospect.pk, user_id=colleague.pk)
            for prospect, parts in accounts
            for colleague in parts["colleagues"]
        ],
    )


def seed(ctx):
    lookups = {
        "product_category": _lookups(ProductCategory, PRODUCT_CATEGORIES),
        "customer_nature": _lookups(CustomerNature, CUSTOMER_NATURES),
        "service_content": _lookups(ServiceContent, SERVICE_CONTENTS),
        "industry": _lookups(Industry, [(en, zh) for en, zh, *_ in INDUSTRIES]),
    }
    weights = ScoringWeights.current()
    owners = [
        u
        for u in ctx.users.values()
        if u.role in (Role.REP, Role.SUPERVISOR) and u.team
    ]
    per_owner, spare = divmod(10_000, len(owners)) if ctx.large else (24, 0)
    names = NameMaker(ctx.rng)
    accounts = []
    for number, owner in enumerate(owners):
        teammates = [u for u in owners if u.team_id == owner.team_id and u != owner]
        count = per_owner if owner.role == Role.REP or ctx.large else per_owner // 2
        count += number < spare
        for index in range(count):
            depth = 0 if index % 8 == 7 else (2 if index % 3 else 1)
            if ctx.large:
                depth = 1
            colleagues = (
                ctx.rng.sample(teammates, 1) if index % 4 == 0 and teammates else []
            )
            prospect, parts = build_account(
                ctx, owner, colleagues, lookups, names, depth
            )
            accounts.append((prospect, parts))
    groups = group_demo.group_accounts(
        ctx, lambda owner: build_account(ctx, owner, [], lookups, names, 2)
    )
    accounts += [(prospect, parts) for prospect, parts, *_ in groups]
    for prospect, parts in accounts:
        for contact in parts.get("contacts", []):
            if not contact.buying_role:
                group_demo.decorate_contact(contact, prospect.owner, ctx.now.date())
        _assess(prospect, parts, weights)
    _save(accounts)
    group_demo.link_groups(groups)
    ctx.prospects = [p for p, _ in accounts]
    ctx.log(f"Key accounts: {len(accounts)} with their analysis.")
