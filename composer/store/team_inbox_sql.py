"""Team mode's guards of the inbox tables (PostgreSQL), installed with the others.

- ``mentions``: the publisher login and the account's admins add fetched mentions (as new,
  unassigned); what X said (id, author, text, time, thread) never changes; anyone with a role
  on the mention's account triages it (assign to a person with a role there, no reply needed,
  reopen, route to another account with a note); a mention becomes answered by anyone once a
  published draft of its account replies to it.
- ``inbox_cursors``: written by the publisher login and the account's admins (the fetch).
"""

# ruff: noqa: S608 - DDL built from quoted identifiers and constants, never from user input
from __future__ import annotations

_TRIAGE = "ARRAY['author', 'reviewer', 'admin']"


def inbox_guards_sql(schema: str) -> list[str]:
    """The guard functions of ``mentions`` and ``inbox_cursors``."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    head = f"RETURNS trigger LANGUAGE plpgsql {path} AS $$"
    trusted = f"IF {schema}.bvc_trusted() THEN RETURN COALESCE(NEW, OLD); END IF;"
    refuse = f"PERFORM {schema}.bvc_refuse"
    fetcher = (
        f"({schema}.bvc_is_publisher() OR {schema}.bvc_has_role(NEW.account_id, ARRAY['admin']))"
    )
    return [
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_mentions() {head}
        DECLARE
          answered_by_post boolean;
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF TG_OP = 'INSERT' THEN
            IF NOT {fetcher} THEN
              {refuse}('only the publisher login or an admin of the account fetches mentions');
            END IF;
            IF NEW.state <> 'new' OR NEW.assignee_id IS NOT NULL OR NEW.routed_from <> ''
               OR NEW.answered_at IS NOT NULL THEN
              {refuse}('a fetched mention starts new and unassigned');
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.id <> OLD.id OR NEW.x_id <> OLD.x_id OR NEW.author_id <> OLD.author_id
             OR NEW.text <> OLD.text OR NEW.mentioned_at <> OLD.mentioned_at
             OR NEW.conversation_id <> OLD.conversation_id
             OR NEW.author_username <> OLD.author_username THEN
            {refuse}('what X said of a mention never changes');
          END IF;
          IF NEW.version <> OLD.version + 1 THEN
            {refuse}('each change of a mention bumps its version by one');
          END IF;
          answered_by_post := NEW.state = 'answered' AND OLD.state <> 'answered'
            AND NEW.account_id = OLD.account_id AND EXISTS (
              SELECT 1 FROM {schema}.drafts d
              WHERE d.account_id = NEW.account_id AND d.in_reply_to = NEW.x_id
                AND d.state = 'published' AND d.id = NEW.reply_draft_id);
          IF NOT answered_by_post
             AND NOT {schema}.bvc_has_role(OLD.account_id, {_TRIAGE}) THEN
            {refuse}(format('%s has no role on the account of mention %s', session_user,
                            OLD.id));
          END IF;
          IF NEW.account_id <> OLD.account_id AND (NEW.routed_from = '' OR NEW.note = ''
             OR NEW.state <> 'new' OR NEW.assignee_id IS NOT NULL) THEN
            {refuse}('a routed mention arrives new, unassigned, with a note');
          END IF;
          IF NEW.assignee_id IS NOT NULL AND NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
             AND NOT EXISTS (
               SELECT 1 FROM {schema}.role_grants g JOIN {schema}.users u ON u.id = g.user_id
               WHERE u.id = NEW.assignee_id AND u.active
                 AND g.role = ANY({_TRIAGE})
                 AND (g.account_id IS NULL OR g.account_id = NEW.account_id)) THEN
            {refuse}('a mention is assigned to someone with a role on its account');
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_inbox_cursors() {head}
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF NOT {fetcher} THEN
            {refuse}('only the publisher login or an admin of the account fetches mentions');
          END IF;
          RETURN NEW;
        END $$""",
    ]
