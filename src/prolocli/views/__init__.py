"""Views: one plain object per command, holding all that the command shows.

Each builder takes the catalogue and the command's arguments and returns a
view; `prolocli.layout` draws a view as a document for the terminal and
Markdown renderers, and `prolocli.jsonout` serialises it. No renderer asks the
catalogue anything of its own.
"""
