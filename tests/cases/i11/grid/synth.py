#!/usr/bin/env python3
"""synth.py: synthetic 公文 pages for gridcheck's tests (tests/run.d/69-samples.sh).

Usage: synth.py CASE OUT.pdf        (synth.py --list names the cases)

Each case is a document drawn straight into a PDF, character by character, on the GB/T 9704
grid (A4, type area 28..184 x 37..262 mm, 22 lines of 28 cells of 15.79 pt, em box top of line
k at 37 mm + k x 28.99 pt): a good document of each family (通知 with 版头, 附件, blank page and
版记; 信函; 命令 with a 签名章; 纪要; a joint signature) and, for every gridcheck rule that the
family adds, a copy with exactly one defect. The fonts are not embedded (Type0, UniGB-UTF16-H,
Adobe-GB1), named FandolFang-Regular / FandolHei-Regular / FZXiaoBiaoSong-B05: MuPDF substitutes
a face and reports the names, which is all gridcheck reads. Seals and stamps are small red RGB
images scaled to their box. Nothing here runs gongwen: these pages test the checker, not the
typesetter.
"""
import sys
import zlib

MM = 72 / 25.4
W, H = 595.276, 841.89
X0, Y0, X1, Y1 = 28 * MM, 37 * MM, 184 * MM, 262 * MM
CELL = 156 * MM / 28
PITCH = 225 * MM / 22
FONTS = {"fang": "FandolFang-Regular", "hei": "FandolHei-Regular", "song": "FZXiaoBiaoSong-B05"}
RED = (0.8, 0.0, 0.0)


def adv(c, size):
    return size / 2 if ord(c) < 128 else CELL * size / 16


class Page:
    def __init__(self, number=None):
        self.ops, self.images, self.number = [], [], number

    def text(self, s, x, top, size=16, font="fang", color=(0, 0, 0)):
        """s from x (pt) with its em box top at top (pt from the page top)."""
        base = H - (top + 0.88 * size)
        self.ops.append(f"{color[0]} {color[1]} {color[2]} rg")
        for c in s:
            if c != " ":
                u = c.encode("utf-16-be").hex().upper()
                self.ops.append(f"BT /{font} {size} Tf 1 0 0 1 {x:.3f} {base:.3f} Tm <{u}> Tj ET")
            x += adv(c, size)
        return x

    def width(self, s, size=16):
        return sum(adv(c, size) for c in s)

    def line(self, k, s, x=X0, size=16, font="fang", color=(0, 0, 0)):
        return self.text(s, x, Y0 + k * PITCH, size, font, color)

    def center(self, top, s, size=16, font="fang", color=(0, 0, 0)):
        self.text(s, (X0 + X1) / 2 - self.width(s, size) / 2, top, size, font, color)

    def right(self, top, s, edge, size=16, font="fang"):
        self.text(s, edge - self.width(s, size), top, size, font)

    def rule(self, x0, x1, y, thick, color=(0, 0, 0)):
        """A filled flat rectangle, y its centre (pt from the top)."""
        self.ops.append(f"{color[0]} {color[1]} {color[2]} rg {x0:.3f} {H - y - thick / 2:.3f} "
                        f"{x1 - x0:.3f} {thick:.3f} re f")

    def image(self, x0, y0, x1, y1):
        n = len(self.images)
        self.images.append(n)
        self.ops.append(f"q {x1 - x0:.3f} 0 0 {y1 - y0:.3f} {x0:.3f} {H - y1:.3f} cm /Im{n} Do Q")


def para(pg, k, text, indent=2, x=X0, cells=28):
    """A justified paragraph from line k: the first line indented, full lines of exactly their
    cell count (the text is pure Chinese); returns the next free line."""
    i, first = 0, True
    while i < len(text):
        ind = indent if first else 0
        n = cells - ind
        pg.line(k, text[i:i + n], x + ind * CELL)
        i += n
        k += 1
        first = False
    return k


FILL = "这是一段用于检查版心网格的示例正文内容各行对齐"


def body_text(n):
    return (FILL * 20)[:n] + "。"


def page_number(pg, n):
    s = f"— {n} —"
    top = Y1 + 7 * MM
    w = pg.width(s, 14) - adv(" ", 14) * 0  # the dashes are full width here
    w = sum(CELL * 14 / 16 if ord(c) > 127 else 7 for c in s)
    if n % 2:
        pg.text(s, X1 - 14 - w, top, 14, "song")
    else:
        pg.text(s, X0 + 14, top, 14, "song")


