"""The type stubs (python/pond/_pond.pyi, python/pond/tasks.pyi) against the built module pond._pond.

Fails when the stubs drift from the bindings: a name, method or property the module has and the stubs
lack (or the other way round), a different base class, argument list (names, order, `*` and `/`
markers, defaults), a read-only property stubbed as writable, a key of a returned dict that the stub's
TypedDict does not list, or a missing docstring on either side.

The stubs are read from $POND_SOURCE_DIR/python/pond (the source tree; the build tree copies only some
of them), else from ../pond next to this file.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import os
import pathlib
import re
from typing import Any, Optional

import numpy as np
import pytest

import pond  # attaches as_pandas to Archive and GenomeArchive
from pond import _pond

# ---------------------------------------------------------------------------------------------------
# The stub files, parsed


def stub_dir() -> pathlib.Path:
    source = os.environ.get("POND_SOURCE_DIR")
    if source:
        return pathlib.Path(source) / "python" / "pond"
    return pathlib.Path(__file__).resolve().parent.parent / "pond"


STUB_FILES = {"_pond.pyi": _pond, "tasks.pyi": _pond.tasks}

#: Dunder methods the stubs must declare wherever a class binds them itself.
CHECKED_DUNDERS = {"__init__", "__len__", "__call__", "__eq__", "__getstate__", "__setstate__"}
#: Dunder methods pybind11 classes bind that the stubs need not repeat (object declares them).
IGNORED_DUNDERS = {"__repr__", "__str__"}

NO_DEFAULT = object()


@dataclasses.dataclass
class StubClass:
    node: ast.ClassDef
    module: str
    members: dict[str, list[ast.stmt]]

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def base_names(self) -> list[str]:
        # `Base` or `module.Base` -> "Base"; generic parameters are not used in these stubs.
        return [ast.unparse(b).rsplit(".", 1)[-1] for b in self.node.bases]


@dataclasses.dataclass
class StubModule:
    path: pathlib.Path
    tree: ast.Module
    classes: dict[str, StubClass]
    functions: dict[str, list[ast.FunctionDef]]
    attributes: dict[str, ast.stmt]
    reexports: dict[str, ast.stmt]

    def public_names(self) -> set[str]:
        names = set(self.classes) | set(self.functions) | set(self.attributes) | set(self.reexports)
        return {n for n in names if is_public_name(n)}


def is_public_name(name: str) -> bool:
    return not name.startswith("_") or name == "__version__"


def target_name(stmt: ast.stmt) -> Optional[str]:
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    return None


def parse_stub(name: str) -> StubModule:
    path = stub_dir() / name
    assert path.is_file(), f"no stub file {path}"
    tree = ast.parse(path.read_text(), filename=str(path))
    module = StubModule(path, tree, {}, {}, {}, {})
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            members: dict[str, list[ast.stmt]] = {}
            for item in stmt.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.setdefault(item.name, []).append(item)
                elif (member := target_name(item)) is not None:
                    members.setdefault(member, []).append(item)
            assert stmt.name not in module.classes, f"{name}: class {stmt.name} defined twice"
            module.classes[stmt.name] = StubClass(stmt, name, members)
        elif isinstance(stmt, ast.FunctionDef):
            module.functions.setdefault(stmt.name, []).append(stmt)
        elif (attribute := target_name(stmt)) is not None:
            module.attributes[attribute] = stmt
        elif isinstance(stmt, ast.ImportFrom):
            # PEP 484: `from x import a as a` re-exports `a`; other imports are private to the stub.
            for alias in stmt.names:
                if alias.asname is not None and alias.asname == alias.name:
                    module.reexports[alias.name] = stmt
    return module


@pytest.fixture(scope="module")
def stubs() -> dict[str, StubModule]:
    return {name: parse_stub(name) for name in STUB_FILES}


def all_stub_classes(stubs: dict[str, StubModule]) -> dict[str, StubClass]:
    out: dict[str, StubClass] = {}
    for module in stubs.values():
        for name, cls in module.classes.items():
            if is_public_name(name):
                assert name not in out, f"class {name} is stubbed in {out[name].module} and {module.path.name}"
                out[name] = cls
    # Private helpers (TypedDicts, aliases) may share names across files; only public classes are indexed.
    return out


def stub_lookup(classes: dict[str, StubClass], cls: StubClass, name: str) -> Optional[tuple[StubClass, list[ast.stmt]]]:
    """The declarations of `name` in stub class `cls` or, as Python looks attributes up, its stubbed bases."""
    seen: set[str] = set()
    queue = [cls]
    while queue:
        current = queue.pop(0)
        if current.name in seen:
            continue
        seen.add(current.name)
        if name in current.members:
            return current, current.members[name]
        queue.extend(classes[b] for b in current.base_names if b in classes)
    return None


def decorator_names(node: ast.stmt) -> list[str]:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    return [ast.unparse(d) for d in node.decorator_list]


def stub_kind(declarations: list[ast.stmt]) -> str:
    first = declarations[0]
    if not isinstance(first, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "attribute"
    decorators = decorator_names(first)
    for kind in ("property", "staticmethod", "classmethod"):
        if kind in decorators:
            return kind
    return "method"


def stub_functions(declarations: list[ast.stmt]) -> list[ast.FunctionDef]:
    """The signatures: every @overload when there are overloads, else the one definition."""
    functions = [d for d in declarations if isinstance(d, ast.FunctionDef)]
    overloads = [f for f in functions if any(n in ("overload", "typing.overload") for n in decorator_names(f))]
    return overloads or functions[:1]


# ---------------------------------------------------------------------------------------------------
# The runtime module, introspected


def runtime_public_names(module: Any) -> set[str]:
    # dir() of a pybind11 module also lists __doc__, __file__, __loader__, ...: module machinery.
    return {n for n in dir(module) if is_public_name(n)}


def pond_classes() -> dict[str, type]:
    out = {}
    for module in STUB_FILES.values():
        for name in runtime_public_names(module):
            value = getattr(module, name)
            if isinstance(value, type):
                out[name] = value
    return out


def is_own_binding(name: str, value: Any) -> bool:
    """Whether `value` is a function pybind11 (or the pond package) bound under `name`, as opposed to a
    slot wrapper CPython or pybind11 fills in (pybind11_object's __init__ that raises 'No constructor')."""
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if inspect.isfunction(value):
        return True
    doc = getattr(value, "__doc__", None) or ""
    return callable(value) and (doc.startswith(f"{name}(") or "\nOverloaded function." in doc[:200])


def runtime_members(cls: type) -> dict[str, tuple[type, Any]]:
    """name -> (defining class, raw attribute) for the public members of `cls`, inherited ones included,
    looked up along the MRO through pond's own classes only (not pybind11_object, not BaseException)."""
    out: dict[str, tuple[type, Any]] = {}
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("pond"):
            continue
        for name, value in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            if not name.startswith("_") or (name in CHECKED_DUNDERS and is_own_binding(name, value)):
                out[name] = (klass, value)
    return out


def runtime_kind(value: Any) -> str:
    if isinstance(value, property):
        return "property"
    if isinstance(value, staticmethod):
        return "staticmethod"
    if isinstance(value, classmethod):
        return "classmethod"
    if callable(value):
        return "method"
    return "attribute"


def class_cases() -> list[Any]:
    return [pytest.param(cls, id=name) for name, cls in sorted(pond_classes().items())]


def member_cases() -> list[Any]:
    cases = []
    for class_name, cls in sorted(pond_classes().items()):
        for name, (owner, value) in sorted(runtime_members(cls).items()):
            if owner is cls:  # inherited members are checked once, on the class that defines them
                cases.append(pytest.param(cls, name, value, id=f"{class_name}.{name}"))
    return cases


def callable_cases() -> list[Any]:
    cases = []
    for file_name, module in STUB_FILES.items():
        for name in sorted(runtime_public_names(module)):
            value = getattr(module, name)
            if callable(value) and not isinstance(value, type):
                cases.append(pytest.param(file_name, None, name, value, id=name))
    for class_name, cls in sorted(pond_classes().items()):
        for name, (owner, value) in sorted(runtime_members(cls).items()):
            if owner is cls and runtime_kind(value) in ("method", "staticmethod", "classmethod"):
                cases.append(pytest.param(None, cls, name, value, id=f"{class_name}.{name}"))
    return cases


# ---------------------------------------------------------------------------------------------------
# Signatures: pybind11's docstring line and a stub's ast, as one comparable form


@dataclasses.dataclass
class Param:
    name: str
    kind: str  # an inspect.Parameter kind name
    default: Any = NO_DEFAULT  # runtime: the default's text; stub: its ast node

    def __str__(self) -> str:
        prefix = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}.get(self.kind, "")
        return prefix + self.name + ("" if self.default is NO_DEFAULT else "=" + self.default_text())

    def default_text(self) -> str:
        return ast.unparse(self.default) if isinstance(self.default, ast.AST) else str(self.default)

    def default_value(self) -> Any:
        """The default as a Python value; NO_DEFAULT when it is not a literal."""
        try:
            if isinstance(self.default, ast.AST):
                return ast.literal_eval(self.default)
            return ast.literal_eval(self.default)
        except (ValueError, SyntaxError, TypeError):
            return NO_DEFAULT


