"""The review workflow's widgets: drafts list, review inbox, draft view, audit, credentials."""
