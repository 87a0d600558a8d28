"""Deterministic demo data: the organisation of the seed-000 survey and one login per role.

The burden records that reproduce the survey's figures are added by `seed_demo` on top.
"""

import json

from django.contrib.auth import get_user_model
from django.db import transaction

from organisation.models import Community, Department, District, Membership, Street

DEMO_PASSWORD = "demo12345"  # noqa: S105 - demo logins only; documented in the README

STREETS = [("S01", "东城街道"), ("S02", "西城街道"), ("S03", "南湖街道")]
# 11 communities, as in the seed-000 survey: (code, name, street, households, residents, staff, social workers)
COMMUNITIES = [
    ("C001", "和平社区", "S01", 1685, 5216, 5, 2),
    ("C002", "幸福社区", "S01", 2300, 6900, 7, 3),
    ("C003", "光明社区", "S01", 1200, 3800, 5, 2),
    ("C004", "建设社区", "S01", 3100, 9200, 9, 4),
    ("C005", "新华社区", "S02", 1900, 5700, 6, 3),
    ("C006", "民主社区", "S02", 2600, 7800, 8, 3),
    ("C007", "团结社区", "S02", 1500, 4600, 5, 2),
    ("C008", "友谊社区", "S02", 2800, 8300, 8, 4),
    ("C009", "胜利社区", "S03", 1750, 5200, 6, 2),
    ("C010", "朝阳社区", "S03", 2200, 6600, 7, 3),
    ("C011", "春晖社区", "S03", 1400, 4200, 5, 2),
]
# 30 departments and units that push work down; the heaviest four (综治, 组织, 卫计, 人社) first.
DEPARTMENTS = [
    ("D01", "区委政法委（综治办）", "district", "government"),
    ("D02", "区委组织部", "district", "government"),
    ("D03", "区卫生健康委（卫计）", "district", "government"),
    ("D04", "区人力资源和社会保障局", "district", "government"),
    ("D05", "区民政局", "district", "government"),
    ("D06", "区住房和城乡建设局", "district", "government"),
    ("D07", "公安分局", "district", "government"),
    ("D08", "区城市管理局", "district", "government"),
    ("D09", "区市场监督管理局", "district", "government"),
    ("D10", "区应急管理局", "district", "government"),
    ("D11", "区生态环境局", "district", "government"),
    ("D12", "区教育局", "district", "government"),
    ("D13", "区文化和旅游局", "district", "government"),
    ("D14", "区统计局", "district", "government"),
    ("D15", "区信访局", "district", "government"),
    ("D16", "区残联", "district", "institution"),
    ("D17", "区妇联", "district", "institution"),
    ("D18", "团区委", "district", "institution"),
    ("D19", "区总工会", "district", "institution"),
    ("D20", "区科协", "district", "institution"),
    ("D21", "区司法局", "district", "government"),
    ("D22", "区退役军人事务局", "district", "government"),
    ("D23", "区医疗保障局", "district", "government"),
    ("D24", "区税务局", "district", "government"),
    ("D25", "区消防救援大队", "district", "government"),
    ("D26", "区红十字会", "district", "institution"),
    ("D27", "街道办事处", "street", "government"),
    ("D28", "中国工商银行支行", "district", "bank"),
    ("D29", "人寿保险公司", "district", "insurer"),
    ("D30", "区融媒体中心", "district", "institution"),
]
DEMO_LOGINS = [
    ("demo_staff", "community_staff", "community", "C001", "社区工作者 · 和平社区"),
    ("demo_head", "community_head", "community", "C001", "社区书记 · 和平社区"),
    ("demo_street", "street_supervisor", "street", "S01", "街道主管 · 东城街道"),
    ("demo_district", "district_admin", "district", None, "区减负办"),
    ("demo_department", "department_officer", "department", "D05", "职能部门 · 区民政局"),
]


@transaction.atomic
def demo_organisation_create() -> District:
    """Create (or update) the demo district, streets, communities and departments."""
    district, _ = District.objects.get_or_create(name="示范区")
    streets = {}
    for code, name in STREETS:
        streets[code], _ = Street.objects.update_or_create(
            code=code, defaults={"name": name, "district": district}
        )
    for code, name, street, households, residents, staff, social_workers in COMMUNITIES:
        Community.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "street": streets[street],
                "households": households,
                "residents": residents,
                "staff": staff,
                "social_workers": social_workers,
                "annual_funds": 10000 + max(0, households - 1000) * 11,
            },
        )
    for code, name, level, kind in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name, "level": level, "kind": kind})
    return district