def notice_head(pg, red=RED, wide=False, comma=False):
    pg.line(0, "000001", font="fang")
    pg.line(1, "机密★1年", font="hei")
    top = Y0 + 35 * MM
    s = "某某市人民政府文件"
    size = 52 if wide else 32
    pg.center(top, s, size, "song", red)
    num = "，某政发〔2024〕1号" if comma else "某政发〔2024〕1号"
    pg.center(top + size + 2 * PITCH - 6, num)
    y = top + size + 2 * PITCH - 6 + 16 + 4 * MM
    pg.rule(X0, X1, y, 1.5, red)
    return y


def sig_single(pg, k):
    org, date = "某某市人民政府", "2024年3月1日"
    pg.right(Y0 + k * PITCH, org, X1 - 2 * CELL)
    ox = X1 - 2 * CELL - pg.width(org)
    pg.text(date, ox + 2 * CELL, Y0 + (k + 1) * PITCH)


def record(pg, bottom=Y1, size=14, comma=False, thin=0.25):
    """版记 at the foot of the type area: rules 0.35/0.25/0.35 mm, 抄送 and 印发 lines."""
    lh = 14 + 0.5 * PITCH
    y3 = bottom
    y2 = y3 - lh
    y1 = y2 - lh
    # the first and last rules as one stroke of two subpaths (no table for all that)
    t = 0.35 * MM
    ya, yb = H - y1, H - (y3 - t / 2)
    pg.ops.append(f"0 0 0 RG {t:.4f} w {X0:.3f} {ya:.3f} m {X1:.3f} {ya:.3f} l {X0:.3f} {yb:.3f} m {X1:.3f} {yb:.3f} l S")
    pg.rule(X0, X1, y2, thin * MM)
    cc = "，市委各部门" if comma else "抄送：市委各部门，市人大常委会办公室。"
    pg.text(cc, X0 + 14, y1 + (lh - size) / 2, size)
    t = y2 + (lh - size) / 2
    pg.text("某某市人民政府办公室", X0 + 14, t, size)
    pg.right(t, "2024年3月1日印发", X1 - 14, size)


def attachment(pg, label_x=X0, label_font="hei", title_line=2):
    pg.line(0, "附件1", x=label_x, font=label_font)
    pg.center(Y0 + title_line * PITCH, "附件标题示例", 22, "song")
    para(pg, title_line + 2, body_text(60))


def doc_notice(v):
    """通知: 版头 (份号, 密级, red 标志, 发文字号, red rule), title, body, 附件说明 with a hanging
    indent, signature; a 附件 page; a blank page; the 版记 page."""
    p1 = Page(1)
    y = notice_head(p1, wide=v == "head-wide", comma=v == "head-comma")
    k = int((y - Y0) / PITCH) + 3
    p1.center(Y0 + k * PITCH, "关于示例事项的通知", 22, "song")
    k += 2
    p1.line(k, "各区县人民政府：", X0 + (2 * CELL if v == "to-indent" else 0))
    k += 1
    k = para(p1, k, body_text(40))
    if v == "body-off-grid":
        p1.text(body_text(10), X0 + 2 * CELL, Y0 + k * PITCH + 2)
        k += 1
    # 附件说明 (7.3.4): 附件：1.名称, a long name wraps under the name, 2. under 1.
    k += 1
    x = p1.line(k, "附件：", X0 + 2 * CELL)
    xn = p1.text("1.", x, Y0 + k * PITCH)
    name = "关于某某事项的实施方案和具体安排以及有关工作要求的说明材料"
    first = int((X1 - xn) / CELL + 1e-6)
    step = (X1 - CELL - xn) / (first - 1)  # justified: the line ends at 184 mm
    for i, c in enumerate(name[:first]):
        p1.text(c, xn + i * step, Y0 + k * PITCH)
    cont_x = xn + (CELL if v == "hang-off" else 0)
    p1.text(name[first:], cont_x, Y0 + (k + 1) * PITCH)
    p1.text("2.", x, Y0 + (k + 2) * PITCH)
    p1.text("另一份附件名称", x + 16, Y0 + (k + 2) * PITCH)
    k += 4
    sig_single(p1, k)
    p2 = Page(2)
    attachment(p2, label_x=X0 + (2 * MM if v == "att-left" else 0), label_font="fang" if v == "att-font" else "hei",
               title_line=1 if v == "att-title" else 2)
    p3 = Page(None if v != "blank-numbered" else 3)
    p4 = Page(4 if v == "record-numbered" else None)
    record(p4, bottom=Y1 - (3 * MM if v == "record-high" else 0), size=16 if v == "record-size" else 14,
           comma=v == "record-comma")
    pages = [p1, p2, p3, p4]
    if v == "blank-early":
        pages = [p1, Page(None), p2, p3, p4]
        p2.number = 3
    if v == "pn-missing":
        p2.number = None
    for i, pg in enumerate(pages, 1):
        if pg.number:
            pg.number = i
    return pages


