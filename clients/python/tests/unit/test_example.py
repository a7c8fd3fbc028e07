import importlib.util
import unittest

from support import repository_root


class ExampleTest(unittest.TestCase):
    def test_the_example_processor_loads_against_the_package_as_it_is_today(self) -> None:
        path = repository_root() / "clients/python/examples/player_game_summary.py"
        spec = importlib.util.spec_from_file_location("player_game_summary", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.assertEqual(module.PROCESSOR, "PlayerGameSummaryProcessor")


if __name__ == "__main__":
    unittest.main()
