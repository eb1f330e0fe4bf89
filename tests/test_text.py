"""Untrusted text reaches Streamlit's Markdown only escaped: the helper, and a code check.

``ui.text`` is the one escaping helper. The AST check below reads ``app.py`` and ``ui/``
and fails when text that is not a literal, not escaped and not one of the vetted values
reaches a call that renders Markdown (``st.markdown``, alerts, captions, headings, button
labels, tooltips, radio, pill and segmented-control options).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui.text import WORD_JOINER, code_span, escape_markdown, shown_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py"))]

# Calls whose first argument (or ``body``/``label``) is rendered as Markdown.
MARKDOWN_CALLS = frozenset(
    {
        "markdown",
        "write",
        "caption",
        "warning",
        "info",
        "error",
        "success",
        "exception",
        "toast",
        "title",
        "header",
        "subheader",
        "button",
        "download_button",
        "link_button",
        "page_link",
        "expander",
        "popover",
        "radio",
        "pills",
        "segmented_control",
        "selectbox",
        "multiselect",
        "slider",
        "text_input",
        "text_area",
        "number_input",
        "checkbox",
        "toggle",
        "metric",
        "tabs",
    }
)
# Calls whose options, as ``format_func`` gives them, are rendered as Markdown too
# (a selectbox or a multiselect shows its options as plain text).
MARKDOWN_OPTIONS = frozenset({"radio", "pills", "segmented_control"})
# ``quote`` percent-encodes a link's address, so it cannot leave the link's parentheses.
ESCAPERS = frozenset({"escape_markdown", "code_span", "quote"})
# Calls that insert raw HTML take only the page's own constants: no escaper makes data safe there.
HTML_CALLS = frozenset({"html"})
HTML_ESCAPERS: frozenset[str] = frozenset()
# Functions of ui/ that return Markdown built only from escaped text and numbers; their
# own return values are checked by the same rules (see test_markdown_builders_escape).
BUILDERS = frozenset({"summary", "path_label", "_link", "_verdict_line", "search_line"})
NUMBERS = frozenset({"len", "number_of_nodes", "number_of_edges"})
# Names bound to our own vocabulary (graph/schema.py and the page's constants), not data.
VOCABULARY = frozenset(
    {
        "NODE_TYPES",
        "RELATIONS",
        "STRENGTHS",
        "VERDICTS",
        "MODE_LABELS",
        "IDENTIFIER_LINKS",
        "FILTERS",
        "GENERATED_TOURS",
        "_STATUS_ICON",
        "ARTICLE_HEADING",
        "REVIEWS_HEADING",
        "_STYLES",
    }
)


class _Checker:
    """Decides whether an expression can only produce safe Markdown."""

    def __init__(self, function: ast.AST, *, escapers: frozenset[str] = ESCAPERS) -> None:
        self.escapers = escapers
        self.assigned: dict[str, list[ast.expr]] = {}
        self.counters: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                # `name, url = IDENTIFIER_LINKS[scheme]`: each name is as safe as the value.
                for target in node.targets:
                    for name in _names(target):
                        self.assigned.setdefault(name, []).append(node.value)
            elif isinstance(node, ast.For | ast.comprehension):
                self._loop_target(node.target, node.iter)
        self.seen: set[str] = set()

    def _loop_target(self, target: ast.expr, iterable: ast.expr) -> None:
        called = getattr(iterable.func, "id", "") if isinstance(iterable, ast.Call) else ""
        if called == "range":
            self.counters.update(_names(target))
        elif called == "enumerate" and isinstance(target, ast.Tuple) and target.elts:
            # `for number, item in enumerate(...)`: the first name is a counter (an int).
            self.counters.update(_names(target.elts[0]))
        elif self._root(iterable) in VOCABULARY:
            # `for field, (title, ...) in FILTERS.items()`: our own vocabulary.
            self.counters.update(_names(target))

    def accept_counter(self, name: str) -> None:
        """Treat ``name`` as an int (a ``format_func`` parameter over ``range`` options)."""
        self.counters.add(name)

    def is_safe(self, node: ast.expr) -> bool:
        """Whether ``node`` is a literal, escaped text, a number or our own vocabulary."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.is_safe(part) for part in node.values)
        if isinstance(node, ast.FormattedValue):
            return node.format_spec is not None or self.is_safe(node.value)
        if isinstance(node, ast.BinOp):
            return self.is_safe(node.left) and self.is_safe(node.right)
        if isinstance(node, ast.IfExp):
            return self.is_safe(node.body) and self.is_safe(node.orelse)
        if isinstance(node, ast.Call):
            return self._call_is_safe(node)
        if isinstance(node, ast.Attribute | ast.Subscript):
            return self._root(node) in VOCABULARY or self._is_vocabulary_alias(node)
        if isinstance(node, ast.Name):
            return node.id in VOCABULARY or self._name_is_safe(node.id)
        return False

    def _call_is_safe(self, node: ast.Call) -> bool:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in self.escapers or name in NUMBERS:
            return True
        if name in BUILDERS and self.escapers is ESCAPERS:
            return True
        if name == "join" and isinstance(func, ast.Attribute) and node.args:
            items = node.args[0]
            if isinstance(items, ast.GeneratorExp | ast.ListComp):
                return self.is_safe(func.value) and self.is_safe(items.elt)
            return False
        # A method without arguments of safe text (".capitalize()") stays safe.
        if isinstance(func, ast.Attribute) and not node.args and name.isidentifier():
            return name in {"capitalize", "lower", "upper", "title", "strip"} and self.is_safe(
                func.value
            )
        return False

    def _root(self, node: ast.expr) -> str:
        while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
            node = node.func if isinstance(node, ast.Call) else node.value
        return node.id if isinstance(node, ast.Name) else ""

    def _is_vocabulary_alias(self, node: ast.expr) -> bool:
        root = self._root(node)
        return bool(root) and self._name_is_safe(root)

    def _name_is_safe(self, name: str) -> bool:
        if name in self.counters:
            return True
        if name in self.seen or name not in self.assigned:
            return False
        self.seen.add(name)
        try:
            return all(self.is_safe(value) for value in self.assigned[name])
        finally:
            self.seen.discard(name)


