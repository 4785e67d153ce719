"""Business rules in plain Python: entities, pipeline, targets, KPIs, commissions. No Qt, no SQL."""
