"""The shape of the project: a pure core, a thin Discord layer, documented commands."""

import re
import subprocess
import sys

from conftest import ROOT

from bot.cli import parser
from bot.config import Settings

DISCORD_LAYER = {"client", "render", "launcher"}


def test_the_core_never_imports_discord():
    core = sorted(
        p.stem
        for p in (ROOT / "bot").glob("*.py")
        if p.stem not in DISCORD_LAYER | {"__init__", "__main__"}
    )
    code = (
        "import sys\n"
        + "".join(f"import bot.{m}\n" for m in core)
        + "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"discord imported by the core: {out.stdout}"
    for module in core:
        source = (ROOT / "bot" / f"{module}.py").read_text()
        assert not re.search(r"^\s*(import|from)\s+discord\b", source, re.M), module


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


def test_settings_never_show_the_token():
    settings = Settings(_env_file=None, discord_token="MTA.secret.value")
    assert "MTA.secret.value" not in repr(settings) and "MTA.secret.value" not in str(
        settings.model_dump()
    )


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
