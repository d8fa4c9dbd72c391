import Foundation
import SSOLifecycle

/// A few threads of the pool's own, each owning one connection, that run the store's
/// transactions. libpq blocks its calling thread, so its calls never run on Swift's
/// cooperative pool (a few stuck calls there would stall every task in the process): an
/// async caller queues a job and is resumed by the worker that ran it.
///
/// Waits are bounded: a job no worker has started by its deadline is abandoned with
/// `unavailable` (a timer watches it), and a worker's own waits on the server are bounded by
/// the same deadline. Threads are started on demand, up to ``maximumWorkers``.
final class ConnectionPool: @unchecked Sendable {
    // @unchecked: `queue`, `workers`, `idleWorkers`, `closed` and every job's fields are read
    // and written only while holding `condition`; the rest is immutable.
    private let condition = NSCondition()
    private var queue: [PoolJob] = []
    private var workers = 0
    private var idleWorkers = 0
    private var closed = false

    private let settings: ConnectionSettings
    private let session: SessionSettings
    private let connectTimeout: Double
    /// The most threads (and so connections) the pool opens.
    let maximumWorkers: Int

    init(settings: ConnectionSettings, session: SessionSettings, connectTimeout: Double, maximumWorkers: Int) {
        self.settings = settings
        self.session = session
        self.connectTimeout = connectTimeout
        self.maximumWorkers = max(1, maximumWorkers)
    }

    /// Runs `work` on a worker thread and returns what it returned.
    /// - Parameters:
    ///   - deadline: By when a worker must have started it (the work itself honours the
    ///     same deadline in its waits).
    ///   - work: What to run; called at most once, on a worker thread, and released before
    ///     this returns.
    /// - Throws: What `work` threw, or `unavailable` when the job was not started in time,
    ///   was cancelled first, or the pool is closed.
    func run<Result: Sendable>(deadline: Deadline,
                               _ work: @escaping (PoolWorker) throws -> Result) async throws -> Result {
        let job = PoolJob(deadline: deadline)
        let outcome = OutcomeBox<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                job.work = { worker in outcome.store(Swift.Result { try work(worker) }) }
                job.finish = { abandonment in
                    if let abandonment {
                        continuation.resume(throwing: abandonment.error)
                    } else {
                        continuation.resume(with: outcome.take())
                    }
                }
                enqueue(job)
            }
        } onCancel: {
            abandon(job, StoreError(.unavailable, "The transaction was cancelled before it started; nothing was written."))
        }
    }

    /// Closes the pool: queued jobs are abandoned, workers end after their current job and
    /// close their connections.
    func close() {
        let abandoned: [PoolJob] = condition.withLock {
            closed = true
            let waiting = queue
            queue.removeAll()
            condition.broadcast()
            return waiting
        }
        for job in abandoned { finishAbandoned(job, StoreError(.unavailable, "The PostgreSQL store was closed before the transaction started; nothing was written.")) }
    }

    // MARK: - Queue

    /// What became of a job handed to the queue.
    private enum Admission {
        /// Refused (pool closed, or cancelled before it was queued).
        case refused(StoreError)
        /// A worker is free, or was just started, to take it.
        case taken
        /// Every worker is busy: it waits, watched by a timer.
        case waiting
    }

    private func enqueue(_ job: PoolJob) {
        let admission: Admission = condition.withLock {
            if closed {
                return .refused(StoreError(.unavailable, "The PostgreSQL store is closed."))
            }
            if job.state == .done {
                return .refused(StoreError(.unavailable, "The transaction was cancelled before it started; nothing was written."))
            }
            job.state = .queued
            queue.append(job)
            condition.signal()
            guard queue.count > idleWorkers else { return .taken }
            guard workers < maximumWorkers else { return .waiting }
            workers += 1
            startWorker()
            return .taken
        }
        switch admission {
        case .refused(let error):
            finishAbandoned(job, error)
        case .taken:
            break
        case .waiting:
            // Abandoned if no worker has started it by its deadline.
            let store = settings.description
            DispatchQueue.global().asyncAfter(deadline: job.deadline.dispatchTime) { [weak self, weak job] in
                guard let self, let job else { return }
                self.abandon(job, StoreError(.unavailable,
                    "Every connection to \(store) stayed busy until the operation's time-out; nothing was written."))
            }
        }
    }

    /// Abandons a job that no worker has started (a queued job is taken off the queue).
    private func abandon(_ job: PoolJob, _ error: StoreError) {
        let taken: Bool = condition.withLock {
            switch job.state {
            case .created:
                job.state = .done
                return false // enqueue() sees `.done` and resumes the caller
            case .queued:
                queue.removeAll { $0 === job }
                return true
            case .running, .done:
                return false
            }
        }
        if taken { finishAbandoned(job, error) }
    }

    private func finishAbandoned(_ job: PoolJob, _ error: StoreError) {
        let finish: ((StoreFailureBox?) -> Void)? = condition.withLock {
            job.state = .done
            job.work = nil
            defer { job.finish = nil }
            return job.finish
        }
        finish?(StoreFailureBox(error: error))
    }

    // MARK: - Workers

    private func startWorker() {
        let thread = Thread { [self] in
            serve(PoolWorker(settings: settings, session: session, connectTimeout: connectTimeout))
        }
        thread.name = "SelfServeSSO PostgreSQL pool"
        // Transaction bodies run here; 1 MiB is ample for them and for libpq.
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func serve(_ worker: PoolWorker) {
        while let job = nextJob() {
            perform(job, on: worker)
            let finish: ((StoreFailureBox?) -> Void)? = condition.withLock {
                job.state = .done
                defer { job.finish = nil }
                return job.finish
            }
            finish?(nil)
        }
        worker.discardConnection()
    }

    /// Runs the job's work in a frame of its own, so that the closure (and the caller's body
    /// it captures) is released before the caller is resumed.
    private func perform(_ job: PoolJob, on worker: PoolWorker) {
        let work: ((PoolWorker) -> Void)? = condition.withLock {
            defer { job.work = nil }
            return job.work
        }
        work?(worker)
    }

    /// The next job, marked running; nil once the pool is closed.
    private func nextJob() -> PoolJob? {
        condition.withLock {
            idleWorkers += 1
            defer { idleWorkers -= 1 }
            while true {
                if closed {
                    workers -= 1
                    return nil
                }
                if !queue.isEmpty {
                    let job = queue.removeFirst()
                    job.state = .running
                    return job
                }
                condition.wait()
            }
        }
    }
}

/// The result a worker hands to the caller it resumes: stored by the worker before it resumes
/// the continuation, taken by the caller after.
final class OutcomeBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read and written only while holding `lock` (the continuation
    // already orders the two accesses; the lock makes that plain to the thread sanitizer).
    private let lock = NSLock()
    private var value: Result<Value, any Error>?

    func store(_ result: Result<Value, any Error>) { lock.withLock { value = result } }

    func take() -> Result<Value, any Error> {
        lock.withLock {
            defer { value = nil }
            return value ?? .failure(StoreError(.failure, "A pool worker finished a transaction without a result."))
        }
    }
}
