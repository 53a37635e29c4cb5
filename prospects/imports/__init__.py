"""Bringing a team's spreadsheets into KAM: accounts, contacts, financial
statements, monthly transactions (and, registered by devlog, past contacts).

reading → a Table of text; columns → values; scope → which accounts and people a
row may name; engine → preview or commit in one transaction; one module per kind.
"""
