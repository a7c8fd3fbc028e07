import unittest

from support import SHARED_SCHEMAS, VENDORED_SCHEMAS


class VendoredCopyTest(unittest.TestCase):
    """The package ships a copy of shared-events' schemas; it must be byte-for-byte the same."""

    def test_the_vendored_schemas_equal_shared_events(self) -> None:
        shared = {p.name: p.read_bytes() for p in SHARED_SCHEMAS.glob("*.json")}
        vendored = {p.name: p.read_bytes() for p in VENDORED_SCHEMAS.glob("*.json")}
        hint = "run clients/python/sync-schemas.sh to copy shared-events' schemas into the package"
        self.assertEqual(sorted(vendored), sorted(shared), hint)
        for name, content in shared.items():
            self.assertEqual(vendored[name], content, f"{name} differs; {hint}")


if __name__ == "__main__":
    unittest.main()