def _names(target: ast.expr) -> list[str]:
    """The names an assignment or loop target binds."""
    return [node.id for node in ast.walk(target) if isinstance(node, ast.Name)]


def _functions(tree: ast.Module) -> dict[ast.AST, ast.AST | None]:
    """Each node of the module -> the function it is in (None at module level)."""
    owner: dict[ast.AST, ast.AST | None] = {}

    def visit(node: ast.AST, function: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef) else function
            owner[child] = inner
            visit(child, inner)

    visit(tree, None)
    return owner


def _markdown_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that Streamlit renders as Markdown."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    found = [kw.value for kw in call.keywords if kw.arg == "help"]
    if name not in MARKDOWN_CALLS:
        return found
    if name == "tabs":
        labels = call.args[0] if call.args else None
        return found + (list(labels.elts) if isinstance(labels, ast.List) else [labels])
    if call.args:
        found.append(call.args[0])
    found += [kw.value for kw in call.keywords if kw.arg in {"body", "label"}]
    if name in MARKDOWN_OPTIONS:
        for kw in call.keywords:
            if kw.arg == "format_func":
                found.append(kw.value.body if isinstance(kw.value, ast.Lambda) else kw.value)
    return [node for node in found if node is not None]


def _range_option_names(call: ast.Call) -> list[str]:
    """The ``format_func`` parameter of a call whose options are ``range(...)`` (ints)."""
    options = call.args[1] if len(call.args) > 1 else None
    is_range = isinstance(options, ast.Call) and getattr(options.func, "id", "") == "range"
    return [
        kw.value.args.args[0].arg
        for kw in call.keywords
        if is_range and kw.arg == "format_func" and isinstance(kw.value, ast.Lambda)
    ]


