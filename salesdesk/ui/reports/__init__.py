"""The Reports area (汇报): writing reports, the list of reports, the daily reminder."""
