"""The bot offline, in a terminal: the local Discord server and the real bot in one process, typed at.

`main.run` is the entry point (`milestone-bot try`); `session.OfflineSession` wires the server, the bot
and its clock; `parse`/`complete` read what is typed; `render`/`markdown`/`screen` draw what the bot sends.
"""
