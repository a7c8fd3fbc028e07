import datetime
import json
import socket
import time
import unittest

import rebound_processor as rebound
from rebound_processor import Backoff, Client, InvalidEvent, UpstreamMissing
from rebound_processor import _events
from rebound_processor._schema import schema_for
from rebound_processor._trace import TraceContext
from support import RecordingTransport, eventually
from triggers import REPAIR_TRACE, push_body, trigger_message

P = "PlayerGameSummaryProcessor"
D = "2026-01-22"
FAST = Backoff(initial=0.01, maximum=0.05, give_up_after=30)


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class RunTest(unittest.TestCase):
    def setUp(self) -> None:
        self.transport = RecordingTransport()
        self.client = Client(transport=self.transport, backoff=FAST)

    def tearDown(self) -> None:
        self.client.close()

    def test_a_block_that_ends_normally_is_started_heartbeats_and_completed(self) -> None:
        with rebound.run(P, datetime.date(2026, 1, 22), heartbeat_interval=1, client=self.client) as run:
            run.progress(1, 4)
            eventually(lambda: self.transport.of_type(_events.HEARTBEAT), what="a heartbeat")
            run.records_written = 4
        started, = self.transport.data(_events.STARTED)
        self.assertEqual(started["run_id"], run.run_id)
        self.assertEqual(started["heartbeat_interval_s"], 1)
        self.assertEqual(started["trigger"], "scheduled")
        self.assertNotIn("backfill_id", started)
        self.assertEqual(self.transport.data(_events.HEARTBEAT)[0]["progress"], {"done": 1, "total": 4})
        completed, = self.transport.data(_events.COMPLETED)
        self.assertEqual((completed["records_written"], completed["data_date"]), (4, D))
        self.assertEqual([m.ce_type for m in self.transport.messages][-1], _events.COMPLETED)
        for message in self.transport.messages:
            self.assertEqual(message.attributes["ce-source"], "//processors/player-game-summary")
            self.assertEqual(message.attributes["traceparent"], run.traceparent)

    def test_a_hung_block_stops_heartbeating_and_a_block_that_moves_again_resumes(self) -> None:
        with rebound.run(P, D, heartbeat_interval=1, stall_after=1.5, client=self.client) as run:
            entered = time.monotonic()
            eventually(lambda: len(self.transport.of_type(_events.HEARTBEAT)) == 1, what="the first heartbeat")
            # the beat due at +2 s finds 2 s without a sign of life (> 1.5 s): the run falls silent
            eventually(lambda: time.monotonic() > entered + 2.5, what="the second interval")
            self.assertEqual(len(self.transport.of_type(_events.HEARTBEAT)), 1)
            run.progress(5, 10)
            eventually(lambda: len(self.transport.of_type(_events.HEARTBEAT)) == 2, what="heartbeats resuming")
        first, second = (parse_time(h["at"]) for h in self.transport.data(_events.HEARTBEAT))
        self.assertGreaterEqual((second - first).total_seconds(), 1.9)

    def test_an_exception_publishes_failed_with_the_documented_mapping_and_goes_on(self) -> None:
        cases = [
            (ValueError("bad row 7"), "error", "ValueError: bad row 7", True),
            (socket.timeout("timed out"), "timeout", "TimeoutError: timed out", True),
            (UpstreamMissing("nba_raw.espn_team_rosters has 12 of 30 teams"), "upstream_missing",
             "nba_raw.espn_team_rosters has 12 of 30 teams", True),
            (rebound.RunFailure("source schema changed", retryable=False), "error", "source schema changed", False),
            (KeyboardInterrupt(), "error", "KeyboardInterrupt", True),
            (SystemExit(3), "error", "SystemExit: exited with status 3", True),
        ]
        for failure, *_ in cases:
            with self.assertRaises(type(failure)):
                with rebound.run(P, D, client=self.client):
                    raise failure
        reported = [(f["reason"], f["message"], f["retryable"]) for f in self.transport.data(_events.FAILED)]
        self.assertEqual(reported, [(r, m, rt) for _, r, m, rt in cases])
        self.assertEqual(self.transport.of_type(_events.COMPLETED), [])

    def test_sys_exit_0_is_a_normal_end(self) -> None:
        with self.assertRaises(SystemExit):
            with rebound.run(P, D, client=self.client) as run:
                run.records_written = 2
                raise SystemExit(0)
        self.assertEqual(self.transport.data(_events.COMPLETED)[0]["records_written"], 2)

    def test_a_long_exception_message_is_cut_to_what_the_contract_allows(self) -> None:
        with self.assertRaises(RuntimeError):
            with rebound.run(P, D, client=self.client):
                raise RuntimeError("SELECT " + "x, " * 5000)
        message = self.transport.data(_events.FAILED)[0]["message"]
        self.assertEqual(len(message), schema_for(_events.FAILED).max_length("message"))
        self.assertTrue(message.endswith("…"))

    def test_a_triggers_backfill_correlation_and_trace_reach_every_event_of_the_run(self) -> None:
        with rebound.run(P, trigger=push_body(trigger_message()), heartbeat_interval=1, client=self.client) as run:
            eventually(lambda: self.transport.of_type(_events.HEARTBEAT), what="a heartbeat")
        self.assertEqual(run.data_date, D)
        started = self.transport.data(_events.STARTED)[0]
        self.assertEqual((started["backfill_id"], started["trigger"]), ("plan-7", "backfill"))
        span = TraceContext.parse(run.traceparent)
        assert span is not None
        self.assertEqual(span.trace_id, REPAIR_TRACE.trace_id)
        self.assertNotEqual(span.span_id, REPAIR_TRACE.span_id)
        self.assertEqual(len(self.transport.messages), 3)
        for message in self.transport.messages:
            self.assertEqual(message.attributes["correlation_id"], f"stuck:{P}:{D}")
            self.assertEqual(message.attributes["traceparent"], run.traceparent)

    def test_invalid_use_raises_naming_the_field(self) -> None:
        with self.assertRaisesRegex(InvalidEvent, "data.processor: must be at least 1 characters long"):
            with rebound.run("", D, client=self.client):
                pass
        with self.assertRaisesRegex(InvalidEvent, "data.data_date: is not a valid date"):
            with rebound.run(P, "22/01/2026", client=self.client):
                pass
        with self.assertRaisesRegex(InvalidEvent, "trigger.processor: is 'OtherProcessor' but the run is for"):
            rebound.run(P, D, trigger=push_body(trigger_message("OtherProcessor")), client=self.client)
        with self.assertRaisesRegex(InvalidEvent, "trigger.data_date: is 2026-01-22 but the run is for 2026-01-23"):
            rebound.run(P, "2026-01-23", trigger=push_body(trigger_message()), client=self.client)
        with self.assertRaisesRegex(InvalidEvent, "data.heartbeat_interval_s"):
            rebound.run(P, D, heartbeat_interval=0, client=self.client)
        with self.assertRaises(InvalidEvent) as refused:
            with rebound.run(P, D, client=self.client) as run:
                run.progress(-1, 10)
        self.assertEqual(str(refused.exception), "data.progress.done: must be an integer >= 0, was -1")
        with self.assertRaisesRegex(InvalidEvent, "data.records_written: must be an integer >= 0, was '12'"):
            with rebound.run(P, D, client=self.client) as run:
                run.records_written = "12"  # type: ignore[assignment]
        # the refused uses that got as far as a started run were reported failed, with the reason
        self.assertEqual([f["message"].split(":")[0] for f in self.transport.data(_events.FAILED)],
                         ["InvalidEvent", "InvalidEvent"])


