"""The mentions inbox page: mentions per account, triage, routing, replies, response times."""