def unescaped_markdown(source: str, filename: str) -> list[str]:
    """Every argument of a Markdown-rendering call in ``source`` that may carry raw text."""
    tree = ast.parse(source, filename)
    owner = _functions(tree)
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if called in HTML_CALLS:
            html_checker = _Checker(owner.get(node) or tree, escapers=HTML_ESCAPERS)
            for argument in node.args[:1]:
                if not html_checker.is_safe(argument):
                    problems.append(f"{filename}:{argument.lineno}: {ast.unparse(argument)}")
            continue
        checker = _Checker(owner.get(node) or tree)
        for name in _range_option_names(node):
            checker.accept_counter(name)
        for argument in _markdown_arguments(node):
            if not checker.is_safe(argument):
                problems.append(f"{filename}:{argument.lineno}: {ast.unparse(argument)}")
    return problems


def test_no_unescaped_text_reaches_markdown_in_the_app_or_ui() -> None:
    problems = [
        problem
        for path in SOURCES
        for problem in unescaped_markdown(path.read_text(encoding="utf-8"), path.name)
    ]
    assert problems == [], "escape these with ui.text.escape_markdown:\n" + "\n".join(problems)


def test_markdown_builders_escape_what_they_return() -> None:
    checked = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and function.name in BUILDERS:
                checker = _Checker(function)
                for node in ast.walk(function):
                    if isinstance(node, ast.Return) and node.value is not None:
                        assert checker.is_safe(node.value), ast.unparse(node.value)
                checked.add(function.name)
    assert checked == BUILDERS


@pytest.mark.parametrize(
    "source",
    [
        'st.warning(f"Ignored {value} in the link.")',
        "st.info(message)",
        'st.button(label, help="Show " + node)',
        'st.radio("Pick", options, format_func=lambda i: names[i])',
        "st.caption(f\"{kind.label}: {data['label']}\")",
        'st.tabs(["Fixed", title])',
        'left.markdown(f"**{heading}**")',
        'st.html(f"<p>{escape_markdown(text)}</p>")',
        "st.write(data['label'])",
    ],
)
def test_the_check_catches_raw_text(source: str) -> None:
    assert unescaped_markdown(source, "probe.py")


@pytest.mark.parametrize(
    "source",
    [
        'st.warning(escape_markdown(f"Ignored {value} in the link."))',
        "for number, text in enumerate(rows):\n"
        '    st.markdown(f"**{number}. {escape_markdown(text)}** {amount:g}")',
        'st.caption(f"{NODE_TYPES[kind].label} · id {code_span(node)}")',
        'st.selectbox("Tour", tours, format_func=lambda t: titles[t])',
        'st.markdown(", ".join(panels.escape_markdown(m.label) for m in hits))',
    ],
)
def test_the_check_accepts_escaped_text(source: str) -> None:
    assert unescaped_markdown(source, "probe.py") == []


def test_escaped_markdown_keeps_every_character_once_unescaped() -> None:
    text = "[a](b) **c** _d_ <e> `f` ~g~ $h$ #i |j| :k: &l; !m"
    escaped = escape_markdown(text)
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == text


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("see https://evil.example/x", "https:" + WORD_JOINER),
        ("www.evil.example", WORD_JOINER + "www"),
        ("mail me@evil.example", "me" + WORD_JOINER),
        (":material/home:", ":" + WORD_JOINER),
        (":red[alarm]", ":" + WORD_JOINER),
    ],
)
def test_bare_links_and_icon_codes_are_broken(text: str, broken: str) -> None:
    assert broken in escape_markdown(text).replace("\\", "")
    assert broken in code_span(text)


def test_controls_and_direction_overrides_are_shown_not_obeyed() -> None:
    assert shown_text("abc\u202edef\x00") == "abc[U+202E]def[U+0000]"
    assert "\u202e" not in escape_markdown("x\u202ey")


def test_long_text_is_cut_to_the_limit() -> None:
    assert len(shown_text("x" * 50_000, limit=300)) == 300
    assert escape_markdown("x" * 50_000, limit=300).endswith("…")
