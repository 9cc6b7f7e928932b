"""The demo catalog's generator is a build-time tool (tools/demo/, outside the installed
package) whose inputs are data files, and what it writes is what `catalog demo` loads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tools.demo.generator import write

ROOT = Path(__file__).resolve().parent.parent


def test_the_generator_writes_the_shipped_demo_from_its_data_files(tmp_path: Path) -> None:
    # nothing of the generator or its tables is in the runtime package any more
    assert importlib.util.find_spec("catalog.demo.generator") is None
    assert importlib.util.find_spec("catalog.demo.agencies") is None
    assert sorted(p.name for p in (ROOT / "tools" / "demo").iterdir() if p.suffix == ".json") == [
        "breakdowns.json",
        "indicators.json",
    ]
    written = write(folder=tmp_path)
    assert written.read_bytes() == (ROOT / "catalog" / "demo" / "datasets.json").read_bytes()
