"""Sync in the desktop app: sign in and out, background sync, the status bar, conflicts, the demo.

- ``controller``: one profile's sync state and every call into ``sync.client``
  (network work on the runner's pool, reads on the database thread);
- ``scheduler``: when to sync by itself (start, timer, after edits, network back);
- ``status``: the status bar corner; ``signin``, ``password``, ``signout``,
  ``conflicts``: the dialogs; ``values``/``messages``: values and errors in words;
- ``window``: all of it wired into one main window (``MainWindow.sync``);
- ``shell``: the window over the open profile, reopened after signing in as
  someone else or wiping the local copy; ``demo``: ``salesdesk demo``'s
  embedded local server.
"""
