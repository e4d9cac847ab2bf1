"""The "no float in money code" check (reliability.md 4), as functions that the test runs over
the apps and over small synthetic modules (which prove it catches what it names).

A float in money code is any of:
- `float` itself: a call `float(x)`, or the name used otherwise (`map(float, rows)`,
  `-> float`, `builtins.float`), and `Decimal.from_float(x)`;
- a `FloatField` (model, form or serializer), as `models.FloatField` or imported by name;
- a float literal (`1.06`, `1e3`): in a product or a sum with a Decimal it makes a float or
  raises, and `Decimal(0.1)` carries the float's binary error into the amount;
- %-formatting with a float conversion (`"%.2f" % amount`): `%` turns a Decimal into a float
  before rounding it (f-strings and `format()` keep it a Decimal);
- a money field (named amount, total, budget, unit_price, vat_rate, ...) declared as another
  field than a DecimalField: the float is then in the database or the JSON.

A hit is named by file, line and scope: the enclosing function or class, or for module-level
code the name assigned. Uses that are not money (seconds, probabilities, chart coordinates)
are allowed per (file, scope) in ALLOWED, each with its reason; an allowance that no longer
matches anything fails the test too, so the list stays as short as the code needs.
"""

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The code that handles money: every app, the dashboards' money aggregations included.
APPS = ["agency", "accounts", "campaigns", "media", "billing", "portal"]

#: (file, scope) -> why the floats there are not money. A scope covers what is nested in it.
ALLOWED: dict[tuple[str, str], str] = {
    ("agency/settings.py", "CELERY_BROKER_CONNECTION_TIMEOUT"): "seconds to reach the broker",
    ("agency/settings.py", "CELERY_BROKER_TRANSPORT_OPTIONS"): "socket timeouts, seconds",
    ("agency/settings.py", "CELERY_TASK_PUBLISH_RETRY_POLICY"): "retry interval, seconds",
    ("agency/celery.py", "SWEEP_EVERY_SECONDS"): "the beat interval, seconds",
    ("agency/embedded.py", "start_periodic_thread"): "the embedded sweep's interval, seconds",
    ("agency/reminders/events.py", "BROKER_RETRY_AFTER_SECONDS"): "seconds",
    ("agency/reminders/events.py", "_Breaker"): "monotonic clock readings, seconds",
    ("agency/reminders/sweep.py", "deliver_pending"): "a delivery round's time budget, seconds",
    ("agency/dashboards/api.py", "AELoadSerializer"): "`total` counts an AE's accounts",
    ("agency/demo/history.py", "Actors.for_step"): "a probability of the demo's history",
    ("agency/demo/history.py", "timeline"): "day counts between the demo's stage changes",
    ("agency/demo/scale.py", "plan_history"): "day counts and probabilities of the bulk demo",
    ("agency/demo/scale.py", "_reports_and_tasks"): "a time span in seconds",
    ("agency/demo/scale.py", "_billing"): "a time span in seconds",
    ("agency/demo/scale.py", "_payments"): "the probability that a payment came in two parts",
}

#: Segments of a name that make it money (amount_paid, unit_price, vat_rate, budget_total).
MONEY_WORDS = frozenset(
    "amount total subtotal budget price cost gross net commission tax balance spend paid "
    "credited fee rate revenue".split()
)
#: Last segments that make such a name something else (tax_id, credited_invoice, due_date,
#: budget_line: the id of a proposal's budget line that an invoice line bills).
NOT_MONEY_ENDINGS = frozenset("id date at on number invoice vat count days line".split())
#: What a money field may be declared with: the decimal field, and our helpers built on it
#: (media.models.money_field, the dashboards' {currency: Decimal} AmountsField).
MONEY_FIELD_TYPES = frozenset({"DecimalField", "money_field", "AmountsField"})
RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})
FLOAT_CONVERSION = re.compile(r"%(\([^)]*\))?[-#0 +]*(\d+|\*)?(\.(\d+|\*))?[eEfFgG]")


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    scope: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{self.scope}] {self.what}"


