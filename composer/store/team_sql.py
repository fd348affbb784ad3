"""Team mode's PostgreSQL: guard, helper and notification functions, written from the policy.

Identifiers are quoted by the caller (``schema``) and every literal goes through
:func:`literal`; nothing here comes from a user. The rules are documented in
:mod:`composer.store.team` and :mod:`composer.store.team_policy`.
"""

# ruff: noqa: S608 - DDL built from quoted identifiers and constants, never from user input

from __future__ import annotations

from collections.abc import Iterable

from composer.core.workflow import SYSTEM_ACTOR, TRANSITIONS, Action
from composer.store.metrics import CADENCE_KEY as METRICS_CADENCE_KEY
from composer.store.metrics import RETRY_KEY as METRICS_RETRY_KEY
from composer.store.team_draft_columns import BOOKKEEPING_COLUMNS, INSERT_COLUMNS, column_rules
from composer.store.team_policy import (
    EXPIRY_TOLERANCE_MINUTES,
    MAX_PAYLOAD,
    NOTIFY_CHANNEL,
    PUBLISHING_COLUMNS,
    ROLES,
    state_changes,
)

#: The furthest ahead a publisher lease may expire (a run renews its lease every few minutes;
#: the margin covers clocks that drift).
MAX_LEASE_HOURS = 24