@transaction.atomic
def demo_logins_create(*, district: District) -> None:
    """One login per role, all with DEMO_PASSWORD, flagged to be changed at the first sign-in
    wherever PASSWORD_CHANGE_REQUIRED_ENFORCED is on (everywhere but the demo)."""
    user_model = get_user_model()
    units = {
        "community": Community.objects.in_bulk(field_name="code"),
        "street": Street.objects.in_bulk(field_name="code"),
        "department": Department.objects.in_bulk(field_name="code"),
    }
    for username, role, field, code, label in DEMO_LOGINS:
        user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": label})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.password_change_required = True
            user.save()
        unit = district if field == "district" else units[field][code]
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "district": None,
                "street": None,
                "community": None,
                "department": None,
                field: unit,
            },
        )
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.password_change_required = True
        admin.save()


# --- the burden records of the seed-000 survey -------------------------------------------------
# Departments by code; the share of the work each pushes down follows seed 000 part 3.
TASK_ITEMS_PER_DEPARTMENT = {"D01": 24, "D02": 22, "D03": 21, "D04": 20} | {
    f"D{n:02d}": (6 if n <= 22 else 5) for n in range(5, 27)
}
TASK_NAMES = [
    "矛盾纠纷排查调处",
    "社会治安巡逻",
    "流动人口登记",
    "出租房屋登记",
    "失业证办理",
    "社保补贴审核",
    "城乡居民医保征缴",
    "低保申请受理",
    "残疾证办理",
    "高龄补贴申报",
    "临时救助",
    "保障性住房申请",
    "门面改造审查",
    "商铺安全检查",
    "经济普查入户",
    "住房情况调查",
    "拆迁统计",
    "入户问卷调查",
    "控烟调查",
    "绿地调查",
    "小广告清理",
    "党员发展材料",
    "党费收缴",
    "计划生育服务",
    "妇女儿童关爱",
    "退役军人信息采集",
    "消防安全巡查",
    "食品安全宣传",
    "交通安全宣传",
    "禁毒宣传",
    "科普宣传",
    "防灾减灾演练",
    "文明城市创建",
    "卫生城市创建",
    "志愿服务组织",
    "居民健康档案",
    "疫苗接种动员",
    "就业援助",
    "人口抽样调查",
    "信访维稳值守",
]
INSPECTION_DEPARTMENTS = [f"D{n:02d}" for n in range(1, 23)] + ["D25"]
INSPECTION_TOPICS = [
    "基层党建",
    "廉政文化",
    "综合治理",
    "爱国卫生",
    "环境保护",
    "计划生育",
    "就业再就业",
    "科普",
    "禁毒",
    "防灾减灾",
    "安全生产",
    "消防安全",
    "食品安全",
    "交通安全",
    "平安社区",
    "文明社区",
    "卫生城市",
    "文明城市",
    "民主法治示范",
    "学习型社区",
    "绿色社区",
    "充分就业社区",
    "老年友好社区",
    "儿童友好社区",
    "无邪教社区",
    "民族团结",
    "双拥模范",
    "残疾人工作",
    "妇女儿童工作",
    "共青团工作",
    "工会建设",
    "红十字",
    "信访稳定",
    "社区矫正",
    "人民调解",
    "普法宣传",
    "流动人口管理",
    "出租房屋管理",
    "网格化管理",
    "社区养老",
    "低保管理",
    "医疗保险",
    "社会保险",
    "档案管理",
    "统计工作",
    "经济普查",
    "人口普查",
    "退役军人服务",
    "志愿服务",
    "社区教育",
    "文化体育",
    "全民健身",
    "图书阅览",
    "科学素质",
    "健康教育",
    "慢病管理",
    "疫苗接种",
    "病媒生物防制",
    "垃圾分类",
    "河长制",
    "大气污染防治",
    "市容秩序",
    "违章建筑",
    "物业管理",
    "应急管理",
    "防汛",
    "地质灾害",
    "国家安全",
]
# (types, books) of each community's ledgers: most 68/293 (C004), fewest 8/58 (C003), average 160+.
LEDGERS = [
    (40, 170),
    (45, 180),
    (8, 58),
    (68, 293),
    (38, 160),
    (42, 175),
    (30, 140),
    (50, 200),
    (40, 165),
    (35, 150),
    (30, 130),
]
LEDGER_NAMES = [
    "党员花名册",
    "党组织生活记录",
    "综治工作台账",
    "矛盾纠纷排查台账",
    "流动人口台账",
    "出租房屋台账",
    "计划生育台账",
    "育龄妇女台账",
    "低保台账",
    "高龄补贴台账",
    "残疾人台账",
    "优抚对象台账",
    "就业台账",
    "失业人员台账",
    "社保台账",
    "医保台账",
    "安全生产台账",
    "消防台账",
    "食品安全台账",
    "禁毒台账",
    "社区矫正台账",
    "信访台账",
    "爱国卫生台账",
    "环保台账",
    "科普台账",
    "文化活动台账",
    "志愿者台账",
    "老年人台账",
    "妇女儿童台账",
    "青少年台账",
]
REPORT_FORMS = 86
CERT_UNITS = [
    ("公安派出所", "公安机关"),
    ("住建局", "住房和城乡建设部门"),
    ("工商银行", "银行"),
    ("人寿保险", "保险公司"),
    ("卫生院", "卫生健康部门"),
    ("人社局", "人力资源和社会保障部门"),
    ("民政局", "民政部门"),
    ("教育局", "教育部门"),
    ("学校", "教育部门"),
    ("法院", "人民法院"),
    ("公证处", "公证机构"),
    ("市场监管局", "市场监管部门"),
    ("不动产登记中心", "自然资源部门"),
    ("税务局", "税务部门"),
    ("医保局", "医疗保障部门"),
    ("残联", "残联"),
    ("退役军人事务局", "退役军人事务部门"),
    ("交通运输局", "交通运输部门"),
    ("出租车公司", "交通运输部门"),
    ("用人单位", "用人单位"),
    ("房产中介", "住房和城乡建设部门"),
    ("物业公司", "住房和城乡建设部门"),
    ("供电公司", "供电企业"),
    ("燃气公司", "燃气企业"),
    ("医院", "卫生健康部门"),
    ("殡仪馆", "民政部门"),
    ("出入境管理", "公安机关"),
    ("司法所", "司法行政部门"),
    ("妇联", "妇联"),
    ("团委", "共青团"),
    ("街道办事处", "街道办事处"),
    ("农商银行", "银行"),
]
CERT_NAMES = [
    "居住证明",
    "亲属关系证明",
    "无业证明",
    "家庭困难证明",
    "婚姻状况证明",
    "唯一住房证明",
    "房屋出售费用结清证明",
    "住院证明",
    "身份证遗失证明",
    "存单遗失证明",
    "法定继承人证明",
    "贷款资信证明",
    "车辆保险定损证明",
    "死亡证明",
    "门面经营执照证明",
    "出生证明",
    "健在证明",
    "居住地址证明",
    "政审证明",
    "毕业生基本情况证明",
    "出租车年检证明",
    "夫妻关系证明",
    "收入证明",
    "抚养关系证明",
    "独生子女证明",
    "未再婚证明",
    "无犯罪记录证明",
    "房屋权属证明",
    "人口伤亡证明",
    "亲子关系证明",
    "职工生活困难证明",
    "养老资格认证证明",
    "户口迁移证明",
    "用电用气证明",
    "入学证明",
]
CERT_FREQUENCIES = [("frequent", 62), ("general", 82), ("occasional", 31)]
# Demo certificates the default catalog (certificates/data/catalog.json) does not list: class C
# unless named here (the catalog's class wins for those it lists).
CERT_CLASS_NOT_C = {"房屋出售费用结清证明": "B", "存单遗失证明": "B", "车辆保险定损证明": "B", "政审证明": "B",
                    "夫妻关系证明": "B", "独生子女证明": "B", "职工生活困难证明": "B", "用电用气证明": "B"}  # fmt: skip


