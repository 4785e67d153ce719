"""The Deals area (商机): the kanban board, the deal detail, the funnel."""
