"""The Configuration area (设置), for managers: the team's report templates, its pipeline (stages,
probabilities, checklists) and its appraisal weights — synced to every rep of the team."""
