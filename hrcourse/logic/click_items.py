"""Click-answered quiz items read as data, never run.

Two readers, both pure (no nbgrader, no kernel, no file access):

- `parse_hidden_test` turns the instructor's hidden test, a single
  `quiz.grade(3, key='b', options='abcd', ...)` call with literal arguments, into a
  `ClickItem`. Anything else (a loop, a variable, a second statement) is not a click item,
  and such a notebook is graded by running it.
- `recorded_answers` works out, from a submitted notebook's cells, what `answer_<n>`
  would hold when item n's hidden test runs, the way the kernel would, but by reading
  the code: a plain literal (`answer_3 = "b"`) is taken, the locked reader
  (`answer_3 = quiz.answer(3, ...)`) means "the clicked answer", and anything else that
  touches `answer_3` is ignored with a note. No student code is executed, so nothing a
  student writes can change how their answers are scored.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

# quiz.grade's parameters, in order (hrcourse.quiz.grade); `given` is left out on purpose:
# a hidden test that passes its own answer is not reading the student's.
GRADE_PARAMETERS = ("item", "key", "options", "many", "points", "concept", "feedback")
# A typed-answer cell longer than this is not a typed answer; it is not parsed.
MAX_CELL_CHARS = 20_000


@dataclass(frozen=True)
class ClickItem:
    item: int
    key: str
    options: str = "abcd"
    many: bool = False
    points: float = 1.0
    concept: str = ""
    feedback: dict[str, str] = field(default_factory=dict)


def _parse(source: str) -> ast.Module | None:
    if len(source) > MAX_CELL_CHARS:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _literal(node: ast.AST):
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return False, None


def _is_call(node: ast.AST, name: str) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == name and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "quiz")


def parse_hidden_test(source: str) -> ClickItem | None:
    """The item a hidden test grades, or None if the cell is anything but one
    `quiz.grade(...)` call whose arguments are all literals."""
    tree = _parse(source)
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not _is_call(call, "grade") or len(call.args) > len(GRADE_PARAMETERS):
        return None
    values = {}
    named = [(name, node) for name, node in zip(GRADE_PARAMETERS, call.args, strict=False)]
    named += [(kw.arg, kw.value) for kw in call.keywords]
    for name, node in named:
        ok, value = _literal(node)
        if not ok or name not in GRADE_PARAMETERS or name in values:
            return None
        values[name] = value
    try:
        item = ClickItem(**values)
    except TypeError:  # `item` or `key` missing
        return None
    feedback = item.feedback or {}
    well_typed = (isinstance(item.item, int) and isinstance(item.key, str)
                  and isinstance(item.options, str) and item.options
                  and isinstance(item.many, bool) and isinstance(item.points, (int, float))
                  and isinstance(item.concept, str) and isinstance(feedback, dict)
                  and all(isinstance(k, str) and isinstance(v, str)
                          for k, v in feedback.items()))
    return item if well_typed else None


# quiz.grade_slot's parameters (hrcourse.quiz.grade_slot): an item-bank slot's hidden test.
SLOT_PARAMETERS = ("item", "slot", "variants", "many", "points", "shuffle")


@dataclass(frozen=True)
class SlotVariant:
    id: str
    key: str
    options: dict[str, str]  # option id -> text, in the order written
    concept: str = ""
    feedback: dict[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.key.split(","))


@dataclass(frozen=True)
class SlotItem:
    """An item-bank slot: every variant's key, options, concept and feedback; which one a
    student is scored on is drawn from their id (hrcourse.logic.variants), never read
    from their work."""

    item: int
    slot: str
    variants: dict[str, SlotVariant]
    many: bool = False
    points: float = 1.0
    shuffle: bool = True

    def option_ids(self) -> dict[str, list[str]]:
        """variant id -> its option ids in the order written (variants.draw's input)."""
        return {vid: list(v.options) for vid, v in self.variants.items()}


def _text_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                           for k, v in value.items())


def _slot_variant(vid: object, raw: object) -> SlotVariant | None:
    if not isinstance(vid, str) or not isinstance(raw, dict) or \
            set(raw) - {"key", "options", "concept", "feedback"}:
        return None
    key, options = raw.get("key"), raw.get("options")
    concept, feedback = raw.get("concept", ""), raw.get("feedback", {})
    if not (isinstance(key, str) and _text_map(options) and options
            and isinstance(concept, str) and _text_map(feedback)):
        return None
    if not set(key.split(",")) <= set(options):
        return None
    return SlotVariant(vid, key, dict(options), concept, dict(feedback))


def parse_slot_test(source: str) -> SlotItem | None:
    """The slot a hidden test grades, or None if the cell is anything but one
    `quiz.grade_slot(...)` call whose arguments are all literals of the right shape."""
    tree = _parse(source)
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not _is_call(call, "grade_slot") or len(call.args) > len(SLOT_PARAMETERS):
        return None
    values: dict[str, object] = {}
    named = list(zip(SLOT_PARAMETERS, call.args, strict=False))
    named += [(kw.arg, kw.value) for kw in call.keywords]
    for name, node in named:
        ok, value = _literal(node)
        if not ok or name not in SLOT_PARAMETERS or name in values:
            return None
        values[name] = value
    raw_variants = values.get("variants")
    if not isinstance(raw_variants, dict) or not raw_variants:
        return None
    variants = {vid: _slot_variant(vid, raw) for vid, raw in raw_variants.items()}
    if any(v is None for v in variants.values()):
        return None
    item, slot = values.get("item"), values.get("slot")
    many, points = values.get("many", False), values.get("points", 1.0)
    shuffle = values.get("shuffle", True)
    if not (isinstance(item, int) and not isinstance(item, bool) and isinstance(slot, str)
            and isinstance(many, bool) and isinstance(shuffle, bool)
            and isinstance(points, (int, float)) and not isinstance(points, bool)):
        return None
    return SlotItem(item, slot, variants, many, float(points), shuffle)  # type: ignore[arg-type]