def is_money_name(name: str) -> bool:
    parts = name.lower().strip("_").split("_")
    return bool(MONEY_WORDS.intersection(parts)) and parts[-1] not in NOT_MONEY_ENDINGS


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _float_in(node: ast.AST) -> str | None:
    """What makes this one node a float, if it is one (money field declarations aside)."""
    if isinstance(node, ast.Name) and node.id in ("float", "FloatField"):
        return f"{node.id}"
    if isinstance(node, ast.Attribute) and node.attr in ("float", "FloatField", "from_float"):
        return f".{node.attr}"
    if isinstance(node, ast.alias) and node.name.rsplit(".", 1)[-1] == "FloatField":
        return "import FloatField"
    if isinstance(node, ast.Constant) and isinstance(node.value, float):
        return f"float literal {node.value!r}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        text = node.left.value if isinstance(node.left, ast.Constant) else None
        if isinstance(text, str) and FLOAT_CONVERSION.search(text.replace("%%", "")):
            return f"%-format with a float conversion {text!r}"
    return None


def _money_field(statement: ast.stmt) -> str | None:
    """A class attribute named like money declared with a field that is not decimal."""
    if not isinstance(statement, ast.Assign | ast.AnnAssign):
        return None
    value = statement.value
    if not isinstance(value, ast.Call):
        return None
    kind = _callee(value)
    if not kind.endswith("Field") or kind in MONEY_FIELD_TYPES or kind in RELATIONS:
        return None
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    for target in targets:
        if isinstance(target, ast.Name) and is_money_name(target.id):
            return f"money field {target.id} = {kind}(...), not a DecimalField"
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path, self.scopes, self.hits = path, [], []

    def _scoped(self, name: str, node: ast.AST) -> None:
        self.scopes.append(name)
        self.generic_visit(node)
        self.scopes.pop()

    def visit_FunctionDef(self, node) -> None:
        self._scoped(node.name, node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for statement in node.body:
            self._add(statement, _money_field(statement), inside=node.name)
        self._scoped(node.name, node)

    def _module_level(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if self.scopes or not names:
            self.generic_visit(node)
        else:
            self._scoped(names[0], node)

    visit_Assign = visit_AnnAssign = visit_AugAssign = _module_level

    def generic_visit(self, node: ast.AST) -> None:
        self._add(node, _float_in(node))
        super().generic_visit(node)

    def _add(self, node: ast.AST, what: str | None, inside: str = "") -> None:
        if what:
            scope = ".".join([*self.scopes, inside] if inside else self.scopes) or "<module>"
            self.hits.append(Hit(self.path, getattr(node, "lineno", 0), scope, what))


def floats_in_source(source: str, path: str) -> list[Hit]:
    """Every float in one module's source, allowed or not."""
    finder = _Finder(path)
    finder.visit(ast.parse(source, path))
    return finder.hits


def python_files(root: Path, apps: Iterable[str]) -> Iterator[Path]:
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def floats_in_apps(root: Path = ROOT, apps: Iterable[str] = APPS) -> list[Hit]:
    found = []
    for path in python_files(root, apps):
        found += floats_in_source(path.read_text(), path.relative_to(root).as_posix())
    return found


def allowance_of(hit: Hit, allowed=ALLOWED) -> tuple[str, str] | None:
    """The allow-list entry covering the hit: its file and its scope or an enclosing one."""
    parts = hit.scope.split(".")
    for n in range(len(parts), 0, -1):
        key = (hit.path, ".".join(parts[:n]))
        if key in allowed:
            return key
    return None


def not_allowed(hits: Iterable[Hit], allowed=ALLOWED) -> list[Hit]:
    return [hit for hit in hits if allowance_of(hit, allowed) is None]


def unused_allowances(hits: Iterable[Hit], allowed=ALLOWED) -> list[tuple[str, str]]:
    used = {allowance_of(hit, allowed) for hit in hits}
    return [key for key in allowed if key not in used]
