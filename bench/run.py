"""Runs every benchmark in bench/ one after another and prints their figures.

Each benchmark is a script that prints its own figures and ratios; a benchmark that
needs PostgreSQL and Redis says so and is passed over when DATABASE_URL/REDIS_URL are
not set."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in {"run.py", "__init__.py"} or script.name.startswith("_"):
            continue
        print(f"== {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
