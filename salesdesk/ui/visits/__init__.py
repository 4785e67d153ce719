"""The Visits area (拜访): plan a day or week in route order, check in and out, outcomes,
next steps that become tasks, photos and files, and the visit log."""
