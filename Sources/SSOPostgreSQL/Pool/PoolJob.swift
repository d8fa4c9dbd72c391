/// One piece of work waiting for, or running on, a pool worker.
///
/// It holds two closures: `work`, which runs on the worker thread (and captures the
/// caller's transaction body), and `finish`, which resumes the waiting caller. Exactly one
/// party takes them — a worker that starts the job, or the queue-time-out, cancellation or
/// shutdown path that abandons it before it started — always while holding the pool's lock,
/// so the caller is resumed exactly once. A worker releases `work` before it calls `finish`:
/// the caller's body is used under `withoutActuallyEscaping`, and must not be referenced
/// once the caller has been resumed.
final class PoolJob: @unchecked Sendable {
    // @unchecked: `work`, `finish`, `state` are read and written only while holding the
    // owning ConnectionPool's lock (its NSCondition); `deadline` is immutable.
    var work: ((PoolWorker) -> Void)?
    var finish: ((StoreFailureBox?) -> Void)?
    var state: State = .created

    /// Where the job is.
    enum State {
        case created, queued, running, done
    }

    /// By when it must have ended (it is abandoned if no worker started it by then).
    let deadline: Deadline

    init(deadline: Deadline) {
        self.deadline = deadline
    }
}

/// An error handed to a waiting caller whose job was abandoned.
struct StoreFailureBox: Sendable {
    let error: any Error
}
