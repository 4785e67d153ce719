"""The Commissions area (提成): per-rep statements with every line of the calculation, a what-if
for winning open deals, and (managers) the plans and who is on which plan."""
