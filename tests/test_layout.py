"""The shape of the project: a pure core, a thin Discord layer, documented commands, small
modules without import cycles, and a token that is never shown."""

import ast
import asyncio
import logging
import os
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CORPUS

from bot.cli import parser
from bot.config import Settings

DISCORD_LAYER = {"bot.client", "bot.render", "bot.launcher", "bot.cogs"}  # and bot.cogs.*


def _modules() -> dict[str, Path]:
    """Every module of bot/ by dotted name (a package by its own name)."""
    out = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """What the module imports, relative imports resolved, as dotted names (any package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)  # `from . import x` imports x
    return out


def _in_discord_layer(module: str) -> bool:
    return module in DISCORD_LAYER or module.startswith("bot.cogs.")


def test_the_core_never_imports_discord():
    core = sorted(m for m in _modules() if not _in_discord_layer(m) and m != "bot.__main__")
    for module, path in _modules().items():  # read: no import of discord, even in a function
        if not _in_discord_layer(module):
            imported = _imports(module, path)
            assert not any(i == "discord" or i.startswith("discord.") for i in imported), module
    code = (  # run: importing the whole core never loads discord, even through a dependency
        "import sys\n"
        + "".join(f"import {m}\n" for m in core)
        + "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"discord imported by the core: {out.stdout}"


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan), or one that imports
    itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while (w := stack.pop()) != v:
                component.add(w)
            component.add(v)
            if len(component) > 1 or v in graph[v]:
                out.append(component)

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(map(sorted, _cycles(graph))) == [["a", "b", "c"], ["e"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_inside_bot():
    modules = _modules()
    graph = {m: _imports(m, p) & modules.keys() - {m} for m, p in modules.items()}
    assert "bot.index.search" in graph["bot.index"]  # relative imports are resolved
    assert _cycles(graph) == []


# Sizes a newcomer can read whole: a module in one sitting, a function on one screen.
MODULE_LINES = 500
FUNCTION_LINES = 60


def _function_lengths(tree: ast.Module, prefix: str) -> dict[str, int]:
    """Lines of every function and method (decorators aside), by qualified name."""
    out: dict[str, int] = {}

    def walk(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{scope}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    out[name] = child.end_lineno - child.lineno + 1
                walk(child, f"{name}.")
            else:
                walk(child, scope)

    walk(tree, prefix)
    return out


def _sizes() -> tuple[dict[str, int], dict[str, int]]:
    """Lines per module (by path) and per function (by path:qualified name) in bot/."""
    modules, functions = {}, {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        source = path.read_text("utf-8")
        modules[rel] = len(source.splitlines())
        functions.update(_function_lengths(ast.parse(source), f"{rel}:"))
    return modules, functions


def test_no_module_over_500_lines():
    modules, _ = _sizes()
    assert modules["bot/cli.py"] > 100  # modules are really measured
    long = sorted(m for m, n in modules.items() if n > MODULE_LINES)
    assert not long, f"over {MODULE_LINES} lines: {long}"


def test_no_function_over_60_lines():
    _, functions = _sizes()
    assert functions["bot/cli.py:main"] > 1  # methods and functions are really measured
    assert "bot/answer.py:Answerer.suggest" in functions
    long = sorted(f for f, n in functions.items() if n > FUNCTION_LINES)
    assert not long, f"over {FUNCTION_LINES} lines: {long}"


def test_every_cli_command_and_slash_command_is_documented():
    readme = (ROOT / "README.md").read_text()
    commands = parser()._subparsers._group_actions[0].choices  # argparse keeps them here
    for name in commands:
        assert f"python -m bot {name}" in readme, name
    for slash in ("/ask", "/doc", "/salary", "/reindex", "/about", "/gaps", "/forget-me"):
        assert f"`{slash}" in readme, slash


def test_every_setting_is_in_env_example_with_a_comment():
    example = (ROOT / ".env.example").read_text().splitlines()
    for name in Settings.model_fields:
        line = next(
            (n for n, text in enumerate(example) if text.startswith(f"{name.upper()}=")), None
        )
        assert line is not None, name
        assert example[line - 1].startswith("#"), f"{name.upper()} has no comment above it"


# A token shaped like Discord's (user id, timestamp, HMAC), and its secret part.
TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.q7Zc1pXwV3nB8mR2tY6uE0oA4sD9fG5hJ1kL3z"
SECRET = TOKEN.rsplit(".", 1)[1]


def _shown(*texts: str) -> bool:
    return any(TOKEN in t or SECRET in t for t in texts)


@pytest.fixture
def token_env(monkeypatch, tmp_path) -> dict[str, str]:
    """The token and the other settings in the environment, as a deployment sets them."""
    env = {
        "DISCORD_TOKEN": TOKEN,
        "CORPUS_DIR": str(SAMPLE_CORPUS),
        "INDEX_DIR": str(tmp_path / "index"),
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "DEBUG",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_settings_read_the_token_and_never_show_it(token_env):
    from bot.launcher import token_of

    settings = Settings(_env_file=None)
    assert token_of(settings) == TOKEN  # read from the environment, whole
    assert not _shown(repr(settings), str(settings), settings.model_dump_json())
    assert not _shown(str(settings.model_dump()), f"{settings}", repr(settings.discord_token))


def test_an_unreachable_discord_never_shows_the_token(token_env, monkeypatch, caplog, capsys):
    """`run` with the token set but Discord unreachable: the index is built, the login fails;
    the token is in no log record (at DEBUG), no output and no exception in the chain."""
    import discord
    import yarl

    from bot import launcher

    with socket.socket() as s:  # a port nothing listens on: the connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    gateway = yarl.URL(f"ws://127.0.0.1:{port}/")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)
    caplog.set_level(logging.DEBUG)
    settings = Settings(_env_file=None)
    with pytest.raises(OSError) as excinfo:
        asyncio.run(launcher.start_bot(settings))
    assert (Path(token_env["INDEX_DIR"]) / "CURRENT").is_file()  # it got as far as logging in
    assert not _shown("".join(traceback.format_exception(excinfo.value)), repr(excinfo.value))
    assert launcher.run_bot(settings) == 2
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert caplog.records and not _shown(caplog.text, out, err)


def _run_cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}  # this checkout's bot/, from any cwd
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.parametrize(
    "change, says",
    [
        ({"CORPUS_DIR": "no-such-corpus"}, "corpus folder not found"),
        ({"TOP_K": "99"}, "invalid setting TOP_K"),
        ({"DISCORD_TOKEN": TOKEN.replace(".", ". ", 1)}, "does not look like a bot token"),
        ({"DISCORD_TOKEN": TOKEN.replace(".", "", 1)}, "does not look like a bot token"),
    ],
    ids=["no-corpus", "a-bad-setting", "token-with-a-space", "token-with-one-dot"],
)
def test_a_failed_start_never_shows_the_token(token_env, tmp_path, change, says):
    """`python -m bot -v run` stopping before it goes online, with the token in the
    environment (or in a .env) and debug logging: one line, without the token."""
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n")  # read from the cwd
    out = _run_cli({**token_env, **change}, tmp_path, "-v", "run")
    assert out.returncode == 2 and says in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert not _shown(out.stdout, out.stderr)


def test_readme_invite_permissions_are_the_ones_named():
    import discord

    wanted = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
        add_reactions=True,
    )
    readme = (ROOT / "README.md").read_text()
    assert f"permissions={wanted.value}" in readme and f"`{wanted.value}`" in readme
