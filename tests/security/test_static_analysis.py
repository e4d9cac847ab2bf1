"""reliability.md 4: bandit finds nothing of medium severity and confidence or above beyond
the reviewed baseline (bandit-baseline.json), and no money code uses float (the check is in
money_floats.py; the synthetic modules below prove it catches each kind of float it names)."""

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from .money_floats import (
    ALLOWED,
    APPS,
    floats_in_apps,
    floats_in_source,
    not_allowed,
    unused_allowances,
)

ROOT = Path(__file__).resolve().parents[2]


def test_no_money_code_uses_float():
    """Money is Decimal everywhere: no float, FloatField, float literal, float %-format or
    non-decimal money field in the apps beyond the allow-list's reasoned exceptions.
    (Templates' `floatformat` keeps a Decimal a Decimal: Django rounds it with quantize.)"""
    found = not_allowed(floats_in_apps())
    assert found == [], "\n".join(map(str, found))


def test_every_allowance_gives_a_reason_and_is_still_needed():
    hits = floats_in_apps()
    assert unused_allowances(hits) == []
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_whole_money_code_is_searched():
    assert {"accounts", "campaigns", "media", "billing", "agency", "portal"} <= set(APPS)
    searched = {hit.path.split("/")[0] for hit in floats_in_apps()}
    assert "agency" in searched  # the allow-listed timings: proof the files were read


CAUGHT = {
    "a float() call": "total = float(amount) * Decimal('1.06')",
    "float as a converter": "amounts = list(map(float, rows))",
    "float as a type": "def vat(amount: Decimal) -> float:\n    return amount",
    "builtins.float": "import builtins\ntotal = builtins.float(amount)",
    "Decimal.from_float": "total = Decimal.from_float(amount)",
    "a float literal in arithmetic": "tax = amount * 0.06",
    "a float literal made Decimal": "rate = Decimal(0.15)",
    "an exponent literal": "cap = budget * 1e3",
    "FloatField imported": "from django.db.models import FloatField",
    "FloatField in a query": "total = Cast('amount', output_field=models.FloatField())",
    "a float %-format": "label = '%.2f' % amount",
    "a named float %-format": "label = '%(total)0.2f CNY' % row",
    "a money model field as FloatField": (
        "class Invoice(models.Model):\n    balance_after = models.FloatField()"
    ),
    "a money model field as an integer": (
        "class Line(models.Model):\n    amount = models.IntegerField()"
    ),
    "a money serializer field as text": (
        "class LineSerializer(serializers.Serializer):\n    unit_price = serializers.CharField()"
    ),
    "a money form field as an integer": (
        "class LineForm(forms.Form):\n    vat_rate = forms.IntegerField()"
    ),
}


def _write_app(root: Path, source: str) -> None:
    (root / "billing").mkdir()
    (root / "billing" / "services.py").write_text(textwrap.dedent(source))


@pytest.mark.parametrize("source", CAUGHT.values(), ids=CAUGHT.keys())
def test_the_check_catches_a_float_in_a_synthetic_money_module(tmp_path, source):
    """Given a module of a money app with one kind of float, the check fails on it."""
    _write_app(tmp_path, source)
    found = not_allowed(floats_in_apps(tmp_path, ["billing"]))
    assert found, f"not caught: {source}"
    assert {hit.path for hit in found} == {"billing/services.py"}


def test_decimal_money_code_passes(tmp_path):
    """Decimal code, with names that only look like money, is not reported."""
    _write_app(
        tmp_path,
        """
        from decimal import Decimal

        class Line(models.Model):
            amount = models.DecimalField(max_digits=14, decimal_places=2)
            gross = money_field("gross")
            tax_id = models.CharField(max_length=20)
            due_date = models.DateField()
            credited_invoice = models.ForeignKey("Invoice", on_delete=models.PROTECT)
            price_includes_vat = models.BooleanField(default=False)
            quantity = models.PositiveIntegerField()

        def gross(line):
            return f"{line.amount * Decimal('1.06'):.2f}"

        label = "%s is %d%% paid" % (name, 40)
        """,
    )
    assert floats_in_apps(tmp_path, ["billing"]) == []


def test_an_allowance_covers_its_own_scope_only():
    source = textwrap.dedent(
        """
        TIMEOUT_SECONDS = 0.5

        def settle(amount):
            return amount * 1.1
        """
    )
    hits = floats_in_source(source, "billing/x.py")
    allowed = {("billing/x.py", "TIMEOUT_SECONDS"): "seconds"}
    assert [(h.scope, h.what) for h in not_allowed(hits, allowed)] == [
        ("settle", "float literal 1.1")
    ]


def test_bandit_finds_nothing_new():
    bandit = shutil.which("bandit") or str(Path(__file__).parents[2] / ".venv" / "bin" / "bandit")
    if not Path(bandit).exists():
        pytest.fail("bandit is a dev dependency: pip install -e '.[dev]'")
    result = subprocess.run(
        [bandit, "-ll", "-ii", "-q", "-r", *APPS, "-b", "bandit-baseline.json"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
