"""Two clients updating the same dataset at the same moment: exactly one wins, over real HTTP."""

from __future__ import annotations

import threading

import pytest
import requests
from flask import Flask

from tests.conftest import World
from tests.servers import serve


@pytest.mark.parametrize("rounds", [5])
def test_concurrent_patches_one_wins(app: Flask, world: World, rounds: int) -> None:
    with serve(app) as base:
        url = f"{base}/api/v1/datasets/{world.create_dataset_over_http(base)}"
        for i in range(rounds):
            version = requests.get(url, timeout=30).json()["version"]
            barrier = threading.Barrier(2)
            statuses: list[int] = []

            def patch(
                unit: str,
                version: int = version,
                barrier: threading.Barrier = barrier,
                statuses: list[int] = statuses,
            ) -> None:
                barrier.wait()
                response = requests.patch(
                    url,
                    json={"unit": unit, "version": version},
                    headers=world.auth("editor"),
                    timeout=30,
                )
                statuses.append(response.status_code)

            threads = [
                threading.Thread(target=patch, args=(u,)) for u in (f"orang-{i}", f"jiwa-{i}")
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(statuses) == [200, 409]
            after = requests.get(url, timeout=30).json()
            assert after["version"] == version + 1