def _cert_name_classes() -> dict[str, tuple[str, str]]:
    """The class (and, for the catalog's class C, its authority) of each demo certificate name:
    the catalog's for the same certificate ("居住证明" = the catalog's "社区居住证明"), else
    CERT_CLASS_NOT_C, else C with the requesting unit's authority."""
    from certificates.services import CATALOG_FILE

    catalog = {k["name"]: k for k in json.loads(CATALOG_FILE.read_text(encoding="utf-8"))["kinds"]}
    found = {}
    for name in CERT_NAMES:
        entry = catalog.get(name) or catalog.get(f"社区{name}")
        if entry:
            found[name] = (entry["cert_class"], entry.get("responsible_authority") or "")
        else:
            found[name] = (CERT_CLASS_NOT_C.get(name, "C"), "")
    return found


PLATFORMS = [
    ("区委组织部", "D02", ["姓名", "身份证号", "性别", "出生日期", "党组织", "联系电话"]),
    ("区委组织部", "D02", ["姓名", "身份证号", "入党时间"]),
    ("区委政法委（综治办）", "D01", ["姓名", "身份证号", "现住址", "联系电话 ", "网格"]),
    ("区委政法委（综治办）", "D01", ["事件编号", "姓名", "地址"]),
    ("区卫生健康委（卫计）", "D03", ["姓名", "身份证号", "婚姻状况", "子女数"]),
    ("区卫生健康委（卫计）", "D03", ["姓名", "身份证号", "孕情"]),
    ("区卫生健康委（卫计）", "D03", ["姓名", "身份证号", "避孕措施"]),
    ("区卫生健康委（卫计）", "D03", ["姓名", "身份证号 ", "流动人口婚育证明"]),
    ("区人力资源和社会保障局", "D04", ["姓名", "身份证号", "就业状态", "联系电话"]),
    ("区人力资源和社会保障局", "D04", ["姓名", "身份证号", "参保状态"]),
    ("区民政局", "D05", ["姓名", "身份证号", "家庭人口", "月收入"]),
    ("区民政局", "D05", ["姓名", "身份证号", "年龄", "补贴类别"]),
    ("区司法局", "D21", ["姓名", "身份证号", "矫正类别"]),
    ("区文化和旅游局", "D13", ["活动名称", "参加人数"]),
    ("区妇联", "D17", ["姓名", "身份证号", "联系电话"]),
    ("区残联", "D16", ["姓名", "身份证号", "残疾类别", "残疾等级"]),
    ("公安分局", "D07", ["姓名", "身份证号", "户籍地址", "现住址"]),
    ("区城市管理局", "D08", ["点位", "问题类型", "照片"]),
    ("区统计局", "D14", ["户主姓名", "家庭人口", "住址"]),
    ("区退役军人事务局", "D22", ["姓名", "身份证号", "入伍时间", "联系电话"]),
    ("区医疗保障局", "D23", ["姓名", "身份证号", "参保状态", "ＱＱ号"]),
    ("区应急管理局", "D10", ["隐患点", "负责人", "联系电话", "QQ号"]),
]
PLATFORM_SUFFIX = ["信息系统", "管理平台", "服务系统", "工作平台", "APP", "工作群"]
BOARDS = [8, 7, 5, 22, 7, 6, 6, 8, 6, 6, 5]  # 86 in all, 22 in one community
BODIES = [20, 18, 12, 52, 15, 22, 14, 25, 16, 18, 12]  # 52 leading groups in one community
BOARD_NAMES = [
    "社区党组织",
    "社区居民委员会",
    "综治工作站",
    "警务室",
    "人民调解委员会",
    "计生服务站",
    "卫生服务站",
    "劳动保障工作站",
    "民政工作站",
    "司法所工作站",
    "残疾人协会",
    "妇女之家",
    "关工委",
    "老年协会",
    "科普活动室",
    "图书室",
    "禁毒工作站",
    "消防工作站",
    "安全生产工作站",
    "统计工作站",
    "党员活动室",
    "退役军人服务站",
]


