"""The audit trail (read side and non-draft events) and the editor's recovery journal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from composer.store.database import Database, retrying
from composer.store.models import AuditEvent, RecoveryEntry
from composer.store.records import AuditRecord, RecoveryRecord


def _audit_record(row: AuditEvent) -> AuditRecord:
    return AuditRecord(
        row.id,
        row.at,
        row.actor,
        row.action,
        row.draft_id,
        row.account,
        row.from_state,
        row.to_state,
        row.text_version,
        row.detail,
    )


class AuditRepository:
    """Reads the trail; records events that do not change a draft (e.g. credentials stored)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(
        self, *, draft_id: int | None = None, account: str | None = None, limit: int | None = None
    ) -> list[AuditRecord]:
        """Events, oldest first."""
        query = select(AuditEvent).order_by(AuditEvent.id)
        if draft_id is not None:
            query = query.where(AuditEvent.draft_id == draft_id)
        if account:
            query = query.where(AuditEvent.account == account)
        if limit is not None:
            query = query.limit(limit)
        with self._db.read() as session:
            return [_audit_record(r) for r in session.scalars(query)]

    @retrying
    def record(
        self, action: str, *, actor: str, now: datetime, account: str = "", detail: str = ""
    ) -> AuditRecord:
        """Write one event that is not a draft transition. Never pass a secret in ``detail``."""
        with self._db.write() as session:
            row = AuditEvent(at=now, actor=actor, action=action, account=account, detail=detail)
            session.add(row)
            session.flush()
            return _audit_record(row)


class RecoveryRepository:
    """Editor text journalled between autosaves, so a crash loses nothing.

    The editor journals its text (cheap: one upsert) every few keystrokes and discards the
    entry once the draft is saved. On start-up, :meth:`pending` lists what to offer back.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    @retrying
    def journal(
        self,
        session_key: str,
        text: str,
        *,
        now: datetime,
        draft_id: int | None = None,
        base_version: int | None = None,
        account: str = "",
        user: str = "",
    ) -> None:
        """Remember the editor's text for (session, draft); replaces the previous entry."""
        key = draft_id or 0
        with self._db.write() as session:
            row = session.scalar(
                select(RecoveryEntry).where(
                    RecoveryEntry.session_key == session_key, RecoveryEntry.draft_key == key
                )
            )
            if row is None:
                row = RecoveryEntry(session_key=session_key, draft_key=key)
                session.add(row)
            row.text = text
            row.base_version = base_version
            row.account = account
            row.user = user
            row.saved_at = now

    def pending(self, *, user: str | None = None) -> list[RecoveryRecord]:
        """Journalled texts not yet discarded, newest first."""
        query = select(RecoveryEntry).order_by(RecoveryEntry.saved_at.desc(), RecoveryEntry.id)
        if user is not None:
            query = query.where(RecoveryEntry.user == user)
        with self._db.read() as session:
            return [
                RecoveryRecord(
                    r.session_key,
                    r.draft_key or None,
                    r.account,
                    r.user,
                    r.text,
                    r.base_version,
                    r.saved_at,
                )
                for r in session.scalars(query)
            ]

    @retrying
    def discard(self, session_key: str, draft_id: int | None = None) -> None:
        """Forget a journalled text (after it was saved, or the user declined it)."""
        with self._db.write() as session:
            session.execute(
                delete(RecoveryEntry).where(
                    RecoveryEntry.session_key == session_key,
                    RecoveryEntry.draft_key == (draft_id or 0),
                )
            )
