#!/usr/bin/env python3
"""make.py: writes the real-shaped documents of issue 12 part A (table pages) beside itself.

Run from anywhere: python3 tests/cases/i12/tpage/make.py. The documents follow real published
shapes: two county annual reports (2019 and 2021 formats, layouts gov-info-annual-2019/-2021,
their tables from the samples' values), a city 通知 whose attachment is a 56-row project table
with full-width section rows (一、二、三、), and a 国务院办公厅-style 通知 whose attachment
allocates funds to the 31 provinces in four regional row groups (rowspan). Names of offices are
real; figures are made up. sweep(): the same document with K more lines of text before the
tables, so that every table starts at every line of a page (tests/run.d/71-table-pages.sh).
"""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "../../../.."))

PROSE = [
    "坚持以公开为常态、不公开为例外，围绕市委、市政府中心工作和群众关切，持续推进决策、执行、管理、服务、结果公开，",
    "进一步规范政府信息公开申请办理流程，严格落实登记、审核、办理、答复、归档等各环节要求，确保依法依规按时答复，",
    "加强政府门户网站信息公开专栏建设，及时更新机构职能、规范性文件、财政预决算、重大建设项目等法定主动公开内容，",
    "通过政务新媒体、政务服务大厅电子屏和公开查阅点等渠道，拓宽公开途径，方便群众及时、准确获取政府信息，",
    "组织开展政府信息公开工作业务培训，提升工作人员依法公开意识和业务能力，推动信息公开工作制度化、规范化。",
]


def prose(chars, start=0):
    """About `chars` characters of report prose (28 make one line of 三号)."""
    out, i = "", start
    while len(out) < chars:
        out += PROSE[i % len(PROSE)]
        i += 1
    return out[:chars].rstrip("，、") + "。"