def _spread(index: int, total: int, start, end):
    """The index-th of `total` dates spread evenly between start and end (inclusive)."""
    from datetime import timedelta

    span = (end - start).days
    return start + timedelta(days=(index * span) // max(total - 1, 1))


def demo_period(year: int):
    """The demo records' dates: the year, up to today when it is the current year."""
    from datetime import date

    from django.utils import timezone

    today = timezone.localdate()
    end = min(today, date(year, 12, 31)) if year >= today.year else date(year, 12, 31)
    return date(year, 1, 1), max(end, date(year, 1, 1))


@transaction.atomic
def demo_records_create(*, year: int) -> dict[str, int]:
    """Build the raw burden records of the 11 surveyed communities for `year`.

    Deterministic and idempotent: catalog rows upsert by code; record rows carry the row key
    ``demo<year>-…`` and are deleted and recreated on every run. The burden report of scope
    ``all`` then reproduces the seed-000 figures (26 departments, 215 items, 170 administrative …).
    """
    from datetime import timedelta
    from decimal import Decimal

    from certificates.models import CertificateKind, CertificateRecord
    from inspections.models import Inspection, Meeting, Platform, PlatformUsage, Signboard, TemporaryTask
    from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportSubmission
    from tasks.models import TaskAssignment, TaskItem, WorkLog

    prefix = f"demo{year}-"
    for model in (WorkLog, TaskAssignment, Inspection, Meeting, TemporaryTask, Signboard, PlatformUsage,
                  LedgerBook, ReportSubmission, CertificateRecord):  # fmt: skip
        model.objects.filter(row_id__startswith=prefix).delete()

    start, end = demo_period(year)
    departments = Department.objects.in_bulk(field_name="code")
    dept_name = {code: d.name for code, d in departments.items()}
    communities = list(Community.objects.filter(code__in=[c[0] for c in COMMUNITIES]).order_by("code"))

    def upsert(model, rows, fields):
        model.objects.bulk_create(rows, update_conflicts=True, unique_fields=["code"], update_fields=fields)
        return model.objects.filter(code__in=[r.code for r in rows]).in_bulk(field_name="code")

    # Task items: 215 from 26 departments; 45 service (20.93 %), 8 on the negative list.
    items = []
    for code, n in TASK_ITEMS_PER_DEPARTMENT.items():
        short = dept_name[code].removeprefix("区委").removeprefix("区").split("（")[0]
        for k in range(n):
            idx = len(items)
            service = (45 * idx) % 215 < 45
            items.append(
                TaskItem(
                    code=f"T{idx + 1:03d}",
                    name=f"{short}·{TASK_NAMES[(idx * 7 + k) % len(TASK_NAMES)]}",
                    department=departments[code],
                    list_class="negative"
                    if idx % 27 == 13
                    else ("statutory" if idx % 3 == 0 else "assisting"),
                    nature="service" if service else "administrative",
                    funds_per_year=Decimal(2000 + 500 * (idx % 5)) if idx % 4 == 0 else Decimal(0),
                )
            )
    items_by_code = upsert(TaskItem, items, ["name", "department", "list_class", "nature", "funds_per_year"])
    records: dict[str, list] = {name: [] for name in ("assign", "insp", "ledger", "report", "cert", "usage",
                                                      "meeting", "temp", "sign", "log")}  # fmt: skip
    for idx, item in enumerate(items):
        for j in range(3 + idx % 5):
            community = communities[(idx * 7 + j) % 11]
            records["assign"].append(
                TaskAssignment(
                    row_id=f"{prefix}ta-{idx}-{j}",
                    community=community,
                    task_item=items_by_code[item.code],
                    assigned_on=_spread((idx * 13 + j * 29) % 240, 240, start, end),
                    approved=(idx + j) % 6 != 0,
                    count=1 + (idx + j) % 2,
                )
            )

    # Inspections: 23 departments, 68 topics, 144–154 a year per community.
    for c, community in enumerate(communities):
        total = 144 + c
        for t in range(total):
            topic = (t + c * 5) % len(INSPECTION_TOPICS)
            records["insp"].append(
                Inspection(
                    row_id=f"{prefix}in-{c}-{t}",
                    community=community,
                    department=departments[INSPECTION_DEPARTMENTS[topic % len(INSPECTION_DEPARTMENTS)]],
                    topic=INSPECTION_TOPICS[topic],
                    kind=("inspection", "evaluation", "ranking", "campaign", "supervision")[t % 5],
                    date=_spread(t, total, start, end),
                    prep_hours=Decimal(2 + topic % 4),
                    veto=topic % 7 == 0,
                )
            )

    # Ledgers: 70 ledger types; each community keeps (types, books) as in LEDGERS.
    ledger_types = [
        LedgerType(
            code=f"L{n + 1:03d}",
            name=f"{LEDGER_NAMES[n % len(LEDGER_NAMES)]}"
            + (f"（{n // len(LEDGER_NAMES) + 1}）" if n >= len(LEDGER_NAMES) else ""),
            department=departments[f"D{n % 26 + 1:02d}"],
            retention=("permanent", "long", "short")[n % 3],
        )
        for n in range(70)
    ]
    ledger_types_by_code = upsert(LedgerType, ledger_types, ["name", "department", "retention"])
    for c, (community, (types, books)) in enumerate(zip(communities, LEDGERS, strict=True)):
        base, extra = divmod(books, types)
        for k in range(types):
            lt = ledger_types[(c * 5 + k) % 70]
            records["ledger"].append(
                LedgerBook(
                    row_id=f"{prefix}lb-{c}-{k}",
                    community=community,
                    ledger_type=ledger_types_by_code[lt.code],
                    year=year,
                    books=base + (1 if k < extra else 0),
                )
            )

    # Report forms: 86 kinds; each community files about 64 of them, 440+ copies a year.
    forms = [
        ReportForm(
            code=f"R{n + 1:03d}",
            name=f"{INSPECTION_TOPICS[n % len(INSPECTION_TOPICS)]}统计表" + ("（季报）" if n >= 68 else ""),
            department=departments[f"D{n % 26 + 1:02d}"],
            frequency=("monthly", "quarterly", "yearly", "adhoc")[n % 4],
        )
        for n in range(REPORT_FORMS)
    ]
    forms_by_code = upsert(ReportForm, forms, ["name", "department", "frequency"])
    for c, community in enumerate(communities):
        chosen = [f for f in range(REPORT_FORMS) if (f + c) % 4 != 0]
        for k, f in enumerate(chosen):
            records["report"].append(
                ReportSubmission(
                    row_id=f"{prefix}rs-{c}-{f}",
                    community=community,
                    report_form=forms_by_code[forms[f].code],
                    date=_spread(k, len(chosen), start, end),
                    count=6 + f % 3,
                )
            )

    # Certificates: 175 kinds asked for by 32 units; 62 frequent, 82 general, 31 occasional;
    # 115 in class C (65.71 %). Each community issues 1,000+ a year. A certificate's class
    # follows its name (the same certificate asked for by another unit is the same class).
    kinds = []
    frequencies = [f for f, n in CERT_FREQUENCIES for _ in range(n)]
    classes = _cert_name_classes()
    for k, frequency in enumerate(frequencies):
        unit, authority = CERT_UNITS[k % len(CERT_UNITS)]
        cert_class, catalog_authority = classes[CERT_NAMES[k % len(CERT_NAMES)]]
        authority = catalog_authority or authority
        kinds.append(
            CertificateKind(
                code=f"Z{k + 1:03d}",
                name=f"{CERT_NAMES[k % len(CERT_NAMES)]}（{unit}）",
                requested_by=unit,
                cert_class=cert_class,
                frequency=frequency,
                responsible_authority=authority if cert_class == "C" else "",
            )
        )
    kinds_by_code = upsert(
        CertificateKind, kinds, ["name", "requested_by", "cert_class", "frequency", "responsible_authority"]
    )
    per_frequency = {"frequent": 30, "general": 13, "occasional": 4}
    for c, community in enumerate(communities):
        handled = [k for k in range(len(kinds)) if (k + c) % 3 != 2]
        for n, k in enumerate(handled):
            kind = kinds[k]
            if kind.cert_class == "C" and (k + c) % 4:
                outcome = ("redirected", "pledged", "refused")[(k + c) % 4 - 1]
                volume = max(1, per_frequency[kind.frequency] // 4)
            else:
                outcome, volume = "issued", per_frequency[kind.frequency]
            records["cert"].append(
                CertificateRecord(
                    row_id=f"{prefix}cr-{c}-{k}",
                    community=community,
                    kind=kinds_by_code[kind.code],
                    date=_spread(n, len(handled), start, end),
                    outcome=outcome,
                    count=volume,
                )
            )

    # Platforms: 22 in use, each asking for the resident base data again.
    platforms = [
        Platform(
            code=f"P{n + 1:02d}",
            name=f"{owner.removeprefix('区')}{PLATFORM_SUFFIX[n % len(PLATFORM_SUFFIX)]}{n + 1}",
            department=departments[code],
            fields=fields,
        )
        for n, (owner, code, fields) in enumerate(PLATFORMS)
    ]
    platforms_by_code = upsert(Platform, platforms, ["name", "department", "fields"])
    for c, community in enumerate(communities):
        for n, platform in enumerate(platforms):
            records["usage"].append(
                PlatformUsage(
                    row_id=f"{prefix}pu-{c}-{n}",
                    community=community,
                    platform=platforms_by_code[platform.code],
                    year=year,
                    hours=Decimal(20 + (n * 7 + c * 3) % 40),
                )
            )

    meeting_departments = ["D27", "D01", "D02", "D05", "D03", "D04", "D08", "D15", "D10", "D17"]
    temporary_departments = {"stability": "D01", "demolition": "D06", "donation": "D26", "blood": "D03",
                             "subscription": "D30", "tax": "D24", "investment": "D27", "other": "D08"}  # fmt: skip
    for c, community in enumerate(communities):
        total = 160 + c
        for m in range(total):
            records["meeting"].append(
                Meeting(
                    row_id=f"{prefix}mt-{c}-{m}",
                    community=community,
                    department=departments[meeting_departments[(m + c) % len(meeting_departments)]],
                    date=_spread(m, total, start, end),
                    hours=Decimal("1.5") if m % 3 else Decimal(2),
                    attendees=1 + m % 3,
                    purpose=("briefing", "training", "other", "briefing", "seat_filling")[m % 5],
                )
            )
        for t in range(24 + c % 4):
            kind = list(temporary_departments)[(t + c) % len(temporary_departments)]
            records["temp"].append(
                TemporaryTask(
                    row_id=f"{prefix}tt-{c}-{t}",
                    community=community,
                    department=departments[temporary_departments[kind]],
                    date=_spread(t, 24, start, end),
                    kind=kind,
                    hours=Decimal(3 + t % 5),
                )
            )
        for b in range(BOARDS[c]):
            records["sign"].append(
                Signboard(
                    row_id=f"{prefix}sb-{c}-{b}",
                    community=community,
                    department=departments[f"D{(b + c) % 26 + 1:02d}"],
                    name=BOARD_NAMES[b % len(BOARD_NAMES)] + ("" if b < len(BOARD_NAMES) else f"（{b}）"),
                    kind="board",
                    hung_on=None if b % 2 else start - timedelta(days=365 + b),
                )
            )
        for b in range(BODIES[c]):
            records["sign"].append(
                Signboard(
                    row_id=f"{prefix}bd-{c}-{b}",
                    community=community,
                    department=departments[f"D{(b * 3 + c) % 26 + 1:02d}"],
                    name=f"{INSPECTION_TOPICS[b % len(INSPECTION_TOPICS)]}工作领导小组",
                    kind="body",
                )
            )
        # Boards taken down this year: they no longer count at the year's end.
        records["sign"].append(
            Signboard(
                row_id=f"{prefix}sb-{c}-removed",
                community=community,
                department=departments["D14"],
                name="经济普查办公室（已摘牌）",
                kind="board",
                hung_on=start - timedelta(days=400),
                removed_on=start + timedelta(days=30),
            )
        )

    # A month of work logs up to the period's end, some of it work that bypassed 准入.
    categories = ["task", "inspection", "ledger", "report", "certificate", "platform", "meeting", "temporary"]
    for c, community in enumerate(communities):
        for d in range(30):
            day = end - timedelta(days=d)
            if day.weekday() >= 5 or day < start:
                continue
            for e in range(3):
                category = categories[(d + e + c) % len(categories)]
                records["log"].append(
                    WorkLog(
                        row_id=f"{prefix}wl-{c}-{d}-{e}",
                        community=community,
                        date=day,
                        department=departments[f"D{(d * 3 + e + c) % 26 + 1:02d}"],
                        category=category,
                        hours=Decimal("0.5") * (1 + (d + e * 3 + c) % 6),
                        approved=(d + e + c) % 5 != 0,
                    )
                )

    models = {"assign": TaskAssignment, "insp": Inspection, "ledger": LedgerBook, "report": ReportSubmission,
              "cert": CertificateRecord, "usage": PlatformUsage, "meeting": Meeting, "temp": TemporaryTask,
              "sign": Signboard, "log": WorkLog}  # fmt: skip
    for key, rows in records.items():
        models[key].objects.bulk_create(rows, batch_size=500)
    return {key: len(rows) for key, rows in records.items()}
