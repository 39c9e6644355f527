//! Devices' pull cursors, written in groups. Many devices poll at the same moment; each
//! pull that moved a cursor hands it to one writer task, which commits every cursor
//! waiting at that moment in a single transaction. A pull still answers only after its
//! cursor is committed, and the writes queue behind the process's write lock instead
//! of contending for SQLite's.

use super::write::on_write_tx;
use super::{WriteConnection, now_ms};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most cursors one transaction writes.
const MAX_GROUP: usize = 1_000;

struct PendingCursor {
    device_id: String,
    scope: String,
    cursor: i64,
    seen_ms: i64,
    committed: oneshot::Sender<Result<(), String>>,
}

/// Hands cursors to the writer task.
#[derive(Clone)]
pub struct CursorWriter {
    queue: mpsc::UnboundedSender<PendingCursor>,
}

impl CursorWriter {
    /// Starts the writer task; it ends when every handle is dropped.
    pub(super) fn start(writes: WriteConnection) -> Self {
        let (queue, mut pending) = mpsc::unbounded_channel::<PendingCursor>();
        tokio::spawn(async move {
            while let Some(first) = pending.recv().await {
                let mut group = vec![first];
                while group.len() < MAX_GROUP {
                    match pending.try_recv() {
                        Ok(next) => group.push(next),
                        Err(_) => break,
                    }
                }
                let outcome = write_group(&writes, &group)
                    .await
                    .map_err(|error| error.to_string());
                for cursor in group {
                    // The pull may have gone away (its client hung up); nothing to tell.
                    let _ = cursor.committed.send(outcome.clone());
                }
            }
        });
        CursorWriter { queue }
    }

    /// Records that `device_id` has pulled `scope` up to `cursor`, once committed.
    pub async fn record(&self, device_id: Uuid, scope: &str, cursor: i64) -> sqlx::Result<()> {
        let (committed, answer) = oneshot::channel();
        let pending = PendingCursor {
            device_id: device_id.to_string(),
            scope: scope.to_string(),
            cursor,
            seen_ms: now_ms(),
            committed,
        };
        let stopped = || sqlx::Error::Protocol("the cursor writer has stopped".into());
        self.queue.send(pending).map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(sqlx::Error::Protocol)
    }
}

async fn write_group(writes: &WriteConnection, group: &[PendingCursor]) -> sqlx::Result<()> {
    let mut write = writes.begin().await?;
    for pending in group {
        on_write_tx!(write.tx, |conn| {
            sqlx::query(
                "UPDATE devices SET scope = $1, pulled_cursor = $2, last_seen_ms = $3 WHERE id = $4",
            )
            .bind(&pending.scope)
            .bind(pending.cursor)
            .bind(pending.seen_ms)
            .bind(&pending.device_id)
            .execute(conn)
            .await?;
        });
    }
    write.commit().await
}
