"""The pure core: counting, the guide, rules, tone, workflow and schedule. No Qt, SQL or network."""
