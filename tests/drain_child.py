"""One outbox drain (or, with `lapsed`, one refresh of lapsed recommendations) in a process
of its own that pauses inside the backend write.

    python -m tests.drain_child <database_url> <data_dir> <gate_dir> [lapsed]

The real backend of that data directory does the work; the pause (the first write creates
<gate_dir>/entered, then waits for <gate_dir>/release) lets a test put another process's
change and drain exactly between this drain's read and its write.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from catalog.app import create_app
from catalog.search import backend_of, outbox
from catalog.search.query import SearchBackend


class PausingBackend:
    """The real backend; the first write waits for the gate to open."""

    def __init__(self, real: SearchBackend, gate: Path) -> None:
        self.real, self.gate = real, gate

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def apply(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        self._pause(upserts)
        if upserts:
            self.real.upsert(upserts)
        if deletes:
            self.real.delete(deletes)

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self._pause(documents)
        self.real.upsert(documents)

    def _pause(self, documents: list[dict[str, Any]]) -> None:
        # Written aside, then renamed: the test waits for the file to exist and reads it at
        # once, so it must never see it created but not yet written (it did, under load).
        pending = self.gate / "entered.tmp"
        pending.write_text(json.dumps([d["title"] for d in documents]))
        pending.rename(self.gate / "entered")
        deadline = time.monotonic() + 60
        while not (self.gate / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.01)


def main() -> None:
    database_url, data_dir, gate = sys.argv[1:4]
    app = create_app(
        {"database_url": database_url, "data_dir": data_dir, "secret_key": "t", "run_worker": False}
    )
    ctx = app.extensions["catalog"]
    backend = PausingBackend(backend_of(app), Path(gate))
    if sys.argv[4:] == ["lapsed"]:
        done = outbox.refresh_lapsed(ctx.db, backend, date.today())
    else:
        done = outbox.drain(ctx.db, backend)
    ctx.db.dispose()
    print(json.dumps({"done": done}))


if __name__ == "__main__":
    main()
