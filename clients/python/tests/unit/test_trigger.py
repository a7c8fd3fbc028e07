import base64
import datetime
import json
import unittest

from rebound_processor import InvalidEvent, parse_trigger
from triggers import REPAIR_TRACE, push_body, push_json, trigger_message


class ParseTriggerTest(unittest.TestCase):
    def test_a_pushed_trigger_gives_the_run_its_date_backfill_correlation_and_trace(self) -> None:
        trigger = parse_trigger(push_json(trigger_message()))
        self.assertEqual(trigger.processor, "PlayerGameSummaryProcessor")
        self.assertEqual(trigger.data_date, datetime.date(2026, 1, 22))
        self.assertEqual(trigger.backfill_id, "plan-7")
        self.assertEqual(trigger.attempt, 1)
        self.assertEqual(trigger.correlation_id, "stuck:PlayerGameSummaryProcessor:2026-01-22")
        self.assertEqual(trigger.traceparent, REPAIR_TRACE.traceparent)
        self.assertEqual(trigger.message_id, "42")
        self.assertEqual(trigger.kind, "backfill")
        self.assertTrue(trigger.is_for("PlayerGameSummaryProcessor"))
        self.assertFalse(trigger.is_for("PlayerDailyCacheProcessor"))

    def test_pulled_and_bare_messages_and_text_bodies_are_read_alike(self) -> None:
        body = push_body(trigger_message())
        pulled = {"ackId": "a1", "message": body["message"]}
        for given in (body, pulled, body["message"], json.dumps(body), push_json(trigger_message())):
            self.assertEqual(parse_trigger(given).backfill_id, "plan-7")

    def test_replayed_and_manual_triggers_say_so(self) -> None:
        self.assertEqual(parse_trigger(push_body(trigger_message(rebound_replay="true"))).kind, "replay")
        self.assertEqual(parse_trigger(push_body(trigger_message(reason="replay of 2026-01-22"))).kind, "replay")
        self.assertEqual(parse_trigger(push_body(trigger_message(reason="manual re-run"))).kind, "manual")

    def test_what_is_not_a_trigger_is_refused_naming_the_field(self) -> None:
        cases = {
            b"not json": "body: is not JSON",
            b"{\"subscription\": \"s\"}": "body.message: is required",
            b"{\"message\": {\"data\": \"%%%\"}}": "body.message.data: is not base64",
            b"{\"message\": {\"attributes\": {}}}": "body.message.data: is required",
        }
        for body, error in cases.items():
            with self.subTest(error), self.assertRaises(InvalidEvent) as refused:
                parse_trigger(body)
            self.assertTrue(str(refused.exception).startswith(error), str(refused.exception))

        message = trigger_message()
        data = json.loads(message.data)
        del data["backfill_id"]
        body = push_body(message)
        body["message"]["data"] = base64.b64encode(json.dumps(data).encode()).decode()
        with self.assertRaisesRegex(InvalidEvent, "data.backfill_id: is required"):
            parse_trigger(body)

        body = push_body(message)
        body["message"]["attributes"] = dict(message.attributes, **{"ce-type": "pipeline.processor.completed.v1"})
        with self.assertRaisesRegex(InvalidEvent, "attributes.ce-type: is 'pipeline.processor.completed.v1', not "
                                                  "pipeline.processor.trigger.v1"):
            parse_trigger(body)


if __name__ == "__main__":
    unittest.main()
