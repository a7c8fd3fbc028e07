import datetime
import json
import unittest

from rebound_processor import InvalidEvent
from rebound_processor import _events
from support import TOPIC_CATALOG

AT = datetime.datetime(2026, 1, 23, 15, 1, 0, 123000, tzinfo=datetime.timezone.utc)


def completed(**data: object) -> dict:
    return {"processor": "PlayerGameSummaryProcessor", "run_id": "run-1", "data_date": "2026-01-22",
            "completed_at": "2026-01-23T15:01:00Z", "records_written": 3, **data}


class EnvelopeTest(unittest.TestCase):
    def test_binary_mode_attributes_and_routing_as_docs_events_md_says(self) -> None:
        message = _events.encode(_events.COMPLETED, completed(), source="//processors/player-game-summary",
                                 time=AT, correlation_id="stuck:x", extensions={"traceparent": "00-" + "a" * 32
                                                                                + "-" + "b" * 16 + "-01"})
        self.assertEqual(message.topic, "processor-completions")
        attributes = dict(message.attributes)
        self.assertEqual(len(attributes.pop("ce-id")), 36)
        self.assertEqual(attributes, {
            "ce-specversion": "1.0", "ce-source": "//processors/player-game-summary",
            "ce-type": "pipeline.processor.completed.v1", "ce-time": "2026-01-23T15:01:00.123Z",
            "content-type": "application/json", "processor": "PlayerGameSummaryProcessor",
            "data_date": "2026-01-22", "correlation_id": "stuck:x",
            "traceparent": "00-" + "a" * 32 + "-" + "b" * 16 + "-01"})
        self.assertEqual(json.loads(message.data), completed())

    def test_absent_optional_fields_are_left_out_not_sent_as_null(self) -> None:
        message = _events.encode(_events.HEARTBEAT, {"processor": "P", "run_id": "r", "data_date": "2026-01-22",
                                                     "at": "2026-01-23T15:01:00Z", "progress": None},
                                 source="//processors/p", time=AT)
        self.assertNotIn("progress", json.loads(message.data))

    def test_invalid_events_are_refused_naming_every_field(self) -> None:
        with self.assertRaises(InvalidEvent) as refused:
            _events.encode(_events.COMPLETED, completed(run_id="", records_written=-1), source="", time=AT)
        self.assertEqual([str(v) for v in refused.exception.violations], [
            "data.records_written: must be >= 0, was -1",
            "data.run_id: must be at least 1 characters long",
            "attributes.ce-source: is required"])

    def test_data_over_the_services_limit_is_refused(self) -> None:
        # every field within its bound (1000 objects of 1200 characters), the whole over the services' 1 MiB
        objects = [f"gs://bucket/{i:04d}-" + "x" * 1183 for i in range(1000)]
        with self.assertRaisesRegex(InvalidEvent, "exceeds the limit of 1048576 bytes"):
            _events.encode(_events.SCRAPER_COMPLETED, {"scraper": "S", "data_date": "2026-01-22",
                                                       "completed_at": "2026-01-23T15:01:00Z", "objects": objects,
                                                       "source": "scraper"},
                           source="//scrapers/s", time=AT)

    def test_topics_are_the_topic_catalogs(self) -> None:
        catalog = json.loads(TOPIC_CATALOG.read_text(encoding="utf-8"))
        by_type = {t: topic["name"] for topic in catalog["topics"] for t in topic.get("event_types", [])}
        for ce_type, topic in _events.TOPICS.items():
            self.assertEqual(by_type.get(ce_type), topic, ce_type)

    def test_a_received_message_must_agree_with_its_routing_attributes(self) -> None:
        message = _events.encode(_events.COMPLETED, completed(), source="//processors/p", time=AT)
        self.assertEqual(_events.decode(message.data, message.attributes), completed())
        wrong = dict(message.attributes, processor="Other")
        with self.assertRaisesRegex(InvalidEvent, "attributes.processor: is 'Other' but data.processor is"):
            _events.decode(message.data, wrong)
        with self.assertRaisesRegex(InvalidEvent, "data: is not JSON"):
            _events.decode(b"{", message.attributes)


if __name__ == "__main__":
    unittest.main()