def render(params: list[Param]) -> str:
    parts: list[str] = []
    kinds = [p.kind for p in params]
    for i, p in enumerate(params):
        if p.kind == "KEYWORD_ONLY" and "VAR_POSITIONAL" not in kinds and "*" not in parts:
            parts.append("*")
        parts.append(str(p))
        if p.kind == "POSITIONAL_ONLY" and (i + 1 == len(params) or params[i + 1].kind != "POSITIONAL_ONLY"):
            parts.append("/")
    return "(" + ", ".join(parts) + ")"


def split_top_level(text: str, separator: str) -> list[str]:
    """Splits at `separator` characters outside brackets and string literals."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def parse_pybind11_signature(line: str, name: str) -> tuple[list[Param], str]:
    """'f(self: X, a: int, *, b: str = 'x') -> None' -> the parameters and the return annotation."""
    assert line.startswith(name + "("), f"{name}: docstring does not start with its signature: {line!r}"
    depth, quote, end = 0, "", -1
    for i in range(len(name), len(line)):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                end = i
                break
    assert end > 0, f"{name}: unbalanced signature {line!r}"
    inside, rest = line[len(name) + 1 : end], line[end + 1 :].strip()
    returns = rest[2:].strip() if rest.startswith("->") else ""
    params: list[Param] = []
    kind = "POSITIONAL_OR_KEYWORD"
    for raw in (p.strip() for p in split_top_level(inside, ",")):
        if not raw:
            continue
        if raw == "*":
            kind = "KEYWORD_ONLY"
            continue
        if raw == "/":
            for p in params:
                p.kind = "POSITIONAL_ONLY"
            continue
        if raw.startswith("**"):
            params.append(Param(re.match(r"\*\*(\w+)", raw).group(1), "VAR_KEYWORD"))
            continue
        if raw.startswith("*"):
            params.append(Param(re.match(r"\*(\w+)", raw).group(1), "VAR_POSITIONAL"))
            kind = "KEYWORD_ONLY"
            continue
        pname = re.match(r"\w+", raw).group(0)
        pieces = split_top_level(raw, "=")
        default = pieces[1].strip() if len(pieces) > 1 else NO_DEFAULT
        # pybind11 names arguments bound without py::arg arg0, arg1, ...: they cannot be passed by keyword.
        pkind = "POSITIONAL_ONLY" if re.fullmatch(r"arg\d+", pname) and kind != "KEYWORD_ONLY" else kind
        params.append(Param(pname, pkind, default))
    return params, returns


def runtime_signatures(name: str, value: Any) -> list[tuple[list[Param], Optional[str]]]:
    """The signatures of a runtime callable (several when pybind11 overloads it); return annotation
    text, or None when unknown."""
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if inspect.isfunction(value):  # a Python function (as_pandas)
        signature = inspect.signature(value)
        params = [Param(p.name, p.kind.name, NO_DEFAULT if p.default is p.empty else repr(p.default))
                  for p in signature.parameters.values()]
        return [(params, None)]
    doc = value.__doc__ or ""
    lines = doc.splitlines()
    if len(lines) > 1 and lines[1].strip() == "Overloaded function.":
        pattern = re.compile(rf"^\d+\. ({re.escape(name)}\(.*)$")
        return [parse_pybind11_signature(m.group(1), name) for line in lines if (m := pattern.match(line))]
    return [parse_pybind11_signature(lines[0] if lines else "", name)]


def stub_params(function: ast.FunctionDef) -> list[Param]:
    a = function.args
    positional = [*a.posonlyargs, *a.args]
    defaults: list[Any] = [NO_DEFAULT] * (len(positional) - len(a.defaults)) + list(a.defaults)
    params = []
    for i, (arg, default) in enumerate(zip(positional, defaults)):
        # Before `/`, or the pre-PEP 570 spelling: a name with two leading underscores.
        positional_only = i < len(a.posonlyargs) or (arg.arg.startswith("__") and not arg.arg.endswith("__"))
        params.append(Param(arg.arg, "POSITIONAL_ONLY" if positional_only else "POSITIONAL_OR_KEYWORD", default))
    if a.vararg is not None:
        params.append(Param(a.vararg.arg, "VAR_POSITIONAL"))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        params.append(Param(arg.arg, "KEYWORD_ONLY", NO_DEFAULT if default is None else default))
    if a.kwarg is not None:
        params.append(Param(a.kwarg.arg, "VAR_KEYWORD"))
    return params


def signature_differences(runtime: list[Param], stub: list[Param], is_method: bool) -> list[str]:
    problems = []
    if is_method:
        # The instance: pybind11 writes `self: pond._pond.X`, a Python method names it anything.
        if not runtime or not stub:
            return ["no self parameter"]
        if stub[0].name != "self":
            problems.append(f"the stub's first parameter is {stub[0].name!r}, not 'self'")
        runtime, stub = runtime[1:], stub[1:]
    if len(runtime) != len(stub):
        return problems + [f"{len(runtime)} parameters at runtime, {len(stub)} in the stub"]
    for r, s in zip(runtime, stub):
        if r.kind != s.kind:
            problems.append(f"{r.name}: {r.kind} at runtime, {s.kind} in the stub")
        if r.kind != "POSITIONAL_ONLY" and r.name != s.name:
            problems.append(f"parameter named {r.name!r} at runtime, {s.name!r} in the stub")
        if (r.default is NO_DEFAULT) != (s.default is NO_DEFAULT):
            problems.append(f"{r.name}: default {'none' if r.default is NO_DEFAULT else r.default_text()} at runtime, "
                            f"{'none' if s.default is NO_DEFAULT else s.default_text()} in the stub")
        elif r.default is not NO_DEFAULT:
            value = r.default_value()
            if value is not NO_DEFAULT:
                stub_value = s.default_value()
                if stub_value is NO_DEFAULT or stub_value != value or type(stub_value) is not type(value):
                    problems.append(f"{r.name}: default {r.default_text()} at runtime, {s.default_text()} in the stub")
    return problems


# ---------------------------------------------------------------------------------------------------
# (0) Both stub files parse


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_stub_file_parses(name: str) -> None:
    path = stub_dir() / name
    ast.parse(path.read_text(), filename=str(path))


# ---------------------------------------------------------------------------------------------------
# (1) Module-level names


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_every_module_name_is_stubbed(stubs: dict[str, StubModule], name: str) -> None:
    missing = runtime_public_names(STUB_FILES[name]) - stubs[name].public_names()
    assert not missing, f"{name} lacks stubs for {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_every_stubbed_name_exists(stubs: dict[str, StubModule], name: str) -> None:
    extra = stubs[name].public_names() - runtime_public_names(STUB_FILES[name])
    assert not extra, f"{name} stubs names the module does not have: {sorted(extra)}"


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_module_names_have_the_stubbed_kind(stubs: dict[str, StubModule], name: str) -> None:
    module, stub = STUB_FILES[name], stubs[name]
    problems = []
    for n in sorted(stub.public_names() & runtime_public_names(module)):
        value = getattr(module, n)
        if n in stub.classes and not isinstance(value, type):
            problems.append(f"{n} is stubbed as a class but is {type(value).__name__}")
        if n in stub.functions and (isinstance(value, type) or not callable(value)):
            problems.append(f"{n} is stubbed as a function but is {type(value).__name__}")
        if n in stub.attributes and (isinstance(value, type) or callable(value)):
            problems.append(f"{n} is stubbed as a variable but is {type(value).__name__}")
    assert not problems, f"{name}: " + "; ".join(problems)


def test_version_is_a_string() -> None:
    assert isinstance(_pond.__version__, str) and _pond.__version__


def test_tasks_is_the_submodule() -> None:
    assert _pond.tasks.__name__ == "pond._pond.tasks"
    assert pond.tasks is _pond.tasks


# ---------------------------------------------------------------------------------------------------
# (2) Classes: bases and members


@pytest.mark.parametrize("cls", class_cases())
def test_class_bases_match(stubs: dict[str, StubModule], cls: type) -> None:
    stub = all_stub_classes(stubs)[cls.__name__]
    runtime = [b.__name__ for b in cls.__bases__ if b.__module__ != "pybind11_builtins"]
    assert stub.base_names == runtime, f"{cls.__name__}: bases {runtime} at runtime, {stub.base_names} in the stub"


@pytest.mark.parametrize("cls", class_cases())
def test_every_member_is_stubbed(stubs: dict[str, StubModule], cls: type) -> None:
    classes = all_stub_classes(stubs)
    stub = classes[cls.__name__]
    missing = sorted(name for name in runtime_members(cls) if stub_lookup(classes, stub, name) is None)
    assert not missing, f"the stub of {cls.__name__} (or of its bases) lacks {missing}"


@pytest.mark.parametrize("cls", class_cases())
def test_every_stubbed_member_exists(stubs: dict[str, StubModule], cls: type) -> None:
    stub = all_stub_classes(stubs)[cls.__name__]
    members = runtime_members(cls)
    extra = []
    for name in stub.members:
        if name in CHECKED_DUNDERS or not name.startswith("_"):
            if name not in members:
                extra.append(name)
        elif not hasattr(cls, name):  # other dunders (__hash__): whatever the class has
            extra.append(name)
    assert not extra, f"the stub of {cls.__name__} declares {sorted(extra)}, which the class does not bind"


def test_every_bound_dunder_is_checked_or_ignored() -> None:
    """A dunder newly bound in C++ (__iter__, __getitem__, ...) must be added to CHECKED_DUNDERS, and to the stubs."""
    unknown = []
    for class_name, cls in pond_classes().items():
        for name, value in vars(cls).items():
            if (name.startswith("__") and name not in CHECKED_DUNDERS and name not in IGNORED_DUNDERS
                    and is_own_binding(name, value)):
                unknown.append(f"{class_name}.{name}")
    assert not unknown, f"dunders bound but neither checked nor ignored: {sorted(unknown)}"


@pytest.mark.parametrize("cls, name, value", member_cases())
def test_member_kind_matches(stubs: dict[str, StubModule], cls: type, name: str, value: Any) -> None:
    classes = all_stub_classes(stubs)
    found = stub_lookup(classes, classes[cls.__name__], name)
    assert found is not None, f"{cls.__name__}.{name} is not stubbed"
    _, declarations = found
    runtime, stub = runtime_kind(value), stub_kind(declarations)
    if runtime == "property" and stub == "attribute":
        # A variable annotation stubs a writable attribute.
        assert value.fset is not None, f"{cls.__name__}.{name} is read-only: stub it as a @property"
        return
    assert runtime == stub, f"{cls.__name__}.{name} is a {runtime} at runtime, a {stub} in the stub"
    if runtime == "property":
        setters = [d for d in declarations if f"{name}.setter" in decorator_names(d)]
        assert bool(setters) == (value.fset is not None), (
            f"{cls.__name__}.{name}: {'writable' if value.fset else 'read-only'} at runtime, "
            f"{'with' if setters else 'without'} a setter in the stub")


# ---------------------------------------------------------------------------------------------------
# (3) Docstrings, at runtime and in the stubs


def description(doc: Optional[str], name: str) -> str:
    """A pybind11 docstring less its signature line(s)."""
    text = (doc or "").strip()
    if text.startswith(name + "("):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text.strip()


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_runtime_module_has_a_docstring(name: str) -> None:
    assert (STUB_FILES[name].__doc__ or "").strip()


@pytest.mark.parametrize("cls", class_cases())
def test_runtime_class_has_a_docstring(cls: type) -> None:
    assert (vars(cls).get("__doc__") or "").strip(), f"{cls.__name__} has no docstring"


@pytest.mark.parametrize("cls, name, value", member_cases())
def test_runtime_member_has_a_docstring(cls: type, name: str, value: Any) -> None:
    if isinstance(value, property):
        doc = value.__doc__
    else:
        doc = getattr(cls, name).__doc__  # through staticmethod / classmethod
    assert (doc or "").strip(), f"{cls.__name__}.{name} has no docstring"
    if not name.startswith("_"):
        # pybind11 writes the signature line itself; a public method needs words after it.
        assert description(doc, name), f"{cls.__name__}.{name} has a signature but no description"


@pytest.mark.parametrize("file_name, cls, name, value",
                         [c for c in callable_cases() if c.values[1] is None])
def test_runtime_function_has_a_docstring(file_name: str, cls: None, name: str, value: Any) -> None:
    assert description(value.__doc__, name), f"{name} has a signature but no description"


def stub_docstring_problems(body: list[ast.stmt], where: str, in_typed_dict: bool = False) -> list[str]:
    problems = []
    for i, stmt in enumerate(body):
        if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(stmt)
            label = f"{where}{stmt.name}"
            if not doc:
                problems.append(f"{label} has no docstring")
            elif "\n" in doc.strip():
                problems.append(f"{label}'s docstring is not one line")
            if isinstance(stmt, ast.ClassDef):
                typed_dict = any(ast.unparse(b).endswith("TypedDict") for b in stmt.bases)
                problems += stub_docstring_problems(stmt.body, f"{label}.", typed_dict)
        elif (name := target_name(stmt)) is not None and not in_typed_dict:
            following = body[i + 1] if i + 1 < len(body) else None
            if not (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str) and following.value.value.strip()):
                problems.append(f"{where}{name} has no docstring (a string right after it)")
    return problems


@pytest.mark.parametrize("name", sorted(STUB_FILES))
def test_stub_names_have_one_line_docstrings(stubs: dict[str, StubModule], name: str) -> None:
    tree = stubs[name].tree
    problems = [] if ast.get_docstring(tree) else ["the module has no docstring"]
    problems += stub_docstring_problems(tree.body, "")
    assert not problems, f"{name}: " + "; ".join(problems)


# ---------------------------------------------------------------------------------------------------
# (4) Signatures


@pytest.mark.parametrize("file_name, cls, name, value", callable_cases())
def test_signature_matches(stubs: dict[str, StubModule], file_name: Optional[str], cls: Optional[type],
                           name: str, value: Any) -> None:
    if cls is None:
        label = name
        declarations: list[ast.stmt] = list(stubs[file_name].functions.get(name, []))
        is_method = False
    else:
        label = f"{cls.__name__}.{name}"
        classes = all_stub_classes(stubs)
        found = stub_lookup(classes, classes[cls.__name__], name)
        assert found is not None, f"{label} is not stubbed"
        declarations = found[1]
        is_method = runtime_kind(vars(cls)[name]) == "method"
    functions = stub_functions(declarations)
    assert functions, f"{label} is not stubbed as a function"
    runtime = runtime_signatures(name, value)
    assert len(runtime) == len(functions), (
        f"{label}: {len(runtime)} signature(s) at runtime, {len(functions)} in the stub (use @overload)")
    for (runtime_params, runtime_returns), function in zip(runtime, functions):
        params = stub_params(function)
        problems = signature_differences(runtime_params, params, is_method)
        if runtime_returns is not None and function.returns is not None:
            stub_none = isinstance(function.returns, ast.Constant) and function.returns.value is None
            if (runtime_returns == "None") != stub_none:
                problems.append(f"returns {runtime_returns} at runtime, {ast.unparse(function.returns)} in the stub")
        assert not problems, (f"{label}{render(runtime_params)} at runtime vs {label}{render(params)} in the stub: "
                              + "; ".join(problems))


def test_signature_parser() -> None:
    params, returns = parse_pybind11_signature(
        "f(self: X, arg0: str, a: Optional[List[int]] = None, b: Dict[str, int], *, c: str = 'x, (y', d: int = 1)"
        " -> Tuple[int, int]", "f")
    assert [p.name for p in params] == ["self", "arg0", "a", "b", "c", "d"]
    assert [p.kind for p in params] == (["POSITIONAL_OR_KEYWORD", "POSITIONAL_ONLY"] + ["POSITIONAL_OR_KEYWORD"] * 2
                                        + ["KEYWORD_ONLY"] * 2)
    assert params[2].default_value() is None and params[3].default is NO_DEFAULT
    assert params[4].default_value() == "x, (y" and params[5].default_value() == 1
    assert returns == "Tuple[int, int]"


# ---------------------------------------------------------------------------------------------------
# The dicts the module returns against the stubs' TypedDicts


def typed_dict_fields(stubs: dict[str, StubModule], name: str) -> dict[str, str]:
    cls = stubs["_pond.pyi"].classes[name]
    assert any(ast.unparse(b).endswith("TypedDict") for b in cls.node.bases), f"{name} is not a TypedDict"
    return {member: ast.unparse(stmts[0].annotation) for member, stmts in cls.members.items()
            if isinstance(stmts[0], ast.AnnAssign)}


def check_dict(stubs: dict[str, StubModule], typed_dict: str, value: dict) -> None:
    fields = typed_dict_fields(stubs, typed_dict)
    assert set(value) == set(fields), f"{typed_dict}: keys {sorted(value)} at runtime, {sorted(fields)} in the stub"
    for key, annotation in fields.items():
        dtype = re.fullmatch(r"npt\.NDArray\[np\.(\w+)\]", annotation)
        if dtype is not None:
            assert isinstance(value[key], np.ndarray), f"{typed_dict}[{key!r}] is {type(value[key]).__name__}"
            assert value[key].dtype == np.dtype(getattr(np, dtype.group(1))), (
                f"{typed_dict}[{key!r}] is {value[key].dtype} at runtime, {annotation} in the stub")


@pytest.fixture(scope="module")
def small_run() -> tuple[pond.GridArchive, dict]:
    sphere = pond.tasks.Sphere(dim=4)
    archive = pond.GridArchive(solution_dim=4, dims=[5, 5], ranges=sphere.ranges)
    scheduler = pond.Scheduler(archive, [pond.GaussianEmitter(x0=np.zeros(4), batch_size=8)], seed=1)
    summary = scheduler.run(sphere, evaluations=64)
    return archive, summary


def test_archive_data_matches_its_typed_dict(stubs: dict[str, StubModule], small_run: tuple) -> None:
    check_dict(stubs, "_ArchiveData", small_run[0].data())


def test_genome_archive_data_has_the_same_keys(stubs: dict[str, StubModule]) -> None:
    assert set(typed_dict_fields(stubs, "_GenomeArchiveData")) == set(typed_dict_fields(stubs, "_ArchiveData"))


def test_metrics_match_their_typed_dict(stubs: dict[str, StubModule], small_run: tuple) -> None:
    check_dict(stubs, "_Metrics", small_run[0].metrics())


def test_scheduler_summary_matches_its_typed_dict(stubs: dict[str, StubModule], small_run: tuple) -> None:
    check_dict(stubs, "_SchedulerSummary", small_run[1])
    check_dict(stubs, "_Metrics", small_run[1]["metrics"])


def test_run_summary_matches_its_typed_dict(stubs: dict[str, StubModule], tmp_path: pathlib.Path) -> None:
    result = pond.run({"task": "sphere", "dim": 4, "evals": 100, "seed": 1}, str(tmp_path / "run"),
                      progress=False, plots=False)
    check_dict(stubs, "_RunSummary", result.summary)
    check_dict(stubs, "_Metrics", result.summary["metrics"])
