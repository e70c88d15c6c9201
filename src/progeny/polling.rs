//! Progeny's task pattern: a service call returns a task id; the task is polled until it reaches
//! a final state.
//!
//! Only `SUCCESS` is documented. That the service keeps its tasks in Celery, whose state names
//! these would be, is our inference (its one documented state, `SUCCESS`, is also Celery's, and
//! its answers resemble Django REST framework's); no Progeny document names Celery, Django or any
//! other state. On that inference `FAILURE` and `REVOKED` are taken as final failures and
//! `PENDING`, `RECEIVED`, `STARTED` and `RETRY` as not yet final; any other state is kept as it
//! comes and polled until the deadline, whose error carries the task id so that the caller can
//! resume.

use std::fmt;
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::{types, Client};
use crate::{Error, ResponseValue};

/// How a task is polled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollOptions {
    /// The wait before the first lookup and between the first lookups (1 s).
    pub interval: Duration,
    /// Each wait is the previous one times this, in percent (150: +50 % each time).
    pub backoff_percent: u32,
    /// The longest wait between two lookups (10 s).
    pub max_interval: Duration,
    /// How long to poll in all before giving up (60 s).
    pub deadline: Duration,
}

impl Default for PollOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            backoff_percent: 150,
            max_interval: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
        }
    }
}

/// Where a task stands, from its `status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskState {
    /// `SUCCESS`: finished; the result is in the task (its `result.status` says whether the
    /// service accepted the image).
    Finished,
    /// `FAILURE` or `REVOKED`: the task will not produce a result.
    Failed,
    /// `PENDING`, `RECEIVED`, `STARTED`, `RETRY`: not yet.
    Running,
    /// A state neither documented nor known: polled until the deadline.
    Unknown(String),
}

impl TaskState {
    /// The state of a task `status`.
    pub fn of(status: &str) -> Self {
        match status {
            "SUCCESS" => Self::Finished,
            "FAILURE" | "REVOKED" => Self::Failed,
            "PENDING" | "RECEIVED" | "STARTED" | "RETRY" => Self::Running,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

/// Why polling ended without a finished task.
#[derive(Debug)]
#[non_exhaustive]
pub enum PollError {
    /// The deadline passed. Resume with [`Client::wait_for_task`] and this id.
    Deadline {
        /// The task to resume polling.
        task_id: Uuid,
        /// The last status seen, if any lookup answered.
        last_status: Option<String>,
        /// How long it was polled.
        waited: Duration,
    },
    /// The task reached a failed state.
    TaskFailed(types::Task),
    /// Submitting the service call failed.
    Submit(Error<types::FieldErrors>),
    /// A task lookup failed (not the documented 400 of a finished task).
    Lookup {
        /// The task.
        task_id: Uuid,
        /// What the lookup returned.
        error: Error<types::Task>,
    },
}

impl PollError {
    /// The vendor's refusal, as [`Error::refusal`] reads it: the submission's or the lookup's,
    /// or the failed task's. `None` for a deadline, or an error that is no answer.
    pub fn refusal(&self) -> Option<crate::Refusal> {
        use crate::HasOutcome;
        match self {
            Self::Deadline { .. } => None,
            Self::TaskFailed(task) => task.refusal(),
            Self::Submit(error) => error.refusal(),
            Self::Lookup { error, .. } => error.refusal(),
        }
    }

    /// Whether the vendor refused the call ([`PollError::refusal`] is `Some`).
    pub fn is_refused(&self) -> bool {
        self.refusal().is_some()
    }

    /// Whether the vendor refused the credential, as [`Error::is_credential_refused`] says.
    pub fn is_credential_refused(&self) -> bool {
        self.refusal().is_some_and(|refusal| refusal.credential)
    }
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Deadline {
                task_id,
                last_status,
                waited,
            } => write!(
                f,
                "task {task_id} did not finish within {waited:?} (last status: {}); resume polling with its id",
                last_status.as_deref().unwrap_or("none")
            ),
            Self::TaskFailed(task) => write!(f, "task {} ended as {}", task.id, task.status),
            Self::Submit(e) => write!(f, "the service call failed: {e}"),
            Self::Lookup { task_id, error } => write!(f, "looking up task {task_id} failed: {error}"),
        }
    }
}

impl std::error::Error for PollError {}

impl Client {
    /// Polls task `task_id` until it finishes (see the module docs for the states), waiting
    /// between lookups as `options` says. A finished task is returned whether the service
    /// accepted the image or not (`result.status` 200 or 400; Progeny answers the latter with HTTP
    /// 400, which this treats as a finished task, not an error).
    pub async fn wait_for_task(
        &self,
        task_id: Uuid,
        options: &PollOptions,
    ) -> Result<types::Task, PollError> {
        let started = Instant::now();
        let mut wait = options.interval;
        let mut last_status = None;
        loop {
            let remaining = options.deadline.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(PollError::Deadline {
                    task_id,
                    last_status,
                    waited: started.elapsed(),
                });
            }
            tokio::time::sleep(wait.min(remaining)).await;
            let task = match self.get_task(&types::GetTaskQuery::new(task_id)).await {
                Ok(task) => task.into_inner(),
                Err(Error::Documented(task)) => task.into_inner(),
                Err(error) => return Err(PollError::Lookup { task_id, error }),
            };
            match TaskState::of(&task.status) {
                TaskState::Finished => return Ok(task),
                TaskState::Failed => return Err(PollError::TaskFailed(task)),
                TaskState::Running | TaskState::Unknown(_) => {
                    tracing::debug!(%task_id, status = %task.status, "task not finished");
                    last_status = Some(task.status);
                }
            }
            wait = wait
                .saturating_mul(options.backoff_percent)
                .checked_div(100)
                .unwrap_or(wait)
                .min(options.max_interval);
        }
    }

    /// Registers a face ([`Client::register_face`]) and polls its task until it finishes.
    pub async fn register_face_and_wait(
        &self,
        upload: &super::RegisterFaceUpload,
        options: &PollOptions,
    ) -> Result<types::Task, PollError> {
        let created: ResponseValue<types::TaskCreated> = self
            .register_face(upload)
            .await
            .map_err(PollError::Submit)?;
        self.wait_for_task(created.id, options).await
    }
}
