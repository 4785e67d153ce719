"""The Targets area (目标): SMART targets per KPI and period, a team target split to reps (配额),
progress against target with the straight-line expectation, and (for managers) the appraisal
scorecard (绩效考核)."""