def parse_graded_test(source: str) -> ClickItem | SlotItem | None:
    """A hidden test read as data: a fixed item, an item-bank slot, or None."""
    return parse_hidden_test(source) or parse_slot_test(source)


def quiz_start(source: str) -> tuple[str, str] | None:
    """(quiz id, term salt) of a setup cell's `quiz.start(id, salt=...)`, read as data."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if (isinstance(node, ast.Call) and isinstance(func, ast.Attribute)
                and func.attr == "start" and isinstance(func.value, ast.Name)
                and func.value.id == "quiz" and node.args):
            try:
                quiz_id = ast.literal_eval(node.args[0])
                salt = next((ast.literal_eval(kw.value) for kw in node.keywords
                             if kw.arg == "salt"),
                            ast.literal_eval(node.args[1]) if len(node.args) > 1 else "")
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                return None
            if isinstance(quiz_id, str) and isinstance(salt, str):
                return quiz_id, salt
    return None


def items_in_notebook(nb: dict) -> dict[int, ClickItem | SlotItem | None]:
    """item number (or the graded cell's position, if unreadable) -> its click item, for
    every graded code cell of a notebook given as a dict (None: not a click item)."""
    found: dict[int, ClickItem | None] = {}
    for index, cell in enumerate(nb.get("cells", [])):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade"):
            source = cell.get("source", "")
            item = parse_graded_test(source if isinstance(source, str) else "".join(source))
            found[item.item if item else -index - 1] = item
    return found


# What answer_<n> holds at a point of the notebook.
CLICKED = "clicked"  # the answers file's value, as the locked reader cell returns it


@dataclass
class Recorded:
    """What item n's hidden test would grade: the clicked answer, or a typed value."""

    source: str = CLICKED  # CLICKED or "typed"
    typed: object = None
    notes: list[str] = field(default_factory=list)


def _targets(node: ast.AST) -> set[str]:
    """Names a statement binds or deletes anywhere inside it (assignments, loops,
    imports, walrus, del, function and class names...)."""
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, ast.alias):
            names.add((sub.asname or sub.name).split(".")[0])
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            names.update(sub.names)
    return names


def _cell_effects(source: str, items: set[int]) -> dict[int, tuple[str, object]]:
    """item -> ("typed", value) | ("clicked", None) | ("unreadable", None) for every item
    whose answer_<n> the cell sets, in statement order (the last one wins)."""
    effects: dict[int, tuple[str, object]] = {}
    mentioned = {n for n in items if f"answer_{n}" in source}
    if not mentioned:
        return effects
    tree = _parse(source)
    if tree is None:
        return {n: ("unreadable", None) for n in mentioned}
    names = {f"answer_{n}": n for n in mentioned}
    for stmt in tree.body:
        simple = (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                  and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id in names)
        if simple:
            n = names[stmt.targets[0].id]
            ok, value = _literal(stmt.value)
            if ok and (value is None or isinstance(value, (str, int, list, tuple))):
                effects[n] = ("typed", value)
            elif _is_call(stmt.value, "answer") and _reads_own_item(stmt.value, n):
                effects[n] = ("clicked", None)
            else:
                effects[n] = ("unreadable", None)
            continue
        for name in _targets(stmt) & names.keys():
            effects[names[name]] = ("unreadable", None)
    # A name only read (e.g. print(answer_3)) changes nothing; a name set through
    # globals(), exec or a module attribute cannot be seen here and is ignored.
    return effects


def _reads_own_item(call: ast.Call, n: int) -> bool:
    ok, first = _literal(call.args[0]) if call.args else (False, None)
    others = all(kw.arg in ("options", "many") and _literal(kw.value)[0]
                 for kw in call.keywords)
    return ok and first == n and others and all(_literal(a)[0] for a in call.args)


def recorded_answers(cells: list[tuple[str, str]], test_cells: dict[int, int]
                     ) -> dict[int, Recorded]:
    """cells: (cell_type, source) in notebook order; test_cells: item -> index of its
    hidden-test cell. Returns what each item's test would grade, with notes for typed
    answers that could not be read."""
    state = {n: Recorded() for n in test_cells}
    final: dict[int, Recorded] = {}
    for index, (cell_type, source) in enumerate(cells):
        for n, at in test_cells.items():
            if at == index:
                final[n] = Recorded(state[n].source, state[n].typed, list(state[n].notes))
        if cell_type != "code" or index in test_cells.values():
            continue
        for n, (kind, value) in _cell_effects(source, set(state) - set(final)).items():
            if kind == "typed":
                state[n].source, state[n].typed, state[n].notes = "typed", value, []
            elif kind == "clicked":
                state[n].source, state[n].typed, state[n].notes = CLICKED, None, []
            else:
                state[n].notes.append(
                    f"your typed answer for item {n} could not be read (only a plain answer "
                    f"such as answer_{n} = \"b\" counts), so it was ignored")
    for n, rec in state.items():
        final.setdefault(n, rec)
    return final
