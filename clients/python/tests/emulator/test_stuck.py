import json
import threading
import time
import unittest
import urllib.request

import rebound_processor as rebound
from rebound_processor import Client

import emulator
from emulator import needs, record, unique


def stuck_run_ids() -> set[str]:
    with urllib.request.urlopen(f"{emulator.TRACKER_URL}/runs/stuck", timeout=10) as response:
        return {r["run_id"] for r in json.loads(response.read())}


@needs("PUBSUB_EMULATOR_HOST", "REBOUND_TEST_PROJECT", "REBOUND_TEST_TRACKER_URL")
class HungRunTest(unittest.TestCase):
    def test_a_hung_block_falls_silent_and_heartbeat_tracker_declares_it_stuck(self) -> None:
        processor = unique("PyHangingProcessor")
        with Client(project_id=emulator.PROJECT) as client:
            with rebound.run(processor, "2026-01-22", heartbeat_interval=1, stall_after=2, client=client) as run:
                # the block hangs: no progress, so heartbeats stop after two intervals, and three silent intervals
                # later the real heartbeat-tracker (its default threshold) declares the run stuck
                deadline = time.monotonic() + 60
                while run.run_id not in stuck_run_ids():
                    self.assertLess(time.monotonic(), deadline, "heartbeat-tracker did not declare the run stuck")
                    threading.Event().wait(0.2)
                run.records_written = 0
        record("hung", {"processor": processor, "run_id": run.run_id})


if __name__ == "__main__":
    unittest.main()
