"""reliability.md 4: bandit finds nothing of medium severity and confidence or above beyond
the reviewed baseline (bandit-baseline.json), and no money code uses float."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["agency", "accounts", "campaigns", "media", "billing"]
#: Configuration and the reminder queue, where floats are seconds (timeouts, retry intervals,
#: monotonic clocks), and the demo data generator, where they are probabilities and day
#: counts (its amounts are Decimal): not money.
NOT_MONEY = {
    "agency/settings.py",
    "agency/celery.py",
    "agency/reminders/events.py",
    "agency/reminders/sweep.py",
    "agency/reminders/delivery.py",
    "agency/demo/history.py",
    "agency/demo/scale.py",
}


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in NOT_MONEY:
                yield path


def _floats(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "float":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} float(...)")
        if isinstance(node, ast.Attribute) and node.attr == "FloatField":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} FloatField")
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} float literal {node.value}")
    return found


def test_no_money_code_uses_float():
    """Money is Decimal everywhere: no float(), no FloatField, no float literal in the apps.
    (Templates' `floatformat` keeps a Decimal a Decimal: Django rounds it with quantize.)"""
    found = [hit for path in _python_files() for hit in _floats(path)]
    assert found == []


def test_the_float_check_sees_a_float():
    """(The check above can fail.)"""
    sample = ROOT / "var" / "float_sample.py"
    sample.write_text("total = float(amount) * 1.06\n")
    try:
        assert len(_floats(sample)) == 2
    finally:
        sample.unlink()


def test_bandit_finds_nothing_new():
    bandit = shutil.which("bandit") or str(Path(__file__).parents[2] / ".venv" / "bin" / "bandit")
    if not Path(bandit).exists():
        pytest.fail("bandit is a dev dependency: pip install -e '.[dev]'")
    result = subprocess.run(
        [bandit, "-ll", "-ii", "-q", "-r", *APPS, "-b", "bandit-baseline.json"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
