from tests.intake.conftest import two_kommuner, var_dir

__all__ = ["two_kommuner", "var_dir"]
