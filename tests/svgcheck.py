"""What a drawn chart's SVG shows, measured from the SVG itself: every text's ink box,
the legend's box, and the data marks a legend could cover.

matplotlib draws text as glyph paths (`svg.fonttype: path`): each text is a
`<g id="text_N">` of `<use>`s of glyph outlines defined once in `<defs>`. A text's
box is the union of its glyphs' outline points (control points included, so never
smaller than the ink) under every transform above them, in the SVG's user units,
which are the points it is printed at. `problems(svg)` lists texts closer than
GAP_PT to each other, and a legend over a data mark; conftest runs it on every
chart the tests draw.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
GAP_PT = 1.5
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def gap(self, other: Box) -> float:
        """The distance between two boxes (negative when they overlap)."""
        dx = max(other.x0 - self.x1, self.x0 - other.x1)
        dy = max(other.y0 - self.y1, self.y0 - other.y1)
        return max(dx, dy)

    def meets_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment a-b passes through this box (Liang-Barsky clipping)."""
        t0, t1 = 0.0, 1.0
        dx, dy = b[0] - a[0], b[1] - a[1]
        for p, q in (
            (-dx, a[0] - self.x0),
            (dx, self.x1 - a[0]),
            (-dy, a[1] - self.y0),
            (dy, self.y1 - a[1]),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d*\.?\d+(?:e-?\d+)?", text)]


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def transform(text: str | None) -> Matrix:
    """An SVG transform attribute as a matrix."""
    m = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = _numbers(args)
        if name == "translate":
            step = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale":
            step = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif name == "rotate":
            r = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) > 2 else (0.0, 0.0)
            cos, sin = math.cos(r), math.sin(r)
            step = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        elif name == "matrix":
            step = (v[0], v[1], v[2], v[3], v[4], v[5])
        else:
            raise ValueError(f"transform {name} not understood")
        m = _multiply(m, step)
    return m


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _points(d: str) -> list[tuple[float, float]]:
    """The points of a path matplotlib wrote (absolute M, L, Q, C and z only)."""
    if re.search(
        r"[a-yA-Y]", d.replace("M", "").replace("L", "").replace("Q", "").replace("C", "")
    ):
        raise ValueError(f"path commands not understood: {d[:60]}")
    v = _numbers(d)
    return list(zip(v[0::2], v[1::2], strict=False))


def _box(points: list[tuple[float, float]]) -> Box | None:
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


class Chart:
    """A chart SVG, read."""

    def __init__(self, svg: bytes | str) -> None:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        self.root = ET.fromstring(svg, parser=parser)
        self.width = float(self.root.get("width", "0").removesuffix("pt"))
        self.height = float(self.root.get("height", "0").removesuffix("pt"))
        self.shapes: dict[str, list[tuple[float, float]]] = {}
        for path in self.root.iter(f"{SVG}path"):
            if path.get("id"):
                m = transform(path.get("transform"))
                self.shapes[path.get("id", "")] = [
                    _apply(m, *p) for p in _points(path.get("d", ""))
                ]
        self.parents = {child: parent for parent in self.root.iter() for child in parent}

    def matrix(self, element: ET.Element) -> Matrix:
        """Every transform from the root down to `element`, its own included."""
        chain = []
        node: ET.Element | None = element
        while node is not None:
            chain.append(transform(node.get("transform")))
            node = self.parents.get(node)
        m = IDENTITY
        for step in reversed(chain):
            m = _multiply(m, step)
        return m

    def ink(self, group: ET.Element) -> list[tuple[float, float]]:
        """The outline points of everything drawn in a group, on the page."""
        points: list[tuple[float, float]] = []
        for node in group.iter():
            if node.tag == f"{SVG}use":
                m = self.matrix(node)
                dx, dy = float(node.get("x", 0)), float(node.get("y", 0))
                shape = self.shapes.get(node.get(XLINK, "").lstrip("#"), [])
                points += [_apply(m, x + dx, y + dy) for x, y in shape]
            elif node.tag == f"{SVG}path" and not node.get("id") and node.get("d"):
                m = self.matrix(node)
                points += [_apply(m, *p) for p in _points(node.get("d", ""))]
        return points

    def groups(self, prefix: str) -> list[ET.Element]:
        return [g for g in self.root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)]

    def texts(self) -> list[tuple[str, Box]]:
        """Every text drawn, with its ink box."""
        found = []
        for group in self.groups("text_"):
            box = _box(self.ink(group))
            if box is not None:
                label = next((c.text or "" for c in _comments(group)), "")
                found.append((f"{group.get('id')} {label.strip()!r}", box))
        return found

    def legend(self) -> Box | None:
        boxes = [_box(self.ink(g)) for g in self.groups("legend_")]
        return _union([b for b in boxes if b])

    def marks(self) -> list[tuple[str, list[tuple[float, float]], bool]]:
        """The data marks: (what, points, whether a line through the points)."""
        found = []
        for axes in self.groups("axes_"):
            for child in axes:
                name = child.get("id") or ""
                if name.startswith("line2d_"):
                    found.append((name, self.ink(child), True))
                elif name.startswith("patch_") and _filled(child) and child is not axes[0]:
                    found.append((name, self.ink(child), False))
                elif name.startswith(("PathCollection_", "LineCollection_")):
                    found.append((name, self.ink(child), name.startswith("Line")))
        return found


def _comments(group: ET.Element) -> list[ET.Element]:
    return [c for c in group.iter() if c.tag is ET.Comment]


def _filled(group: ET.Element) -> bool:
    style = " ".join(p.get("style", "") for p in group.iter(f"{SVG}path"))
    return "fill: none" not in style


def _union(boxes: list[Box]) -> Box | None:
    if not boxes:
        return None
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


def problems(svg: bytes | str) -> list[str]:
    """Texts off the chart or within GAP_PT of each other, and a legend over a data mark."""
    chart = Chart(svg)
    found = [
        f"{name} runs off the chart ({box})"
        for name, box in chart.texts()
        if box.x0 < -0.5
        or box.y0 < -0.5
        or box.x1 > chart.width + 0.5
        or box.y1 > chart.height + 0.5
    ]
    for (a, box_a), (b, box_b) in itertools.combinations(chart.texts(), 2):
        if box_a.gap(box_b) < GAP_PT:
            found.append(f"{a} and {b} are {box_a.gap(box_b):.2f} pt apart")
    legend = chart.legend()
    if legend is not None:
        for name, points, joined in chart.marks():
            if joined:
                hit = any(legend.meets_segment(p, q) for p, q in itertools.pairwise(points))
            else:
                box = _box(points)
                hit = box is not None and legend.gap(box) < 0
            if hit:
                found.append(f"the legend covers {name}")
    return found
