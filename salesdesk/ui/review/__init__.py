"""The Review area (审阅), for managers: the team's reports for a day, week or month — who
submitted on time, late, only a draft, or nothing by the deadline — reading, commenting and
rating each report, and a PDF export of the reports."""
