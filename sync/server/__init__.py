"""The SalesDesk central server: HTTP API, server database, auth, scoping and the admin CLI.

Install with the ``server`` extra (``pip install 'salesdesk[server]'``) and run
``salesdesk-server`` (see ``docs/SERVER.md``). Nothing here imports Qt.
"""
