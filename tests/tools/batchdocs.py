#!/usr/bin/env python3
"""batchdocs.py: data files for the batch tests (tests/run.d/81-batch.sh) and bench.

Usage: batchdocs.py DIR N [BAD...]
Writes DIR/doc-000.json .. doc-(N-1).json: short notices (head, title, addressee,
paragraphs, headings, signature) that differ in their words and length, chosen by a PRNG
seeded with the document's number, so the same N gives the same files. Each index in BAD
gets one error, by index modulo 3: an unknown key, a value of the wrong type, a duplicate
key; standard output gets a JSON object that maps each bad file's name to where that error is (line, column in code
points, JSON pointer), found in the text written, not assumed. Python 3 standard library only.
"""
import json
import random
import sys

SENTENCES = [
    "各地区、各部门要按照有关规定，做好信息公开工作，细化公开内容，提高公开质量。",
    "加强政策解读，增强政策的公信力和执行力，更好地服务群众。",
    "推进重大建设项目批准和实施领域政府信息公开，及时回应社会关切。",
    "完善依申请公开工作机制，依法保障人民群众合理信息需求。",
    "各单位要高度重视，明确责任分工，确保各项工作落到实处。",
    "加强政府网站和政务新媒体建设，提升在线服务能力。",
    "严格执行保密审查制度，防止泄露国家秘密和工作秘密。",
    "本通知自印发之日起施行，执行中遇到的问题请及时报告。",
    "请于本年度第四季度前将落实情况书面报送办公室。",
    "各级行政机关要把政务公开纳入绩效考核体系，权重不低于4%。",
]
HEADINGS = ["总体要求", "重点工作", "保障措施", "工作安排", "有关要求"]
ORGS = ["青铜峡市信访局", "某某市人民政府办公室", "某某县财政局", "某某区教育局"]


def document(i):
    """The data of document i (a dict)."""
    r = random.Random(i)
    org = r.choice(ORGS)
    body = [{"title": "关于做好第%d批%s的通知" % (i + 1, r.choice(HEADINGS))},
            {"to": "各乡镇人民政府，市直各部门："}]
    for h in range(r.randint(1, 3)):
        body.append({"h1": r.choice(HEADINGS)})
        for _ in range(r.randint(1, 4)):
            body.append({"p": "第%d项：%s" % (r.randint(1, 99), r.choice(SENTENCES))})
    body.append({"signature": {"org": org, "date": "2021-%02d-%02d" % (1 + i % 12, 1 + i % 28)}})
    return {
        "meta": {"title": "通知%d" % i, "author": org, "date": "2021-01-15"},
        "head": {"issuer": org, "suffix": "文件", "number": "某发〔2021〕%d号" % (i + 1)},
        "body": body,
    }


def position(text, offset):
    """1-based (line, column in code points) of the character at offset in text."""
    before = text[:offset]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return line, col


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    bad = [int(x) for x in sys.argv[3:]]
    expect = {}
    for i in range(n):
        d = document(i)
        name = "doc-%03d.json" % i
        kind = bad.index(i) % 3 if i in bad else -1
        if kind == 1:
            d["body"][2] = {"p": 42}
        text = json.dumps(d, ensure_ascii=False, indent=2)
        if kind == 0:
            # an unknown key in the head: reported at the key
            text = text.replace('"suffix":', '"sufix":', 1)
            off, ptr = text.index('"sufix"'), "/head/sufix"
        elif kind == 1:
            # "p" must be text: reported at the value
            off, ptr = text.index("42", text.index('"p": 42')), "/body/2/p"
        elif kind == 2:
            # a duplicate key in meta: reported at the second key
            first = text.index('"title"')
            text = text[:first] + '"title": "x",\n    ' + text[first:]
            off, ptr = text.index('"title"', first + 1), "/meta/title"
        if kind >= 0:
            line, col = position(text, off)
            expect[name] = {"line": line, "column": col, "pointer": ptr}
        with open("%s/%s" % (out, name), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    json.dump(expect, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
