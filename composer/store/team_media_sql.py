"""Team mode's guards of the media tables (PostgreSQL), installed with the others.

- ``media_blobs``: a file is stored under the SHA-256 of its bytes and its true size (the
  database computes both, so nobody can put other bytes behind an address a reviewer
  approved); it never changes; an unused one may be deleted (the foreign key from
  ``draft_media`` keeps every file a draft uses).
- ``draft_media``: only the draft's author or an admin of its account attaches, orders,
  describes or removes media, and only before publishing begins; the record of an upload to
  X (``x_media_id``, its expiry, whether X has the alt text) is also written by the publisher
  and the account's reviewers.
"""

# ruff: noqa: S608 - DDL built from quoted identifiers and constants, never from user input
from __future__ import annotations


def media_guards_sql(schema: str) -> list[str]:
    """The guard functions of ``media_blobs`` and ``draft_media``."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    head = f"RETURNS trigger LANGUAGE plpgsql {path} AS $$"
    trusted = f"IF {schema}.bvc_trusted() THEN RETURN COALESCE(NEW, OLD); END IF;"
    refuse = f"PERFORM {schema}.bvc_refuse"
    return [
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_media_blobs() {head}
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF TG_OP = 'UPDATE' THEN
            {refuse}('a media file never changes: attach the new file instead');
          END IF;
          IF TG_OP = 'INSERT' AND (NEW.sha256 <> encode(pg_catalog.sha256(NEW.data), 'hex')
                                   OR NEW.size <> octet_length(NEW.data)) THEN
            {refuse}('a media file is kept under the SHA-256 of its bytes, with its true size');
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_draft_media() {head}
        DECLARE
          me integer;
          d record;
          may_edit boolean;
        BEGIN
          {trusted}
          me := {schema}.bvc_me();
          SELECT dr.author_id, dr.account_id, dr.state INTO d FROM {schema}.drafts dr
            WHERE dr.id = COALESCE(NEW.draft_id, OLD.draft_id);
          may_edit := d.author_id = me OR {schema}.bvc_has_role(d.account_id, ARRAY['admin']);
          IF TG_OP = 'UPDATE' AND NEW.draft_id = OLD.draft_id AND NEW.position = OLD.position
             AND NEW.sha256 = OLD.sha256 AND NEW.alt_text = OLD.alt_text THEN
            IF NOT (may_edit OR {schema}.bvc_is_publisher()
                    OR {schema}.bvc_has_role(d.account_id, ARRAY['reviewer', 'admin'])) THEN
              {refuse}('only the publisher or the account''s reviewers and admins record '
                       'media uploads');
            END IF;
            RETURN NEW;
          END IF;
          IF NOT may_edit THEN
            {refuse}('only a draft''s author or an admin changes its media');
          END IF;
          IF d.state NOT IN ('draft', 'submitted', 'approved', 'queued') THEN
            {refuse}('the media of a post being published, or published, stay as they went out');
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$""",
    ]
