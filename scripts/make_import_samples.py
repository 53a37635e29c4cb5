#!/usr/bin/env python3
"""Write the sample import files of docs/import/ (one per kind, as a team would
have them): `python scripts/make_import_samples.py`. They import into the demo
data as manager_a (accounts first, then the others)."""

import csv
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from prospects.identity import credit_code_check_character  # noqa: E402

OUT = ROOT / "docs" / "import"


def code(body):
    return body + credit_code_check_character(body)


ACCOUNTS = [
    ["客户名称", "统一社会信用代码", "地区", "地址", "负责人", "协作同事", "状态", "上级单位"],
    ["无锡锦程智能装备有限公司", code("91320200MA1W8K3F7"), "江苏", "无锡市新吴区长江路18号", "rep_a1", "rep_a2", "潜在客户", ""],
    ["宁波海曙精工股份有限公司", code("91330203MA2CL7PX1"), "浙江", "宁波市海曙区望春工业园", "rep_a2", "", "potential", "鼎盛控股集团"],
    ["合肥新桥电子科技有限公司", "", "安徽", "合肥市高新区创新大道2800号", "rep_a1", "", "", ""],
]  # fmt: skip
CONTACTS = [
    ["客户名称", "姓名", "职位", "在采购中的角色", "电话", "电子邮件"],
    ["无锡锦程智能装备有限公司", "周建华", "采购总监", "决策人", "13912345678", "zhou@example.com"],
    ["无锡锦程智能装备有限公司", "吴敏", "设备科长", "影响者", "", ""],
    ["宁波海曙精工股份有限公司", "郑立新", "总经理", "decision_maker", "", ""],
]  # fmt: skip
STATEMENTS = [
    ["客户名称", "期间", "营业收入", "营业成本", "净利润", "资产总额", "流动资产", "流动负债", "应收账款", "存货"],
    ["无锡锦程智能装备有限公司", "2024", "186000000", "141000000", "12500000", "230000000", "98000000", "61000000", "32000000", "27000000"],
    ["无锡锦程智能装备有限公司", "2025-H1", "97000000", "73500000", "6900000", "241000000", "104000000", "63000000", "35000000", "29000000"],
]  # fmt: skip
TRANSACTIONS = [
    ["客户名称", "月份", "我方销售额", "客户采购量", "备注"],
    ["无锡锦程智能装备有限公司", "2025-07", "120000", "950000", ""],
    ["无锡锦程智能装备有限公司", "2025-08", "180000", "1010000", "新增刀具订单"],
    ["无锡锦程智能装备有限公司", "2025-09", "210000", "990000", ""],
]  # fmt: skip
ENTRIES = [
    ["客户名称", "日期", "访问对象", "开发方式", "滞留时间（分钟）", "业务进度", "客户态度", "备注", "开发人员"],
    ["无锡锦程智能装备有限公司", "2025-06-12 10:00", "周建华", "拜访", "90", "接触客户", "一般", "展会上认识，约了回访", "rep_a1"],
    ["无锡锦程智能装备有限公司", "2025-07-03 14:30", "周建华、吴敏", "电话", "30", "产品说明", "热情", "介绍了新一代主轴", "rep_a2"],
    ["宁波海曙精工股份有限公司", "2025-08-20", "郑立新", "商务宴请", "120", "建议书", "热情", "", "rep_a2"],
]  # fmt: skip


def write_csv(name, rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (OUT / name).write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(name, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(OUT / name)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_xlsx("accounts.xlsx", ACCOUNTS)
    write_csv("accounts-gb18030.csv", ACCOUNTS, encoding="gb18030")
    write_csv("contacts.csv", CONTACTS)
    write_xlsx("statements.xlsx", STATEMENTS)
    write_csv("transactions.csv", TRANSACTIONS)
    write_xlsx("entries.xlsx", ENTRIES)


if __name__ == "__main__":
    main()
