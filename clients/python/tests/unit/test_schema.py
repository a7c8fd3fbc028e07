import json
import unittest

from rebound_processor._schema import Schema, SchemaError, schema_for, vendored_types
from support import FIXTURES


def violations(schema: dict, instance: object) -> list[str]:
    return [str(v) for v in Schema(schema, "test").validate(instance)]


class SchemaValidatorTest(unittest.TestCase):
    def test_every_vendored_schema_loads(self) -> None:
        self.assertGreaterEqual(len(vendored_types()), 21)
        for ce_type in vendored_types():
            self.assertEqual(schema_for(ce_type).document["title"], ce_type)

    def test_every_golden_fixture_of_shared_events_is_valid_here_too(self) -> None:
        fixtures = sorted(FIXTURES.glob("*.json"))
        self.assertEqual(len(fixtures), len(vendored_types()))
        for fixture in fixtures:
            document = json.loads(fixture.read_text(encoding="utf-8"))
            with self.subTest(fixture.name):
                self.assertEqual(schema_for(document["attributes"]["ce-type"]).validate(document["data"]), [])

    def test_required_types_enums_and_nested_paths(self) -> None:
        schema = schema_for("pipeline.processor.heartbeat.v1")
        found = [str(v) for v in schema.validate({"processor": "", "data_date": "2026-13-01", "at": "noon",
                                                  "progress": {"done": -1, "total": True}})]
        self.assertEqual(found, [
            'data.at: is not a valid date-time: "noon"',
            'data.data_date: is not a valid date: "2026-13-01"',
            "data.processor: must be at least 1 characters long",
            "data.progress.done: must be >= 0, was -1",
            "data.progress.total: must be of type integer, was true",
            "data.run_id: is required",
        ])
        self.assertEqual([str(v) for v in schema_for("pipeline.processor.failed.v1").validate(
            {"processor": "P", "run_id": "r", "data_date": "2026-01-22", "failed_at": "2026-01-23T15:00:00Z",
             "reason": "exploded", "message": "m", "retryable": "yes"})],
            ["data.reason: must be one of error, stuck, upstream_missing, timeout, was \"exploded\"",
             "data.retryable: must be of type boolean, was \"yes\""])

    def test_the_bounds_another_schema_version_may_add(self) -> None:
        schema = {"type": "object", "additionalProperties": False, "properties": {
            "name": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"},
            "count": {"type": "integer", "minimum": 1, "maximum": 3},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "maxLength": 3}},
            "day": {"type": "string", "format": "date"},
            "at": {"type": "string", "format": "date-time"}}}
        self.assertEqual(violations(schema, {"name": "ab", "count": 2, "ratio": 0.5, "tags": ["x"],
                                             "day": "2024-02-29", "at": "2026-01-23T15:01:00.5+01:00"}), [])
        self.assertEqual(violations(schema, {"name": "abcde", "count": 4, "ratio": 1, "tags": ["a", "b", "long"],
                                             "day": "2026-02-29", "at": "2026-01-23 15:01:00", "extra": 1}), [
            "data.at: is not a valid date-time: \"2026-01-23 15:01:00\"",
            "data.count: must be <= 3, was 4",
            "data.day: is not a valid date: \"2026-02-29\"",
            "data.extra: is not a known field",
            "data.name: must be at most 4 characters long, was 5",
            "data.ratio: must be < 1, was 1",
            "data.tags: must have at most 2 items, had 3",
            "data.tags[2]: must be at most 3 characters long, was 4",
        ])
        self.assertEqual(violations(schema, {"name": "A1", "count": 0, "tags": []}), [
            "data.count: must be >= 1, was 0",
            "data.name: does not match the pattern ^[a-z]+$: \"A1\"",
            "data.tags: must have at least 1 items",
        ])

    def test_a_pattern_anchors_at_the_very_end_as_in_json_schema(self) -> None:
        schema = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        self.assertEqual(violations(schema, "2026-01-22"), [])
        self.assertEqual(len(violations(schema, "2026-01-22\n")), 1)
        self.assertEqual(len(violations(schema, "２０２６-01-22")), 1)
        self.assertEqual(len(violations({"type": "string", "format": "date"}, "2026-01-22\n")), 1)

    def test_a_keyword_the_validator_does_not_know_fails_loudly(self) -> None:
        with self.assertRaisesRegex(SchemaError, "keyword 'oneOf' is not supported"):
            Schema({"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}}, "test")

    def test_conditional_requirements_apply_only_when_their_condition_holds(self) -> None:
        schema = {"type": "object", "properties": {"outcome": {"type": "string"}}, "allOf": [
            {"if": {"properties": {"outcome": {"const": "on_track"}}}, "then": {"required": ["forecast"]}},
            {"if": {"properties": {"outcome": {"const": "landed"}}}, "then": {"required": ["landed_at"]},
             "else": {"required": ["reason"]}}]}
        self.assertEqual(violations(schema, {"outcome": "landed", "landed_at": "x"}), [])
        self.assertEqual(violations(schema, {"outcome": "on_track", "reason": "r"}), ["data.forecast: is required"])
        self.assertEqual(violations(schema, {"outcome": "landed"}), ["data.landed_at: is required"])
        self.assertEqual(violations(schema, {"outcome": "other"}), ["data.reason: is required"])

    def test_integers_are_not_booleans_and_whole_floats_are_integers(self) -> None:
        self.assertEqual(violations({"type": "integer"}, 3.0), [])
        self.assertEqual(len(violations({"type": "integer"}, False)), 1)
        self.assertEqual(len(violations({"type": "number"}, True)), 1)


if __name__ == "__main__":
    unittest.main()
