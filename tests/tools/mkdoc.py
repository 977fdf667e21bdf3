#!/usr/bin/env python3
"""mkdoc.py: writes test documents (data JSON, docs/data-format.md) for the composition checks.

In: KIND [-o OUT.json] (standard output without -o). KIND:
  long        about eight pages of varied Chinese prose with punctuation clusters (。” ，“ ）（
              《》 —— …… 30% 12.4 2020年 APP), h1/h2 headings (plain text: the program numbers
              them) and a signature without a seal whose organ is longer than its date.
  seal        a short document signed with a seal; the seal PNG (tests/tools/mkpng.py) is
              written as seal.png next to the JSON (the current folder without -o).
  alone       a title and pure-Chinese paragraphs that fill pages 1 and 2 to their last grid line
              exactly (26 characters after the indent, 28 on other lines), then a signature
              without a seal whose date is longer than its organ: the signature block would stand
              alone at the top of page 3, so the program must carry body lines with it.
  alone-seal  the same with a sealed signature.
  kinsoku     paragraphs that put every mark that may not start a line at the would-be start of
              a line, every mark that may not end one at the would-be end, and ——, ……, numbers
              and a Latin word across the would-be break, on first lines (26 cells) and on
              continuation lines (28 cells).
  table300    a title, a short paragraph, a captioned table of 300 body rows under a three-row
              merged header (6 columns: 序号 and 项目 rowspan 3, 申请情况 colspan 4 / 自然人
              rowspan 2, 法人或其他组织 colspan 3 / 商业企业 科研机构 其他), then a paragraph and a
              signature. Body row N is labelled 第N行 (unique); its 项目 cell (项目N) spans rows N
              and N+1 for every N = 10, 20, ... (top-aligned), every 7th 项目 is long enough to
              wrap (left-aligned), and for N = 203, 403, 603, ... (while 30 rows remain) a 项目 cell spans 30
              rows, a group taller than a page that must be cut, its label repeated; the four
              number cells hold deterministic counts (right-aligned on every 5th row), and every
              13th row leaves 其他 empty (null). Over eight pages.
  table1000, table5000   the same with 1,000 and 5,000 body rows (make bench).
  x50         the sample (samples/annual-report-2020.json) with its body fifty times between its
              title and its signature (~340 pages), the signature sealed (seal.png written next
              to the JSON): issue 14's long document (make bench, make profile, 90-streams).
The grid arithmetic assumes layouts/gbt9704.json: 28 cells a line, 22 lines a page, a title of
one line followed by one blank line, paragraphs indented 2 cells.
Output is deterministic.
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ideographs only (no punctuation), cycled to fill lines to an exact number of cells
FILL = ("我局高度重视政府信息公开工作严格按照上级部署和要求及时成立工作领导小组将信息公开与业务工作同部署"
        "同研究定期召开会议组织干部职工学习有关文件精神研究本单位公开内容安排部署各项任务落实全市目标"
        "精心打造公开平台优化微信公众号布局充实公开内容明确推行工作时限制度按照决策执行管理服务结果"
        "五公开的要求公开政府信息并对发生变化或失效的信息及时更新坚持定时通报制度有力促进政务公开")


class Filler:
    def __init__(self, start=0):
        self.i = start

    def take(self, n):
        out = "".join(FILL[(self.i + k) % len(FILL)] for k in range(n))
        self.i += n
        return out


def para_lines(f, n, last=20):
    """A paragraph of exactly n grid lines: 26 cells, then 28, the last line `last` cells, with a
    comma well inside some lines and 。 at the end (no mark near a line edge)."""
    lines = []
    for i in range(n):
        w = 26 if i == 0 else 28
        if i == n - 1:
            w = last if n > 1 else min(last, 26)
        s = f.take(w - 1) + "。" if i == n - 1 else f.take(w)
        if i < n - 1 and w > 20:
            s = s[:12] + "，" + s[13:]
        lines.append(s)
    return "".join(lines)


def long_doc():
    rnd = random.Random(9704)
    clauses = [
        "坚持以公开为常态、不公开为例外", "全面推进决策、执行、管理、服务、结果“五公开”",
        "认真贯彻落实《中华人民共和国政府信息公开条例》", "及时回应社会关切和群众诉求",
        "依托政府网站、微信公众号和手机APP等渠道发布信息", "全年主动公开政府信息1286条，同比增长30%",
        "在“12.4”国家宪法日开展集中宣传活动", "2020年共受理依申请公开事项45件",
        "对照《政府信息公开工作要点》逐项抓好落实", "进一步规范依申请公开的受理、审查、答复等环节",
        "办理结果的满意率达到98.5%", "扎实推进基层政务公开标准化规范化建设",
        "加强对公开内容的保密审查", "完善信息发布协调机制",
    ]
    patterns = [
        "{a}，{b}。", "{a}；{b}。", "{a}，“{b}”。", "他强调：“{a}，{b}。”", "{a}（以下简称“{c}”），{b}。",
        "{a}——{b}。", "{a}、{c}、{c2}……{b}。", "会议提出三个问题：{c}？{c2}？{b}？", "{a}！",
        "“{c}”“{c2}”两项制度已印发（试行）（修订稿），{b}。", "{a}：一是{c}；二是{c2}；三是{b}。",
        "《{c}》《{c2}》相继出台，{b}。", "{a}，即“{c}‘{c2}’”的要求。", "{a}——这是{b}的关键……",
        "{a}（见附表1）。", "记者问：“{c}吗？”答：“{b}。”",
    ]
    shorts = ["放管服", "互联网+政务服务", "最多跑一次", "一网通办", "政务公开", "信息公开指南",
              "公开目录", "依申请公开", "年度报告", "数据开放"]

    def sentence():
        p = rnd.choice(patterns)
        return p.format(a=rnd.choice(clauses), b=rnd.choice(clauses), c=rnd.choice(shorts),
                        c2=rnd.choice(shorts))

    def paragraph(n):
        return "".join(sentence() for _ in range(n))

    body = [{"title": "青铜峡市人民政府办公室\n关于2020年政务公开工作情况的报告"}]
    heads = [("总体情况", ["主动公开情况", "依申请公开情况"]),
             ("主要做法", ["加强组织领导", "完善平台建设", "强化监督保障"]),
             ("存在的问题", ["公开内容不够全面", "解读回应不够及时"]),
             ("下一步工作安排", ["深化重点领域公开", "提升政务服务水平"])]
    est = 3  # grid lines: title 2 + blank

    def est_lines(text):
        cells = sum(0.5 if c.isascii() else 1 for c in text) + 2
        return -(-int(cells) // 28)

    while est < 8 * 22:
        for h1, h2s in heads:
            body.append({"h1": h1})
            est += 1
            body.append({"p": paragraph(rnd.randint(2, 4))})
            est += est_lines(body[-1]["p"])
            for h2 in h2s:
                body.append({"h2": h2})
                est += 1
                for _ in range(rnd.randint(1, 3)):
                    body.append({"p": paragraph(rnd.randint(1, 5))})
                    est += est_lines(body[-1]["p"])
            if est >= 8 * 22:
                break
        heads = [(h + "（续）", [s + "（续）" for s in ss]) for h, ss in heads]
    body.append({"p": "特此报告。"})
    body.append({"signature": {"org": "青铜峡市人民政府办公室", "date": "2021-01-15"}})
    return {"meta": {"title": "青铜峡市人民政府办公室关于2020年政务公开工作情况的报告", "date": "2021-01-15"},
            "body": body}


def seal_doc(png_dir):
    subprocess.run([sys.executable, os.path.join(HERE, "mkpng.py"), os.path.join(png_dir, "seal.png")], check=True)
    f = Filler(7)
    return {"meta": {"title": "青铜峡市信访局关于信访工作情况的通报", "date": "2021-01-15"},
            "body": [{"title": "青铜峡市信访局\n关于信访工作情况的通报"},
                     {"p": "各乡镇人民政府，市直各部门："},
                     {"p": para_lines(f, 3, 17)},
                     {"p": "2020年，全市信访形势总体平稳，群众满意率达到98.5%，“最多跑一次”改革成效明显。"},
                     {"p": para_lines(f, 2, 9)},
                     {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}]}


def x50_doc(png_dir):
    subprocess.run([sys.executable, os.path.join(HERE, "mkpng.py"), os.path.join(png_dir, "seal.png")], check=True)
    with open(os.path.join(HERE, "..", "..", "samples", "annual-report-2020.json"), encoding="utf-8") as fp:
        d = json.load(fp)
    body = d["body"]
    d["body"] = body[:1] + body[1:-1] * 50 + body[-1:]
    sig = [b for b in d["body"] if "signature" in b][-1]["signature"]
    sig["seal"] = "seal.png"
    return d


def alone_doc(seal_dir=None):
    f = Filler(3)
    # page 1: title (grid line 1) + blank (2) + 20 lines; page 2: 22 lines. Then the signature.
    paras = [5, 5, 5, 5, 6, 6, 5, 5]
    body = [{"title": "关于做好年度政务信息公开工作的通知"}]
    body += [{"p": para_lines(f, n)} for n in paras]
    sig = {"org": "市信访局", "date": "2021-12-25"}
    if seal_dir is not None:
        subprocess.run([sys.executable, os.path.join(HERE, "mkpng.py"), os.path.join(seal_dir, "seal.png")],
                       check=True)
        sig["seal"] = "seal.png"
    body.append({"signature": sig})
    return {"meta": {"title": "关于做好年度政务信息公开工作的通知", "date": "2021-12-25"}, "body": body}


def kinsoku_doc():
    f = Filler(11)
    body = [{"title": "行首行尾禁则测试"}]
    # closing marks and others that may not start a line, each right after a full line
    not_start = ["。", "，", "、", "；", "：", "？", "！", "”", "’", "）", "〕", "】", "》", "〉", "」", "』",
                 "·", "／", "/", "～", "–", "。”", "）。", "！”", "》，", "……", "——"]
    # opening marks that may not end a line, each in a line's last cell
    not_end = [("“", "”"), ("‘", "’"), ("（", "）"), ("〔", "〕"), ("【", "】"), ("《", "》"), ("〈", "〉"),
               ("「", "」"), ("『", "』"), ("／", ""), ("/", ""), ("“《", "》”"), ("（“", "”）")]
    # units that would straddle a line end
    straddle = ["——", "……", "2020年", "12.4", "30%", "APP"]
    for i, m in enumerate(not_start):
        lead = 26 if i % 2 == 0 else 26 + 28           # first line, or a continuation line
        body.append({"p": f.take(lead) + m + f.take(9) + "。"})
    for i, (o, c) in enumerate(not_end):
        lead = 25 if i % 2 == 0 else 26 + 27
        body.append({"p": f.take(lead) + o + f.take(4) + c + f.take(8) + "。"})
    for i, u in enumerate(straddle):
        for lead in (25, 26 + 27):
            body.append({"p": f.take(lead) + u + f.take(10) + "。"})
    # a closing mark after a full line that already ends with a mark (nothing to squeeze)
    body.append({"p": f.take(25) + "，" + "”" + f.take(12) + "。"})
    body.append({"signature": {"org": "禁则测试组", "date": "2021-01-15"}})
    return {"meta": {"title": "行首行尾禁则测试", "date": "2021-01-15"}, "body": body}


def table_doc(n):
    """A table of n body rows under a three-row merged header (see table300 above)."""
    rnd = random.Random(9704 + n)
    rows = [
        [{"text": "序号", "rowspan": 3}, {"text": "项目", "rowspan": 3}, {"text": "申请情况", "colspan": 4}],
        [{"text": "自然人", "rowspan": 2}, {"text": "法人或其他组织", "colspan": 3}],
        ["商业企业", "科研机构", "其他"],
    ]
    tall = 30  # rows of a group taller than a page (under the repeated header)
    covered = 0  # rows still covered by a 项目 cell from above
    for i in range(1, n + 1):
        row = [f"第{i}行"]
        if covered:
            covered -= 1
        elif i % 200 == 3 and i > 200 and i + tall - 1 <= n:
            row.append({"text": f"项目{i}（合并{tall}行）", "rowspan": tall, "valign": "middle"})
            covered = tall - 1
        elif i % 7 == 0:
            row.append({"text": f"依申请公开事项办理情况统计项目{i}（含补正）", "align": "left"})
        elif i % 10 == 0 and i < n:
            row.append({"text": f"项目{i}", "rowspan": 2, "valign": "top"})
            covered = 1
        else:
            row.append(f"项目{i}")
        nums = [rnd.randint(0, 9999) for _ in range(4)]
        if i % 5 == 0:
            row += [{"text": str(v), "align": "right"} for v in nums]
        else:
            row += nums
        if i % 13 == 0:
            row[-1] = None
        rows.append(row)
    table = {"columns": ["auto", "2fr", "1fr", "1fr", "1fr", "1fr"], "header_rows": 3,
             "caption": f"表1　政府信息公开申请情况（{n}行）", "rows": rows}
    body = [{"title": "政府信息公开申请情况统计表"},
            {"p": "现将本年度政府信息公开申请的办理情况统计如下。"},
            {"table": table},
            {"p": "以上数据截至2020年12月31日。"},
            {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15"}}]
    return {"meta": {"title": "政府信息公开申请情况统计表", "date": "2021-01-15"}, "body": body}


def main():
    args = sys.argv[1:]
    out = None
    if "-o" in args:
        i = args.index("-o")
        if i + 1 >= len(args):
            sys.exit("mkdoc.py: -o needs a path")
        out = args[i + 1]
        del args[i:i + 2]
    kinds = ("long", "seal", "alone", "alone-seal", "kinsoku", "table300", "table1000", "table5000", "x50")
    if len(args) != 1 or args[0] not in kinds:
        sys.exit(f"usage: mkdoc.py {'|'.join(kinds)} [-o OUT.json]")
    kind = args[0]
    folder = os.path.dirname(os.path.abspath(out)) if out else os.getcwd()
    doc = {"long": long_doc, "kinsoku": kinsoku_doc,
           "seal": lambda: seal_doc(folder), "alone": alone_doc,
           "alone-seal": lambda: alone_doc(folder), "table300": lambda: table_doc(300),
           "table1000": lambda: table_doc(1000), "table5000": lambda: table_doc(5000),
           "x50": lambda: x50_doc(folder)}[kind]()
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as fp:
            fp.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
