"""The Today area (今日): the day's route with check-in, tasks due and overdue, deals that
need action, and where today's daily report stands."""