def literal(value: str) -> str:
    """A PostgreSQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def helpers_sql(schema: str) -> list[str]:
    """Helper functions: who is trusted, refusals, the login's user id and roles."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    return [
        # The schema owner (and superusers) are trusted: migrations, user management, copies.
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_trusted() RETURNS boolean
        LANGUAGE sql STABLE {path} AS $$
          SELECT pg_has_role(session_user, c.relowner, 'USAGE')
          FROM pg_catalog.pg_class c WHERE c.oid = '{schema}.drafts'::regclass
        $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_refuse(message text) RETURNS void
        LANGUAGE plpgsql {path} AS $$
        BEGIN
          RAISE EXCEPTION '%', message USING ERRCODE = 'insufficient_privilege',
            HINT = 'the team database enforces the review workflow for every login';
        END $$""",
        # A row the change depends on moved since the client read it: the app's unit of work
        # is re-run (serialization failure), re-reads, and meets its optimistic-lock conflict.
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_changed_meanwhile(message text)
        RETURNS void LANGUAGE plpgsql {path} AS $$
        BEGIN
          RAISE EXCEPTION '%', message USING ERRCODE = 'serialization_failure',
            HINT = 'read the draft again: it changed since it was read';
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_me() RETURNS integer
        LANGUAGE plpgsql STABLE {path} AS $$
        DECLARE found integer;
        BEGIN
          SELECT u.id INTO found FROM {schema}.users u WHERE u.name = session_user AND u.active;
          IF found IS NULL THEN
            PERFORM {schema}.bvc_refuse(format(
              'the database login %s is not an active user of this workspace: an admin adds '
              'people with brand-composer user add', session_user));
          END IF;
          RETURN found;
        END $$""",
        # Roles of the login on an account (NULL account: grants for every account only).
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_has_role(account integer, wanted text[])
        RETURNS boolean LANGUAGE sql STABLE {path} AS $$
          SELECT EXISTS (
            SELECT 1 FROM {schema}.role_grants g JOIN {schema}.users u ON u.id = g.user_id
            WHERE u.name = session_user AND u.active AND g.role = ANY(wanted)
              AND (g.account_id IS NULL OR g.account_id = account))
        $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_is_publisher() RETURNS boolean
        LANGUAGE sql STABLE {path} AS $$
          SELECT pg_has_role(session_user, {literal(ROLES.publisher)}, 'MEMBER')
        $$""",
    ]


def _move_states() -> str:
    """The states a draft may change account in (the workflow's ``MOVE``), as SQL literals."""
    states = sorted(src.value for (src, action) in TRANSITIONS if action is Action.MOVE)
    return ", ".join(literal(state) for state in states)


def _changes_values() -> str:
    rows = []
    for (source, target), who in sorted(state_changes().items()):
        codes = ", ".join(literal(w.value) for w in sorted(who))
        rows.append(f"({literal(source)}, {literal(target)}, ARRAY[{codes}]::text[])")
    return ",\n            ".join(rows)


def _text_array(values: Iterable[str]) -> str:
    return "ARRAY[" + ", ".join(literal(v) for v in sorted(values)) + "]::text[]"


def _column_rules_values() -> str:
    rows = [
        f"({literal(r.source)}, {literal(r.target)}, {_text_array(r.who)}, "
        f"{_text_array(r.columns)})"
        for r in column_rules()
    ]
    return ",\n            ".join(rows)


def _approval_record_sql(schema: str, present: set[str]) -> str:
    """Only the final approval records what it covers (the hash and the thread's parts)."""
    checks = []
    # The final approval, or the submission that approves a draft of an account with no
    # review (the guard refuses that one for an account with approval steps).
    final = "(OLD.state IN ('submitted', 'draft', 'changes_requested') AND NEW.state = 'approved')"
    if "approved_hash" in present:
        checks.append(
            f"""IF NEW.approved_hash IS NOT NULL
         AND NEW.approved_hash IS DISTINCT FROM OLD.approved_hash AND NOT {final} THEN
        PERFORM {schema}.bvc_refuse('only the final approval records what it covers');
      END IF;"""
        )
    if "thread_parts" in present:
        checks.append(
            f"""IF NEW.thread_parts::jsonb IS DISTINCT FROM OLD.thread_parts::jsonb
         AND NOT {final} THEN
        PERFORM {schema}.bvc_refuse(
          'a thread''s parts are cut from its text by the final approval, never written');
      END IF;"""
        )
    return "\n      ".join(checks)


def drafts_guard_sql(schema: str, columns: Iterable[str]) -> str:
    """The guard of ``drafts``: state changes, text edits, approvals, and a column whitelist.

    Every change of an existing draft by a team login must match a rule of
    :func:`~composer.store.team_draft_columns.column_rules` (its state change, the login's
    part in it, and every column it changes); a new draft sets only
    :data:`~composer.store.team_draft_columns.INSERT_COLUMNS`.

    Args:
        schema: The quoted schema name.
        columns: The ``drafts`` columns that exist (publishing columns came in later).
    """
    present = set(columns)
    publishing = [c for c in PUBLISHING_COLUMNS if c in present]
    publishing_changed = (
        " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in publishing) or "false"
    )
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    # The approval steps the draft needs: a reply's own (the policy's ``reply_steps``, see
    # composer.store.records.policy_to_json) when its account gives replies steps of their own.
    steps_of = "a.settings::jsonb -> 'policy' -> 'steps'"
    if "in_reply_to" in present:
        steps_of = f"""CASE WHEN NEW.in_reply_to IS NOT NULL
                 AND jsonb_typeof(a.settings::jsonb -> 'policy' -> 'reply_steps') = 'array'
            THEN a.settings::jsonb -> 'policy' -> 'reply_steps' ELSE {steps_of} END"""
    return f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_drafts() RETURNS trigger
    LANGUAGE plpgsql {path} AS $$
    DECLARE
      me integer;
      is_author boolean;
      is_admin boolean;
      is_reviewer boolean;
      is_publisher boolean;
      has_role boolean;
      is_manager boolean;
      changed text[];
      may_write boolean;
      text_changed boolean;
      allowed text[];
      may boolean;
      old_approvals jsonb;
      new_approvals jsonb;
      item jsonb;
      steps integer;
      approvers integer;
      no_review_submit boolean;
    BEGIN
      IF {schema}.bvc_trusted() THEN RETURN NEW; END IF;
      me := {schema}.bvc_me();
      is_admin := {schema}.bvc_has_role(NEW.account_id, ARRAY['admin']);
      is_reviewer := {schema}.bvc_has_role(NEW.account_id, ARRAY['reviewer']);
      is_publisher := {schema}.bvc_is_publisher();
      has_role := is_admin OR is_reviewer OR is_publisher
        OR {schema}.bvc_has_role(NEW.account_id, ARRAY['author']);
      IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'draft' THEN
          PERFORM {schema}.bvc_refuse('a new draft starts in the state draft');
        END IF;
        IF NEW.author_id <> me THEN
          PERFORM {schema}.bvc_refuse('you may start drafts under your own name only');
        END IF;
        IF NOT {schema}.bvc_has_role(NEW.account_id, ARRAY['author', 'admin']) THEN
          PERFORM {schema}.bvc_refuse(format(
            '%s has no author role on this account', session_user));
        END IF;
        IF NEW.approved_text_version IS NOT NULL
           OR jsonb_array_length(COALESCE(NEW.approvals::jsonb, '[]'::jsonb)) > 0 THEN
          PERFORM {schema}.bvc_refuse('a new draft has no approvals');
        END IF;
        changed := ARRAY(
          SELECT n.key FROM jsonb_each(to_jsonb(NEW)) AS n(key, value)
          WHERE n.key <> ALL ({_text_array(INSERT_COLUMNS)})
            AND n.value IS NOT NULL
            AND n.value NOT IN ('null'::jsonb, '""'::jsonb, '0'::jsonb, 'false'::jsonb,
                                '[]'::jsonb, '{{}}'::jsonb)
          ORDER BY n.key);
        IF cardinality(changed) > 0 THEN
          PERFORM {schema}.bvc_refuse(format(
            'a new draft starts empty: %s come from its workflow steps, not from its author',
            array_to_string(changed, ', ')));
        END IF;
        RETURN NEW;
      END IF;

      is_author := OLD.author_id = me;
      IF NEW.id <> OLD.id OR NEW.author_id <> OLD.author_id THEN
        PERFORM {schema}.bvc_refuse('a draft''s author never changes');
      END IF;
      -- The workflow's move: a draft being written changes account, in the same state, by
      -- its author (or an admin of the account it leaves) who may write for the new one.
      IF NEW.account_id <> OLD.account_id AND (
           OLD.state NOT IN ({_move_states()}) OR NEW.state <> OLD.state
           OR NOT (is_author OR {schema}.bvc_has_role(OLD.account_id, ARRAY['admin']))
           OR NOT {schema}.bvc_has_role(NEW.account_id, ARRAY['author', 'admin'])) THEN
        PERFORM {schema}.bvc_refuse(format(
          '%s may not move draft %s to another account: only its author, while it is '
          'written, and to an account they write for', session_user, OLD.id));
      END IF;
      text_changed := NEW.text IS DISTINCT FROM OLD.text
        OR NEW.text_version IS DISTINCT FROM OLD.text_version
        OR NEW.content_hash IS DISTINCT FROM OLD.content_hash;

      SELECT t.who INTO allowed FROM (VALUES
            {_changes_values()}
          ) AS t(source, target, who)
        WHERE t.source = OLD.state AND t.target = NEW.state;

      IF NEW.state <> OLD.state THEN
        IF allowed IS NULL THEN
          PERFORM {schema}.bvc_refuse(format(
            'draft %s cannot go from %s to %s', OLD.id, OLD.state, NEW.state));
        END IF;
        may := ('member' = ANY(allowed))
          OR ('author' = ANY(allowed) AND is_author)
          OR ('admin' = ANY(allowed) AND is_admin)
          OR ('reviewer' = ANY(allowed) AND is_reviewer AND NOT is_author)
          OR ('publisher' = ANY(allowed) AND is_publisher);
        IF NOT may THEN
          PERFORM {schema}.bvc_refuse(format(
            '%s may not move draft %s from %s to %s', session_user, OLD.id, OLD.state,
            NEW.state));
        END IF;
        IF NEW.state = 'expired' AND (NEW.scheduled_at IS NULL OR NEW.scheduled_at >
             (now() AT TIME ZONE 'UTC') + interval '{EXPIRY_TOLERANCE_MINUTES} minutes') THEN
          PERFORM {schema}.bvc_refuse(format(
            'draft %s cannot expire before its intended time', OLD.id));
        END IF;
      ELSIF NOT has_role AND NOT is_author THEN
        PERFORM {schema}.bvc_refuse(format(
          '%s has no role on the account of draft %s', session_user, OLD.id));
      END IF;

      IF text_changed THEN
        IF NOT (is_author OR is_admin) THEN
          PERFORM {schema}.bvc_refuse('only a draft''s author or an admin edits its text');
        END IF;
        IF allowed IS NULL OR NOT (('author' = ANY(allowed)) OR ('admin' = ANY(allowed))) THEN
          PERFORM {schema}.bvc_refuse(format(
            'draft %s cannot be edited while it is %s', OLD.id, OLD.state));
        END IF;
      END IF;

      IF ({publishing_changed}) AND NOT (is_admin OR is_reviewer OR is_publisher) THEN
        PERFORM {schema}.bvc_refuse(
          'only the publisher or the account''s reviewers and admins record publishing');
      END IF;

      -- Approvals: a new one is always the login's own, on the current text, never the
      -- author's.
      old_approvals := COALESCE(OLD.approvals::jsonb, '[]'::jsonb);
      new_approvals := COALESCE(NEW.approvals::jsonb, '[]'::jsonb);
      FOR item IN SELECT value FROM jsonb_array_elements(new_approvals) LOOP
        IF NOT old_approvals @> jsonb_build_array(item) THEN
          IF item->>'reviewer' IS DISTINCT FROM session_user OR NOT is_reviewer OR is_author
             OR (item->>'text_version')::integer IS DISTINCT FROM NEW.text_version
             OR OLD.state <> 'submitted' THEN
            PERFORM {schema}.bvc_refuse(
              'an approval is given by a reviewer of the account, in their own name, to '
              'the current text of someone else''s submitted draft');
          END IF;
        END IF;
      END LOOP;

      -- No review: an author's submission approves the exact text, and only for an account
      -- whose policy (an admin's) has no approval steps.
      no_review_submit := OLD.state IN ('draft', 'changes_requested') AND NEW.state = 'approved';
      IF no_review_submit THEN
        SELECT COALESCE(jsonb_array_length({steps_of}), 1)
          INTO steps FROM {schema}.accounts a WHERE a.id = NEW.account_id;
        IF steps <> 0 THEN
          PERFORM {schema}.bvc_refuse(format(
            'draft %s needs review: its account has %s approval step(s)', OLD.id, steps));
        END IF;
        IF text_changed OR NEW.approved_text_version IS DISTINCT FROM NEW.text_version THEN
          PERFORM {schema}.bvc_refuse('an approval covers the exact text that was submitted');
        END IF;
      END IF;

      IF NEW.approved_text_version IS NOT NULL
         AND NEW.approved_text_version IS DISTINCT FROM OLD.approved_text_version THEN
        IF NOT (OLD.state = 'submitted' AND NEW.state = 'approved') AND NOT no_review_submit
        THEN
          PERFORM {schema}.bvc_refuse('only the final approval sets the approved version');
        END IF;
      END IF;

      IF NEW.state = 'approved' AND OLD.state = 'submitted' THEN
        IF text_changed OR NEW.approved_text_version IS DISTINCT FROM NEW.text_version THEN
          PERFORM {schema}.bvc_refuse('an approval covers the exact text that was submitted');
        END IF;
        SELECT GREATEST(1, COALESCE(jsonb_array_length({steps_of}), 1))
          INTO steps FROM {schema}.accounts a WHERE a.id = NEW.account_id;
        SELECT count(DISTINCT value->>'reviewer') INTO approvers
          FROM jsonb_array_elements(new_approvals)
          WHERE (value->>'text_version')::integer = NEW.text_version;
        IF approvers < steps THEN
          PERFORM {schema}.bvc_refuse(format(
            'draft %s needs %s approval(s) of this text before it is approved', OLD.id, steps));
        END IF;
      END IF;

      IF NEW.state = 'queued' AND OLD.state = 'approved'
         AND NEW.approved_text_version IS DISTINCT FROM NEW.text_version THEN
        PERFORM {schema}.bvc_refuse('only an approved text is queued');
      END IF;

      {_approval_record_sql(schema, present)}

      -- The whitelist: some rule must name this state change, the login's part in it and
      -- every column it changes. A column no rule names is never written by a member.
      IF to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD) THEN
        is_manager := is_admin OR is_reviewer;
        changed := ARRAY(
          SELECT n.key FROM jsonb_each(to_jsonb(NEW)) AS n(key, value)
          WHERE n.value IS DISTINCT FROM (to_jsonb(OLD) -> n.key)
            AND n.key <> ALL ({_text_array({"state", *BOOKKEEPING_COLUMNS})})
          ORDER BY n.key);
        SELECT EXISTS (
          SELECT 1 FROM (VALUES
            {_column_rules_values()}
          ) AS r(source, target, who, cols)
          WHERE r.source = OLD.state AND r.target = NEW.state AND changed <@ r.cols
            AND (('member' = ANY(r.who))
              OR ('author' = ANY(r.who) AND is_author)
              OR ('admin' = ANY(r.who) AND is_admin)
              OR ('reviewer' = ANY(r.who) AND is_reviewer AND NOT is_author)
              OR ('publisher' = ANY(r.who) AND is_publisher)
              OR ('manager' = ANY(r.who) AND is_manager))
        ) INTO may_write;
        IF NOT may_write THEN
          PERFORM {schema}.bvc_refuse(format(
            '%s may not change %s of draft %s while it is %s%s', session_user,
            CASE WHEN cardinality(changed) = 0 THEN 'the version'
                 ELSE array_to_string(changed, ', ') END,
            OLD.id, OLD.state,
            CASE WHEN NEW.state <> OLD.state THEN ' (to ' || NEW.state || ')' ELSE '' END));
        END IF;
      END IF;
      RETURN NEW;
    END $$"""


def guards_sql(schema: str) -> list[str]:
    """The guards of the other tables (see ``TABLE_POLICIES``)."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    head = f"RETURNS trigger LANGUAGE plpgsql {path} AS $$"
    trusted = f"IF {schema}.bvc_trusted() THEN RETURN COALESCE(NEW, OLD); END IF;"
    refuse = f"PERFORM {schema}.bvc_refuse"
    retry_prefix = f"{METRICS_RETRY_KEY}:"
    meanwhile = f"PERFORM {schema}.bvc_changed_meanwhile"
    return [
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_admin_only() {head}
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF NOT {schema}.bvc_has_role(NULL, ARRAY['admin']) THEN
            {refuse}(format('only an admin of every account manages people and roles (%s is '
                            'not one)', session_user));
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_accounts() {head}
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF {schema}.bvc_has_role(NULL, ARRAY['admin']) THEN RETURN NEW; END IF;
          IF TG_OP = 'INSERT' THEN
            {refuse}('only an admin of every account adds accounts');
          END IF;
          IF NOT {schema}.bvc_has_role(NEW.id, ARRAY['admin', 'reviewer']) THEN
            {refuse}('only the account''s reviewers and admins change its settings');
          END IF;
          IF NEW.id <> OLD.id OR NEW.handle <> OLD.handle OR NEW.purpose <> OLD.purpose
             OR NEW.in_guide <> OLD.in_guide
             OR (NEW.settings::jsonb -> 'policy') IS DISTINCT FROM
                (OLD.settings::jsonb -> 'policy') THEN
            {refuse}('an account''s handle, purpose and approval policy come from the guide '
                     '(an admin of every account syncs them)');
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_draft_versions() {head}
        DECLARE
          me integer;
          d record;
          may_edit boolean;
        BEGIN
          {trusted}
          me := {schema}.bvc_me();
          SELECT dr.author_id, dr.account_id INTO d FROM {schema}.drafts dr
            WHERE dr.id = NEW.draft_id;
          may_edit := d.author_id = me OR {schema}.bvc_has_role(d.account_id, ARRAY['admin']);
          IF TG_OP = 'INSERT' THEN
            IF NOT may_edit OR NEW.created_by_id <> me OR NEW.sealed THEN
              {refuse}('only a draft''s author or an admin writes its text versions');
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.id <> OLD.id OR NEW.draft_id <> OLD.draft_id OR NEW.number <> OLD.number THEN
            {refuse}('a text version stays where it is');
          END IF;
          IF OLD.sealed AND NOT NEW.sealed THEN
            {refuse}('a sealed text version stays sealed');
          END IF;
          IF NEW.text IS DISTINCT FROM OLD.text
             OR NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
            IF OLD.sealed THEN
              {meanwhile}('a sealed text version (submitted or reviewed) never changes');
            END IF;
            IF NOT may_edit THEN
              {refuse}('only a draft''s author or an admin edits its text');
            END IF;
          END IF;
          IF NEW.findings::text IS DISTINCT FROM OLD.findings::text AND NOT may_edit THEN
            {refuse}('only a draft''s author or an admin records its check findings');
          END IF;
          IF NOT may_edit AND NOT {schema}.bvc_has_role(d.account_id,
                                                       ARRAY['reviewer', 'author']) THEN
            {refuse}('you have no role on this draft''s account');
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_comments() {head}
        DECLARE
          me integer;
          d record;
        BEGIN
          {trusted}
          me := {schema}.bvc_me();
          SELECT dr.author_id, dr.account_id INTO d FROM {schema}.drafts dr
            WHERE dr.id = NEW.draft_id;
          IF NEW.author_id <> me THEN
            {refuse}('a comment is written under your own name only');
          END IF;
          IF d.author_id <> me AND NOT {schema}.bvc_has_role(
               d.account_id, ARRAY['author', 'reviewer', 'admin']) THEN
            {refuse}('you have no role on this draft''s account');
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_reviews() {head}
        DECLARE
          me integer;
          d record;
        BEGIN
          {trusted}
          me := {schema}.bvc_me();
          SELECT dr.author_id, dr.account_id, dr.state, dr.text_version INTO d
            FROM {schema}.drafts dr WHERE dr.id = NEW.draft_id;
          IF NEW.reviewer_id <> me THEN
            {refuse}('a review is recorded under your own name only');
          END IF;
          IF d.author_id = me THEN
            {refuse}('nobody reviews their own draft (four eyes)');
          END IF;
          IF NOT {schema}.bvc_has_role(d.account_id, ARRAY['reviewer']) THEN
            {refuse}(format('%s is not a reviewer of this draft''s account', session_user));
          END IF;
          IF NEW.decision NOT IN ('approve', 'request_changes', 'reject') THEN
            {refuse}('a review approves, requests changes or rejects');
          END IF;
          IF d.state <> 'submitted' OR NEW.text_version <> d.text_version THEN
            {meanwhile}(format('draft %s is %s (text version %s), not waiting for a review of '
                               'text version %s', NEW.draft_id, d.state, d.text_version,
                               NEW.text_version));
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_audit() {head}
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
            {refuse}('the audit trail is append-only: events are never changed or removed');
          END IF;
          {trusted}
          PERFORM {schema}.bvc_me();
          -- The login is the actor. The app's scheduler and publisher act as "system": the
          -- trail names the login that ran them, so nobody can write as the system.
          IF NEW.actor = {literal(SYSTEM_ACTOR)} THEN
            NEW.actor := format('%s (%s)', {literal(SYSTEM_ACTOR)}, session_user);
          ELSIF NEW.actor IS DISTINCT FROM session_user THEN
            {refuse}(format('%s may record events under their own name only', session_user));
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_publish_attempts() {head}
        DECLARE
          d record;
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          SELECT dr.account_id INTO d FROM {schema}.drafts dr WHERE dr.id = NEW.draft_id;
          IF NOT ({schema}.bvc_is_publisher()
                  OR {schema}.bvc_has_role(d.account_id, ARRAY['reviewer', 'admin'])) THEN
            {refuse}('only the publisher or the account''s reviewers and admins record '
                     'publishing attempts');
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_locks() {head}
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF NOT {schema}.bvc_is_publisher() THEN
            {refuse}(format('only the publisher''s login takes or gives back the publisher '
                            'lease (%s is not a member of %s)', session_user,
                            {literal(ROLES.publisher)}));
          END IF;
          IF TG_OP <> 'DELETE' AND NEW.expires_at >
               (now() AT TIME ZONE 'UTC') + interval '{MAX_LEASE_HOURS} hours' THEN
            {refuse}(format('a lease lasts minutes, renewed while its publisher works: '
                            '%s is too far ahead', NEW.expires_at));
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {schema}.bvc_guard_workspace_settings() {head}
        DECLARE
          v_handle text;
        BEGIN
          {trusted}
          PERFORM {schema}.bvc_me();
          IF TG_OP = 'UPDATE' AND NEW.key IS DISTINCT FROM OLD.key THEN
            {refuse}('a workspace setting keeps its name');
          END IF;
          IF left(NEW.key, {len(retry_prefix)}) = {literal(retry_prefix)} THEN
            -- When X lets an account's results be read again: whoever fetches them.
            v_handle := substr(NEW.key, {len(retry_prefix) + 1});
            IF NOT ({schema}.bvc_is_publisher() OR {schema}.bvc_has_role(
                 (SELECT a.id FROM {schema}.accounts a WHERE a.handle = v_handle),
                 ARRAY['admin'])) THEN
              {refuse}(format('only the publisher or an admin of %s records when X lets its '
                              'results be read again', v_handle));
            END IF;
            RETURN NEW;
          END IF;
          IF NEW.key = {literal(METRICS_CADENCE_KEY)} THEN
            IF NOT {schema}.bvc_has_role(NULL, ARRAY['admin']) THEN
              {refuse}('only an admin of every account sets how often results are read from '
                       'X (each read is billed)');
            END IF;
            RETURN NEW;
          END IF;
          IF NOT {schema}.bvc_has_role(NULL, ARRAY['reviewer', 'admin']) THEN
            {refuse}('only reviewers or admins of every account change workspace settings');
          END IF;
          RETURN NEW;
        END $$""",
    ]


def notify_sql(schema: str) -> str:
    """The ``AFTER`` trigger function announcing a change on the notification channel."""
    path = f"SET search_path = {schema}, pg_catalog, pg_temp"
    return f"""CREATE OR REPLACE FUNCTION {schema}.bvc_notify_change() RETURNS trigger
    LANGUAGE plpgsql {path} AS $$
    DECLARE
      v_row jsonb := to_jsonb(NEW);
      v_draft integer;
      v_account integer;
      v_handle text;
      v_state text;
      v_author text;
      v_previous text;
      v_payload jsonb;
    BEGIN
      IF TG_TABLE_NAME = 'drafts' THEN
        v_draft := NEW.id;
        IF TG_OP = 'UPDATE' THEN
          v_previous := OLD.state;
        END IF;
      ELSIF v_row ? 'draft_id' THEN
        v_draft := (v_row->>'draft_id')::integer;
      END IF;
      IF v_draft IS NOT NULL THEN
        SELECT dr.account_id, a.handle, dr.state, u.name INTO v_account, v_handle, v_state, v_author
          FROM {schema}.drafts dr
          JOIN {schema}.accounts a ON a.id = dr.account_id
          JOIN {schema}.users u ON u.id = dr.author_id
          WHERE dr.id = v_draft;
      ELSIF TG_TABLE_NAME = 'accounts' THEN
        v_account := NEW.id;
        v_handle := NEW.handle;
      END IF;
      v_payload := jsonb_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP),
        'draft', v_draft, 'account', v_handle, 'state', v_state, 'previous', v_previous,
        'actor', session_user, 'author', v_author);
      -- Who this may concern, so that each app decides without a query of its own.
      IF v_state = 'submitted' THEN
        v_payload := v_payload || jsonb_build_object('reviewers', (
          SELECT COALESCE(jsonb_agg(DISTINCT u.name), '[]'::jsonb)
          FROM {schema}.role_grants g JOIN {schema}.users u ON u.id = g.user_id
          WHERE g.role = 'reviewer' AND u.active AND u.name <> v_author
            AND (g.account_id IS NULL OR g.account_id = v_account)));
      ELSIF v_state = 'failed' THEN
        v_payload := v_payload || jsonb_build_object('managers', (
          SELECT COALESCE(jsonb_agg(DISTINCT u.name), '[]'::jsonb)
          FROM {schema}.role_grants g JOIN {schema}.users u ON u.id = g.user_id
          WHERE g.role IN ('reviewer', 'admin') AND u.active
            AND (g.account_id IS NULL OR g.account_id = v_account)));
      END IF;
      IF octet_length(v_payload::text) > {MAX_PAYLOAD} THEN
        v_payload := (v_payload - 'reviewers' - 'managers')
          || jsonb_build_object('truncated', true);
      END IF;
      PERFORM pg_notify({literal(NOTIFY_CHANNEL)}, v_payload::text);
      RETURN NULL;
    END $$"""
