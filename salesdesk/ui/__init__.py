"""The Qt Widgets user interface: one sub-package per area."""
