"""The user's language: message catalogs, localized command names, money and dates as each locale writes them.

English is the source language: the text in the code is the msgid, and a locale without a catalog reads it.
"""