def load(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return json.load(f)


def ar2019():
    d = load("samples/annual-report-2020-values.json")
    d["$schema"] = "../../../../schemas/data.schema.json"
    d["meta"]["title"] = "灵武市人民政府办公室2019年政府信息公开工作年度报告"
    d["meta"]["author"] = "灵武市人民政府办公室"
    s = d["slots"]
    s["title"] = [{"title": "灵武市人民政府办公室\n2019年政府信息公开工作年度报告"}]
    s["overall"] = [
        {"p": "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由灵武市人民政府办公室编制。"
              "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
              "存在的主要问题及改进情况、其他需要报告的事项。"},
        {"h2": "主动公开"}, {"p": prose(160, 0)},
        {"h2": "依申请公开"}, {"p": prose(120, 1)},
        {"h2": "政府信息管理"}, {"p": prose(110, 2)},
        {"h2": "平台建设"}, {"p": prose(100, 3)},
        {"h2": "监督保障"}, {"p": prose(90, 4)},
    ]
    s["active_before"] = [{"p": "2019年，我办主动公开政府信息情况如下表。"}]
    s["problems"] = [{"p": prose(150, 1)}, {"p": prose(120, 3)}]
    s["signature"] = [{"signature": {"org": "灵武市人民政府办公室", "date": "2020-01-20"}}]
    return d


def ar2021():
    d = load("samples/annual-report-2021.json")
    d["$schema"] = "../../../../schemas/data.schema.json"
    d["meta"]["title"] = "永宁县自然资源局2022年政府信息公开工作年度报告"
    d["meta"]["author"] = "永宁县自然资源局"
    s = d["slots"]
    s["title"] = [{"title": "永宁县自然资源局\n2022年政府信息公开工作年度报告"}]
    s["overall"] = [
        {"p": "2022年，永宁县自然资源局坚持以公开为常态、不公开为例外，围绕土地征收、国土空间规划、矿产资源管理等群众关切事项推进政府信息公开，现将本年度工作情况报告如下。"},
        {"h2": "主动公开"}, {"p": prose(150, 2)},
        {"h2": "依申请公开"}, {"p": prose(130, 0)},
        {"h2": "政府信息管理"}, {"p": prose(100, 4)},
        {"h2": "政府信息公开平台建设"}, {"p": prose(90, 3)},
        {"h2": "监督保障"}, {"p": prose(80, 1)},
    ]
    s["signature"] = [{"signature": {"org": "永宁县自然资源局", "date": "2023-01-18"}}]
    return d


PROJECTS = {
    "一、产业项目（20个）": [
        ("年产10万吨高性能铝合金材料项目", "宁东能源化工基地管委会", "新建熔铸车间及配套设施", "12.6"),
        ("新能源汽车零部件智能制造产业园", "市工业和信息化局", "建设标准化厂房18万平方米", "8.3"),
        ("现代煤化工精细化学品项目", "宁夏宝丰能源集团股份有限公司", "新建精细化学品生产装置", "25.0"),
        ("光伏组件及电池片生产项目", "市发展和改革委员会", "建设年产5吉瓦电池片生产线", "30.2"),
        ("葡萄酒产业园区基础设施提升工程", "市农业农村局", "园区道路、给排水及酒庄配套设施", "3.6"),
    ],
    "二、基础设施项目（18个）": [
        ("城市快速路二期工程", "市住房和城乡建设局", "建设快速路12.4公里及互通立交3座", "18.5"),
        ("黄河东岸防洪治理工程", "市水务局", "新建堤防21公里，加固险工段6处", "6.8"),
        ("城区供热管网改造工程", "市城市管理局", "改造老旧供热管网46公里", "2.9"),
        ("农村公路提质改造工程", "市交通运输局", "改造农村公路180公里", "4.1"),
        ("城市污水处理厂扩建及提标改造项目", "市水务局", "扩建处理规模5万立方米/日", "3.3"),
        ("智慧城市数据中心建设项目", "市大数据管理服务局", "建设市级政务云及数据中心机房", "1.8"),
    ],
    "三、社会民生项目（18个）": [
        ("市第一人民医院新院区建设项目", "市卫生健康委员会", "建设床位800张的综合医院", "9.7"),
        ("城区中小学校新建及改扩建工程", "市教育局", "新建中学2所、小学3所，改扩建学校6所", "7.4"),
        ("老旧小区改造工程", "市住房和城乡建设局", "改造老旧小区64个，惠及居民1.2万户", "5.2"),
        ("公共租赁住房建设项目", "市住房和城乡建设局", "建设公共租赁住房1200套", "3.1"),
        ("养老服务中心建设项目", "市民政局", "建设床位500张的综合养老服务中心", "1.6"),
        ("全民健身中心建设项目", "市文化旅游体育局", "建设体育馆、游泳馆及室外运动场地", "2.4"),
    ],
}


def notice56():
    """A city 通知 with a 56-row attachment table (序号 in column 1, three section rows)."""
    counts = [20, 18, 18]
    rows = [["序号", "项目名称", "建设单位", "建设内容及规模", "总投资（亿元）"]]
    n = 0
    for (label, items), cnt in zip(PROJECTS.items(), counts):
        rows.append([{"text": label, "colspan": 5, "align": "left"}])
        for k in range(cnt):
            name, unit, what, money = items[k % len(items)]
            if k >= len(items):
                name = name.replace("项目", "（%s期）项目" % "二三四五"[(k // len(items)) - 1]) if "项目" in name else name + "（续建）"
            n += 1
            rows.append([str(n), name, unit, what, money])
    body = [
        {"p": "各县（区）人民政府，市政府各部门、各直属机构："},
        {"p": "《2024年市级重点建设项目计划》已经市人民政府同意，现印发给你们，请认真组织实施。"},
        {"p": prose(220, 2)},
        {"p": "各项目责任单位要倒排工期、挂图作战，确保项目按期开工建设、按时竣工投产，每月5日前向市发展和改革委员会报送项目进展情况。"},
        {"attachment_note": ["2024年市级重点建设项目计划表"]},
        {"signature": {"org": "银川市人民政府办公室", "date": "2024-02-26"}},
    ]
    return {
        "$schema": "../../../../schemas/data.schema.json",
        "layout": "gbt9704",
        "meta": {"title": "银川市人民政府办公室关于印发2024年市级重点建设项目计划的通知", "author": "银川市人民政府办公室"},
        "head": {"issuer": "银川市人民政府办公室", "suffix": "文件", "number": "银政办发〔2024〕12号"},
        "body": [{"title": "银川市人民政府办公室关于印发\n2024年市级重点建设项目计划的通知"}] + body,
        "attachments": [{"title": "2024年市级重点建设项目计划表", "body": [
            {"table": {"header_rows": 1, "columns": ["12mm", "3fr", "2fr", "3fr", "18mm"], "rows": rows}}]}],
        "record": {"cc": "市委各部门，市人大常委会办公厅，市政协办公厅，市纪委监委，市中级人民法院，市人民检察院", "printer": "银川市人民政府办公室", "date": "2024-02-26"},
    }


REGIONS = [
    ("东部地区", ["北京市", "天津市", "河北省", "上海市", "江苏省", "浙江省", "福建省", "山东省", "广东省", "海南省"]),
    ("中部地区", ["山西省", "安徽省", "江西省", "河南省", "湖北省", "湖南省"]),
    ("西部地区", ["内蒙古自治区", "广西壮族自治区", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]),
    ("东北地区", ["辽宁省", "吉林省", "黑龙江省"]),
]


def gwy():
    """A 国务院办公厅-style 通知 with a table attachment of four regional row groups."""
    rows = [["区域", "省（自治区、直辖市）", "衔接资金（万元）", "其中：以工代赈（万元）", "备注"]]
    k = 0
    for region, provs in REGIONS:
        for i, p in enumerate(provs):
            k += 1
            money = str(120000 + 7919 * k % 90000)
            part = str(8000 + 613 * k % 9000)
            note = "含新疆生产建设兵团" if p == "新疆维吾尔自治区" else ("含易地扶贫搬迁后续扶持" if k % 5 == 0 else "")
            cells = [p, money, part, note]
            if i == 0:
                cells = [{"text": region, "rowspan": len(provs)}] + cells
            rows.append(cells)
    rows.append([{"text": "合计", "colspan": 2}, "3869600", "276500", ""])
    body = [
        {"to": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："},
        {"p": "为深入贯彻落实党中央、国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署，经国务院同意，现将2024年中央财政衔接推进乡村振兴补助资金预算下达你们，并就有关事项通知如下。"},
        {"h1": "明确资金使用重点"},
        {"p": prose(260, 1)},
        {"h1": "加强资金监督管理"},
        {"p": prose(240, 3)},
        {"attachment_note": ["2024年中央财政衔接推进乡村振兴补助资金分配表"]},
        {"signature": {"org": "国务院办公厅", "date": "2024-03-15"}},
    ]
    return {
        "$schema": "../../../../schemas/data.schema.json",
        "layout": "gbt9704",
        "meta": {"title": "国务院办公厅关于下达2024年中央财政衔接推进乡村振兴补助资金的通知", "author": "国务院办公厅"},
        "head": {"issuer": "国务院办公厅", "suffix": "文件", "number": "国办发〔2024〕9号"},
        "body": [{"title": "国务院办公厅关于下达2024年中央财政衔接推进\n乡村振兴补助资金的通知"}] + body,
        "attachments": [{"title": "2024年中央财政衔接推进乡村振兴补助资金分配表", "body": [
            {"table": {"header_rows": 1, "columns": ["16mm", "3fr", "2fr", "2fr", "2fr"], "rows": rows}}]}],
        "record": {"cc": "中共中央办公厅，全国人大常委会办公厅，全国政协办公厅，国家监委，最高人民法院，最高人民检察院", "printer": "国务院办公厅", "date": "2024-03-15"},
    }


def sweep(doc, k, where):
    """doc with k more lines of text (28 characters each) before its tables."""
    d = copy.deepcopy(doc)
    p = {"p": prose(28 * k - 2 if k else 0, k)} if k else None
    if not p:
        return d
    if where == "slots":
        d["slots"]["overall"].append(p)
    else:
        d["attachments"][0]["body"].insert(0, p)
    return d


def main():
    docs = {"ar2019.json": ar2019(), "ar2021.json": ar2021(), "notice56.json": notice56(), "gwy-funds.json": gwy()}
    for name, d in docs.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False, indent=1)
            f.write("\n")
    if len(sys.argv) > 2:  # make.py sweep OUTDIR: the sweeps of every document, K = 0..21
        out = sys.argv[2]
        for name, d in docs.items():
            where = "slots" if "slots" in d else "attachment"
            for k in range(22):
                dd = sweep(d, k, where)
                dd["$schema"] = os.path.join(ROOT, "schemas/data.schema.json")
                with open(os.path.join(out, name.replace(".json", "-%02d.json" % k)), "w", encoding="utf-8") as f:
                    json.dump(dd, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