def doc_letter(v):
    """信函 (10.1): 标志 30 mm from the page top, red 170 mm double rules 4 mm below it and 20 mm
    above the page bottom, 发文字号 under the first rule, title, body; no number on page 1."""
    p1 = Page(1 if v == "letter-pn" else None)
    top = (25 if v == "letter-high" else 30) * MM
    p1.center(top, "某某市人民政府办公室", 28, "song", RED)
    y = top + 28 + 4 * MM
    shift = 5 * MM if v == "letter-offcentre" else 0
    x0, x1 = W / 2 - 85 * MM + shift, W / 2 + 85 * MM + shift
    if v == "letter-far":
        x0 -= 6 * MM  # 176 mm: not a 信函 rule
    p1.rule(x0, x1, y, 1.0 * MM, RED)
    yb = H - 20 * MM
    # the two thin rules as one stroke of two subpaths (as a painter may draw them)
    p1.ops.append(f"{RED[0]} {RED[1]} {RED[2]} RG 0.85 w {x0:.3f} {H - y - 2 * MM:.3f} m {x1:.3f} {H - y - 2 * MM:.3f} l "
                  f"{x0:.3f} {H - yb + 2 * MM:.3f} m {x1:.3f} {H - yb + 2 * MM:.3f} l S")
    p1.right(y + 2 * MM + 0.875 * 16, "某政办函〔2024〕5号", X1)
    k = int((y + 2 * MM + 0.875 * 16 + 16 - Y0) / PITCH) + 2
    p1.center(Y0 + k * PITCH, "关于商请支持某项工作的函", 22, "song")
    k += 2
    p1.line(k, "某某省某某厅：")
    k = para(p1, k + 1, body_text(120))
    k = para(p1, k, body_text(40))
    sig_single(p1, k + 1)
    p1.rule(x0, x1, yb, 1.0 * MM, RED)
    p2 = Page(2)
    para(p2, 0, body_text(100))
    return [p1, p2]


def stamp_sig(pg, k, off=0.0):
    """签名章 (7.3.5.3): 2 lines below the body, the stamp 4 cells from the right, the title 2 cells
    left of it and centred on it; 1 line below the stamp, the date 4 cells from the right."""
    sx1 = X1 - 4 * CELL + off
    sy0 = Y0 + (k + 2) * PITCH
    sx0, sy1 = sx1 - 2.2 * PITCH, sy0 + PITCH + 16
    pg.image(sx0, sy0, sx1, sy1)
    cy = (sy0 + sy1) / 2
    pg.right(cy - 8, "国务院总理", sx0 - 2 * CELL)
    kd = int((sy1 - Y0) / PITCH) + 2
    pg.right(Y0 + kd * PITCH, "二〇二四年三月一日", X1 - 4 * CELL)


def doc_order(v):
    """命令 (10.2): red 标志 20 mm below the type area's top, 令号 2 lines below it, centred, not
    on the grid; body; a 签名章 signature."""
    p1 = Page(1)
    top = Y0 + 20 * MM
    p1.center(top, "中华人民共和国国务院令", 32, "song", RED)
    p1.center(top + 32 + 2 * PITCH - 10, "第12号")
    k = int((top + 32 + 2 * PITCH + 16 - Y0) / PITCH) + 2
    k = para(p1, k, body_text(90))
    if v == "order-off-grid":
        p1.text(body_text(20), X0 + 2 * CELL, Y0 + k * PITCH + 3)
        k += 1
    k = para(p1, k, body_text(30))
    stamp_sig(p1, k, off=3 * MM if v == "stamp-off" else 0)
    return [p1]


def doc_minutes(v):
    """纪要 (10.3): red 标志, body, then attendance lines: 黑体 label + "：" + names, the names'
    continuation lines hanging under the first name."""
    p1 = Page(1)
    p1.center(Y0 + 35 * MM - 40, "某某市人民政府常务会议纪要", 28, "song", RED)
    p1.center(Y0 + 35 * MM, "第3期")
    p1.rule(X0, X1, Y0 + 35 * MM + 16 + 4 * MM, 1.5, RED)
    k = int((35 * MM + 16 + 4 * MM) / PITCH) + 2
    k = para(p1, k, body_text(70))
    k += 1
    x = p1.line(k, "出席", X0 + 2 * CELL, font="hei")
    x = p1.line(k, "：", x)
    names = "张小三、李四、王五、赵六、钱七、孙八、周九、吴十、郑十一、王十二、冯十三"
    n = int((X1 - x) / CELL + 1e-6)
    p1.line(k, names[:n], x)
    hx = x + (-CELL if v == "attend-off" else 0)
    p1.line(k + 1, names[n:], hx)
    x = p1.line(k + 2, "请假", X0 + 2 * CELL, font="hei")
    x = p1.line(k + 2, "：", x)
    p1.line(k + 2, "刘一、杨二", x)
    return [p1]


