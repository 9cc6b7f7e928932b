"""How records.jsonl was made (see README.md beside it).

Aceh: the hand transcription `aceh.tsv` (beside this file). Jambi and Bandung: read from
local git mirrors of the two public repositories the README names (defaults: the paths
the mirrors were fetched to; pass others as arguments).

    python bench/data/relevance/extract.py [JAMBI_GIT_DIR BANDUNG_GIT_DIR]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
JAMBI_GIT = "/work/.mirror/sNyum+blogify-main/repo"
BANDUNG_GIT = "/work/.mirror/mohrosidi+envbandung/repo"
JAMBI_URL = (
    r"'url' => 'https://opendata\.jambiprov\.go\.id/web-datasets/([0-9a-f-]+)/([^']+)',"
    r"\s*'category' => '([^']*)'"
)
SMALL_WORDS = ("di", "dan", "yang", "ke", "per", "atau", "dari")


def git_show(git_dir: str, spec: str) -> str:
    return subprocess.run(
        ["git", "-C", git_dir, "show", spec], capture_output=True, text=True, check=True
    ).stdout


def aceh() -> list[dict[str, Any]]:
    """Satu Data Aceh, transcribed from its data.json."""
    out = []
    with open(HERE / "aceh.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            id8, agency, title, desc, kw = line.rstrip("\n").split("\t")
            out.append(
                {
                    "id": "aceh-" + id8,
                    "batch": "aceh",
                    "title": " ".join(title.split()),
                    "description": " ".join(desc.split()),
                    "agency": agency,
                    "tags": [k.strip() for k in kw.split(";") if k.strip()],
                }
            )
    return out


def jambi(git_dir: str) -> list[dict[str, Any]]:
    """Open Data Jambi: the title from the dataset's URL slug, its category as the tag."""
    php = git_show(git_dir, "HEAD:config/opendata_jambi_index.php")
    out = []
    for m in re.finditer(JAMBI_URL, php):
        uid, slug, category = m.groups()
        title = " ".join(w if w in SMALL_WORDS else w.capitalize() for w in slug.split("-") if w)
        out.append(
            {
                "id": "jambi-" + uid,
                "batch": "jambi",
                "title": title,
                "description": "",
                "agency": "Pemerintah Provinsi Jambi",
                "tags": [category],
            }
        )
    return out


def bandung(git_dir: str, start: int) -> list[dict[str, Any]]:
    """Open Data Kota Bandung: @title and @description of each documented dataset (`start`:
    how many records come before, part of the id as it was first made)."""
    source = git_show(git_dir, "HEAD:R/DATASET.R")
    out: list[dict[str, Any]] = []
    for block in source.split("#' @title ")[1:]:
        title = block.split("\n", 1)[0].strip()
        d = re.search(r"@description (.*)", block)
        s = re.search(r"data\.bandung\.go\.id/dataset/([^}\s]+)", block)
        number = start + len(out)
        out.append(
            {
                "id": "bandung-" + (s.group(1) + "-" + str(number) if s else title.lower()),
                "batch": "bandung",
                "title": title,
                "description": d.group(1).strip() if d else "",
                "agency": "Pemerintah Kota Bandung",
                "tags": [],
            }
        )
    return out


def main(argv: list[str]) -> None:
    jambi_git, bandung_git = argv if len(argv) == 2 else (JAMBI_GIT, BANDUNG_GIT)
    out = aceh()
    out += jambi(jambi_git)
    out += bandung(bandung_git, len(out))
    ids = [o["id"] for o in out]
    print(len(out), "dup ids", {i for i in ids if ids.count(i) > 1}, file=sys.stderr)
    titles: dict[tuple[str, str], list[str]] = {}
    for o in out:
        titles.setdefault((o["batch"], o["title"].lower()), []).append(o["id"])
    print("same titles", sum(1 for v in titles.values() if len(v) > 1), file=sys.stderr)
    with open(HERE / "records.jsonl", "w", encoding="utf-8") as fh:
        for o in out:
            fh.write(json.dumps(o, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
