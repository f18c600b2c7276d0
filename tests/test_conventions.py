"""Conventions every addon keeps, checked on the source."""

import ast
import glob
import os

from conftest import ROOT


def action_methods():
    for path in sorted(glob.glob(os.path.join(ROOT, "addons", "*", "**", "*.py"), recursive=True)):
        if f"{os.sep}tests{os.sep}" in path:
            continue
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("action_"):
                yield os.path.relpath(path, ROOT), node


def test_every_button_method_returns_something():
    """XML-RPC cannot marshal None: a button method that returns nothing logs an error for
    every external client that calls it, even on success."""
    silent = []
    for path, method in action_methods():
        returns = [node for node in ast.walk(method) if isinstance(node, ast.Return)]
        last = method.body[-1]
        if not isinstance(last, (ast.Return, ast.Raise)) or any(
            node.value is None for node in returns
        ):
            silent.append(f"{path}:{method.lineno} {method.name}")
    assert not silent, "return True or an action from:\n" + "\n".join(silent)
