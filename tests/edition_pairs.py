"""Editions of the default brief for the editions tests: a copy of the project and single
edits of it (a key figure changed, a key judgment added or reworded, a section removed, a
source re-dated), each made on the parsed data so that they hold as the brief's text
changes; and the worked example, a second edition (docs/editions.md)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
KEY_JUDGMENTS = "data/sections/key-judgments.md"


def copy_brief(dest: Path) -> Path:
    """A copy of the default project (its config, data and templates) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "reportgen.yaml", dest / "reportgen.yaml")
    for folder in ("data", "templates"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def config(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "reportgen.yaml").read_text(encoding="utf-8"))
    return data


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A Markdown section's front matter (parsed) and its body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def write_front_matter(path: Path, head: dict[str, Any], body: str) -> None:
    text = yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=70)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")


def key_figures_file(root: Path) -> Path:
    """The CSV of the key-judgments section's key figures."""
    _, body = front_matter(root / KEY_JUDGMENTS)
    found = re.search(r"```\{key-figures\}\s*\ndata:\s*(\S+)", body)
    assert found, "the key judgments have a key-figures block"
    return root / found.group(1)


def change_key_figure(root: Path, as_of: str = "2025-10") -> tuple[str, str, str]:
    """Change a whole-number key figure (a count of deliveries if there is one) and its
    as-of date: (figure, old value, new value)."""
    path = key_figures_file(root)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    numbers = [r for r in rows if r["value"].strip().isdigit()]
    row = next((r for r in numbers if "deliver" in r["figure"]), numbers[0])
    old = row["value"]
    row["value"] = str(int(old) + 6)
    row["as_of"] = as_of
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row["figure"], old, row["value"]


NEW_JUDGMENT = (
    "MND says its cooperation with the United States and other allied nations counts over "
    "340 exchanges and cooperative projects as of 30 September 2025."
)


def add_key_judgment(root: Path, text: str = NEW_JUDGMENT, at: int | None = None) -> int:
    """Add a key judgment (at the end, or at index `at`); its number."""
    path = root / KEY_JUDGMENTS
    head, body = front_matter(path)
    point = {"text": text, "cite": ["mnd-2025"]}
    points = head["key_points"]
    points.insert(len(points) if at is None else at, point)
    write_front_matter(path, head, body)
    return points.index(point) + 1


def reword_key_judgment(root: Path, number: int = 3, word: str = "now") -> str:
    """Insert `word` as the fourth word of a key judgment; its new text."""
    path = root / KEY_JUDGMENTS
    head, body = front_matter(path)
    words = head["key_points"][number - 1]["text"].split()
    words.insert(3, word)
    head["key_points"][number - 1]["text"] = " ".join(words)
    write_front_matter(path, head, body)
    return str(head["key_points"][number - 1]["text"])


def remove_section(root: Path) -> tuple[str, str]:
    """Remove a section nothing refers to (from the config and its file): (id, title)."""
    data = config(root)
    files = {sid: root / data["sections_dir"] / f"{sid}.md" for sid in data["sections"]}
    texts = "".join(p.read_text(encoding="utf-8") for p in files.values())
    sid = next(s for s in reversed(data["sections"][1:]) if f"@sec-{s}" not in texts)
    title = front_matter(files[sid])[0]["title"]
    text = (root / "reportgen.yaml").read_text(encoding="utf-8")
    (root / "reportgen.yaml").write_text(
        re.sub(rf"(?m)^\s*-\s*{re.escape(sid)}\s*\n", "", text, count=1), encoding="utf-8"
    )
    files[sid].unlink()
    return sid, str(title)


def redate_source(root: Path) -> tuple[str, str, str]:
    """Move the first source dated to the day by one day: (id, old date, new date)."""
    path = root / "data/sources.yaml"
    text = path.read_text(encoding="utf-8")
    sources = yaml.safe_load(text)["sources"]
    source = next(s for s in sources if re.fullmatch(r"\d{4}-\d\d-\d\d", str(s.get("date"))))
    old = str(source["date"])
    new = f"{old[:8]}{int(old[8:]) % 28 + 1:02d}"
    at = text.index(f"date: {old}", text.index(f"id: {source['id']}\n"))
    path.write_text(text[:at] + f"date: {new}" + text[at + len(old) + 6 :], encoding="utf-8")
    return str(source["id"]), old, new


# -- the worked example (docs/editions.md) -----------------------------------------

COMMUNIQUE = {
    "id": "communique-1982",
    "title": (
        "Joint Communiqué of the United States of America and the People's Republic of China"
    ),
    "publisher": "Governments of the United States and the People's Republic of China",
    "date": "1982-08-17",
    "note": "Public primary text (the third of the US-PRC joint communiqués). No web address "
    "is given.",
}
COMMUNIQUE_POINT = (
    "In a third joint communiqué, of 17 August 1982, the United States stated that it "
    '"does not seek to carry out a long-term policy of arms sales to Taiwan" and that it '
    '"intends gradually to reduce its sale of arms to Taiwan".'
)


def second_edition(root: Path) -> dict[str, Any]:
    """Make the project in `root` its second edition: one key figure updated (an invented
    value, for the example only), one key point added and the source it cites."""
    figure, old, new = change_key_figure(root, as_of="2025-11")
    meta_path = root / "data/brief.yaml"
    meta = meta_path.read_text(encoding="utf-8")
    meta = re.sub(r"(?m)^edition: .*$", "edition: Second edition", meta)
    meta = re.sub(r"(?m)^date: .*$", "date: 2025-11-30", meta)
    meta = re.sub(r"(?m)^as_of: .*$", "as_of: 2025-11-28", meta)
    meta_path.write_text(meta, encoding="utf-8")
    sections = config(root)["sections"]
    section = "background" if "background" in sections else sections[1]
    path = root / "data/sections" / f"{section}.md"
    head, body = front_matter(path)
    # First, so that its number does not depend on how many points the section has.
    head.setdefault("key_points", []).insert(
        0, {"text": COMMUNIQUE_POINT, "cite": [COMMUNIQUE["id"]]}
    )
    write_front_matter(path, head, body)
    sources = root / "data/sources.yaml"
    entry = yaml.safe_dump([COMMUNIQUE], sort_keys=False, width=1000)
    sources.write_text(
        sources.read_text(encoding="utf-8").rstrip("\n")
        + "\n\n"
        + "".join(f"  {line}\n" for line in entry.splitlines()),
        encoding="utf-8",
    )
    title = head.get("short_title") or head["title"]
    return {"figure": figure, "old": old, "new": new, "section": section, "title": title}


def git(root: Path, *args: str) -> str:
    """Run git in `root` (as a throwaway author), returning its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)
