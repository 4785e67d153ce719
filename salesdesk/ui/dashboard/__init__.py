"""The Dashboard area (数据看板, managers): QtCharts of the team's revenue trend, funnel
conversion, activity and target attainment for a period; export to Excel and PDF."""
