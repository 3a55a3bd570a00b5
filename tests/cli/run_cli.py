"""The real `milestone-bot` command line, with discord.py pointed at a given REST base and gateway.

    python -m tests.cli.run_cli API_BASE GATEWAY_URL ARGS...

Everything else is as in production: settings from the environment, logging, exit codes.
"""

from __future__ import annotations

import sys

import discord
import yarl

from bot.cli import main

if __name__ == "__main__":
    api_base, gateway, *arguments = sys.argv[1:]
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    sys.exit(main(arguments))
