"""The Customers area: the list, the detail pane, the editors."""