def doc_joint(v):
    """Joint signature with seals (7.3.5.1): two organs on one line, a seal pressed on each, the
    last one on the date too; the date 4 cells from the right."""
    p1 = Page(1)
    p1.ops.append(f"1 1 1 rg 0 0 {W} {H} re f")  # a white page background: no ink, no table
    p1.center(Y0, "关于联合开展某项工作的通知", 22, "song")
    k = para(p1, 2, body_text(100))
    k += 2
    d = "2024年3月1日"
    dx = X1 - 4 * CELL - p1.width(d)
    o1, o2 = "财政部", "教育部"
    c2 = dx + p1.width(d) / 2
    c1 = c2 - (46 * MM if v != "seal-overlap" else 40 * MM)
    p1.text(o1, c1 - p1.width(o1) / 2, Y0 + k * PITCH)
    p1.text(o2, c2 - p1.width(o2) / 2, Y0 + k * PITCH)
    p1.text(d, dx, Y0 + (k + 1) * PITCH)
    r = 21 * MM
    top = Y0 + (k - 2) * PITCH
    if v == "seal-out":
        c2 += 20 * MM
    p1.image(c1 - r, top, c1 + r, top + 2 * r)
    p1.image(c2 - r, top, c2 + r, top + 2 * r)
    return [p1]


CASES = {
    "notice": (doc_notice, None), "head-wide": (doc_notice, None), "head-comma": (doc_notice, None),
    "body-off-grid": (doc_notice, None), "hang-off": (doc_notice, None), "att-left": (doc_notice, None),
    "att-font": (doc_notice, None), "att-title": (doc_notice, None), "blank-numbered": (doc_notice, None),
    "record-numbered": (doc_notice, None), "record-high": (doc_notice, None), "record-size": (doc_notice, None),
    "record-comma": (doc_notice, None), "blank-early": (doc_notice, None), "pn-missing": (doc_notice, None), "to-indent": (doc_notice, None),
    "letter": (doc_letter, None), "letter-high": (doc_letter, None), "letter-offcentre": (doc_letter, None),
    "letter-pn": (doc_letter, None), "letter-far": (doc_letter, None),
    "order": (doc_order, None), "order-off-grid": (doc_order, None), "stamp-off": (doc_order, None),
    "minutes": (doc_minutes, None), "attend-off": (doc_minutes, None),
    "joint": (doc_joint, None), "seal-overlap": (doc_joint, None), "seal-out": (doc_joint, None),
}


def write_pdf(pages, out):
    objs = []

    def add(o):
        objs.append(o)
        return len(objs)
    fonts = {}
    for key, name in FONTS.items():
        desc = add(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) "
                   f"/Ordering (GB1) /Supplement 5 >> /FontDescriptor {len(objs) + 2} 0 R /DW 1000 "
                   f"/W [1 [{' '.join(['500'] * 95)}]] >>")
        add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /UniGB-UTF16-H /DescendantFonts [{desc} 0 R] >>")
        add(f"<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
            f"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
        fonts[key] = len(objs) - 1
    px = bytes([204, 0, 0]) * 64
    img = add(("<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceRGB "
               "/BitsPerComponent 8 /Length %d >>" % len(px), px))
    kids = []
    pages_id = len(objs) + 1 + 2 * len(pages)
    for i, pg in enumerate(pages, 1):
        if pg.number:
            page_number(pg, pg.number)
        data = zlib.compress("\n".join(pg.ops).encode())
        c = add(("<< /Length %d /Filter /FlateDecode >>" % len(data), data))
        fr = " ".join(f"/{k} {v} 0 R" for k, v in fonts.items())
        xr = " ".join(f"/Im{n} {img} 0 R" for n in pg.images)
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {W} {H}] /Contents {c} 0 R "
                        f"/Resources << /Font << {fr} >> /XObject << {xr} >> >> >>"))
    assert add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>") == pages_id
    root = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    buf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for n, o in enumerate(objs, 1):
        offs.append(len(buf))
        if isinstance(o, tuple):
            buf += f"{n} 0 obj\n{o[0]}\nstream\n".encode() + o[1] + b"\nendstream\nendobj\n"
        else:
            buf += f"{n} 0 obj\n{o}\nendobj\n".encode()
    x = len(buf)
    buf += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        buf += f"{o:010d} 00000 n \n".encode()
    buf += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    open(out, "wb").write(buf)


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print(" ".join(CASES))
        return 0
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.stderr.write("usage: synth.py CASE OUT.pdf (synth.py --list)\n")
        return 2
    fn, _ = CASES[sys.argv[1]]
    write_pdf(fn(sys.argv[1]), sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