class PublishFailureTest(unittest.TestCase):
    def test_failed_publishes_are_retried_in_order_until_they_go_through(self) -> None:
        transport = RecordingTransport(failures=4)
        with Client(transport=transport, backoff=FAST) as client:
            with rebound.run(P, D, client=client) as run:
                run.records_written = 1
            self.assertTrue(client.flush(10))
        self.assertEqual(transport.attempts, 6)
        self.assertEqual([m.ce_type for m in transport.messages], [_events.STARTED, _events.COMPLETED])

    def test_a_pubsub_that_never_answers_costs_the_work_only_its_timeouts(self) -> None:
        transport = RecordingTransport(failures=10 ** 9)
        client = Client(transport=transport, backoff=FAST, start_timeout=0.2, flush_timeout=0.2)
        before = time.monotonic()
        with rebound.run(P, D, client=client) as run:
            result = sum(range(10))
            run.records_written = result
        client.close()
        self.assertEqual(result, 45)
        self.assertLess(time.monotonic() - before, 3)
        self.assertGreater(transport.attempts, 1)
        self.assertEqual(transport.messages, [])

    def test_a_message_pubsub_refuses_for_itself_is_not_retried(self) -> None:
        class Refusing(RecordingTransport):
            def publish(self, message: rebound.Message) -> str:
                self.attempts += 1
                raise rebound.PublishError("HTTP 400 attribute value too long", retryable=False)

        transport = Refusing()
        with Client(transport=transport, backoff=FAST) as client:
            with rebound.run(P, D, client=client) as run:
                run.records_written = 0
            self.assertTrue(client.flush(10))
        self.assertEqual(transport.attempts, 2)

    def test_a_queued_heartbeat_is_replaced_by_the_newer_one_of_its_run(self) -> None:
        transport = RecordingTransport(failures=10 ** 9)
        with Client(transport=transport, backoff=FAST, start_timeout=0) as client:
            with rebound.run(P, D, heartbeat_interval=1, client=client) as run:
                eventually(lambda: time.monotonic() > 0 and client.backlog() >= 2, what="a queued heartbeat")
                first_queued = client.backlog()
                entered = time.monotonic()
                eventually(lambda: time.monotonic() > entered + 2.2, what="two more intervals")
                self.assertEqual(client.backlog(), first_queued)
                transport.recover()
                self.assertTrue(client.flush(10))
                run.records_written = 0
        beats = transport.of_type(_events.HEARTBEAT)
        self.assertEqual(len(beats), 1)
        self.assertEqual(json.loads(beats[0].data)["run_id"], run.run_id)


if __name__ == "__main__":
    unittest.main()
