"""The Leaderboard area (排行榜): standings per KPI and period, gaps to the rep above, the team
goal with each member's contribution; the period picker the manager screens share."""
