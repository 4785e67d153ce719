"""The Tasks area (任务)."""
