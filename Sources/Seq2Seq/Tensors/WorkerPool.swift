import Foundation
import Synchronization

/// A persistent pool of threads for fine-grained data parallelism: the calling thread plus
/// `threadCount − 1` workers that stay alive between calls.
///
/// Workers wait for a job by spinning on an atomic (a hand-off costs well under a microsecond,
/// against tens of microseconds for `DispatchQueue.concurrentPerform`), and fall asleep after
/// about a millisecond without work so that an idle process does not burn a core.
///
/// `parallelFor` is safe to call from anywhere: a call made while the pool is already running a
/// job (a nested call from inside a body, or a call from an unrelated thread) runs inline on
/// the calling thread instead of waiting, so it can never deadlock.
public final class WorkerPool: @unchecked Sendable {
    /// The pool used by `gemm` and the layers. Starts with one thread per active processor.
    public static let shared = WorkerPool(threadCount: ProcessInfo.processInfo.activeProcessorCount)

    private let core: WorkerPoolCore

    /// A pool running jobs on `threadCount` threads (the caller included); at least 1.
    public init(threadCount: Int) {
        core = WorkerPoolCore()
        core.setWorkerCount(max(1, threadCount) - 1)
    }

    deinit {
        core.setWorkerCount(0)
    }

    /// The number of threads a job runs on, the calling thread included (at least 1).
    ///
    /// Setting it waits for a running job to finish, then replaces the workers; so never set it
    /// from inside a `parallelFor` body (it would wait for itself).
    public var threadCount: Int {
        get { core.workerCount + 1 }
        set { core.setWorkerCount(max(1, newValue) - 1) }
    }

    /// Calls `body(i)` once for every `i` in `0..<count`, spread over the pool's threads, and
    /// returns when all calls have finished. Indices are handed out dynamically, so `body` must
    /// not depend on which thread runs which index.
    public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        core.parallelFor(count, body)
    }

    /// Cuts `0..<count` into `parts` contiguous ranges (at most `count`) and calls `body` on
    /// each through `parallelFor`. The ranges depend only on `count` and `parts`, not on the
    /// thread count.
    public func parallelFor(rangesOf count: Int, parts: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(parts, count))
        parallelFor(parts) { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
    }
}

/// The state shared by a pool and its worker threads. Workers keep this (not the pool) alive,
/// so dropping the last reference to a `WorkerPool` stops its workers.
private final class WorkerPoolCore: @unchecked Sendable {
    /// How long an idle worker keeps polling before it goes to sleep.
    private static let spinNanoseconds: UInt64 = 1_000_000
    /// How long any wait polls without yielding. After that it yields the core between polls,
    /// so that on a busy machine a descheduled worker (or our own caller) gets to run.
    private static let pureSpinNanoseconds: UInt64 = 50_000

    private typealias Body = (Int) -> Void

    // Job publication. `generation` announces a new job; `openJob` equals the generation of the
    // job whose indices may still be claimed, or 0 once the caller has closed it.
    private let generation = Atomic<Int>(0)
    private let openJob = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let jobCount = Atomic<Int>(0)
    private let jobBody = Atomic<UnsafeRawPointer?>(nil)
    /// Workers currently between "I saw a job" and "I no longer touch it".
    private let inFlight = Atomic<Int>(0)
    /// True while a job runs (or the thread count changes); other callers then run inline.
    private let busy = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let liveWorkers = Atomic<Int>(0)

    // Sleeping. A worker registers in `sleepers` under the condition's lock and re-checks
    // `generation` before waiting; the publisher bumps `generation` before reading `sleepers`.
    // Both sides use sequentially consistent ordering, so no wake-up is lost.
    private let sleepers = Atomic<Int>(0)
    private let sleepCondition = NSCondition()

    /// Only changed while `busy` is held.
    private(set) var workerCount = 0

    func setWorkerCount(_ wanted: Int) {
        while !tryAcquire() { sched_yield() }
        defer { busy.store(false, ordering: .releasing) }
        guard wanted != workerCount else { return }
        stopWorkers()
        startWorkers(wanted)
    }

    func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 || workerCount == 0 || !tryAcquire() {
            for index in 0..<count { body(index) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { escapingBody in
            var storedBody: Body = escapingBody
            withUnsafePointer(to: &storedBody) { bodyPointer in
                runJob(count: count, body: UnsafeRawPointer(bodyPointer), callerBody: escapingBody)
            }
        }
    }

    // MARK: - Caller side

    private func tryAcquire() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    private func runJob(count: Int, body: UnsafeRawPointer, callerBody: Body) {
        jobBody.store(body, ordering: .relaxed)
        jobCount.store(count, ordering: .relaxed)
        nextIndex.store(0, ordering: .relaxed)
        completed.store(0, ordering: .relaxed)
        let job = generation.load(ordering: .relaxed) &+ 1
        openJob.store(job, ordering: .sequentiallyConsistent)
        generation.store(job, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            sleepCondition.lock()
            sleepCondition.broadcast()
            sleepCondition.unlock()
        }

        var done = 0
        while true {
            let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= count { break }
            callerBody(index)
            done += 1
        }
        completed.wrappingAdd(done, ordering: .relaxed)
        Self.wait { completed.load(ordering: .acquiring) >= count }
        // Close the job, then wait for workers that may still be looking at it, so that the
        // body (which lives in the caller's stack frame) is never touched after we return.
        openJob.store(0, ordering: .sequentiallyConsistent)
        Self.wait { inFlight.load(ordering: .sequentiallyConsistent) == 0 }
        jobBody.store(nil, ordering: .relaxed)
    }

    /// Polls `done` until it holds: a pure spin at first, then yielding between polls.
    @inline(__always)
    private static func wait(until done: () -> Bool) {
        if done() { return }
        var spins = 0
        var start: UInt64 = 0
        while !done() {
            spins &+= 1
            if spins & 255 == 0 {
                let now = DispatchTime.now().uptimeNanoseconds
                if start == 0 {
                    start = now
                } else if now &- start > pureSpinNanoseconds {
                    sched_yield()
                }
            }
        }
    }

    // MARK: - Worker side

    private func startWorkers(_ count: Int) {
        stopping.store(false, ordering: .sequentiallyConsistent)
        workerCount = count
        for _ in 0..<count {
            liveWorkers.wrappingAdd(1, ordering: .sequentiallyConsistent)
            let seen = generation.load(ordering: .sequentiallyConsistent)
            let thread = Thread { self.workerLoop(lastSeen: seen) }
            thread.name = "s2s-worker"
            thread.start()
        }
    }

    private func stopWorkers() {
        guard workerCount > 0 else { return }
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        sleepCondition.lock()
        sleepCondition.broadcast()
        sleepCondition.unlock()
        while liveWorkers.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
        workerCount = 0
    }

    private func workerLoop(lastSeen: Int) {
        var seen = lastSeen
        while true {
            seen = waitForGeneration(after: seen)
            if stopping.load(ordering: .sequentiallyConsistent) { break }
            participate(in: seen)
        }
        liveWorkers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }

    /// Polls until `generation` moves past `seen` (yielding between polls after
    /// `pureSpinNanoseconds`), and falls asleep after `spinNanoseconds`.
    private func waitForGeneration(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins &+= 1
            if spins & 255 == 0 {
                let elapsed = DispatchTime.now().uptimeNanoseconds &- start
                if elapsed > Self.spinNanoseconds { break }
                if elapsed > Self.pureSpinNanoseconds { sched_yield() }
            }
        }
        sleepCondition.lock()
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen {
            sleepCondition.wait()
        }
        sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        sleepCondition.unlock()
        return generation.load(ordering: .acquiring)
    }

    private func participate(in job: Int) {
        inFlight.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if openJob.load(ordering: .sequentiallyConsistent) == job,
           let rawBody = jobBody.load(ordering: .relaxed) {
            runClaimedIndices(body: rawBody, count: jobCount.load(ordering: .relaxed))
        }
        inFlight.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }

    /// Kept out of line so that any retain of the body is released before `inFlight` drops.
    @inline(never)
    private func runClaimedIndices(body rawBody: UnsafeRawPointer, count: Int) {
        let body = rawBody.assumingMemoryBound(to: Body.self)
        var done = 0
        while true {
            let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= count { break }
            body.pointee(index)
            done += 1
        }
        if done > 0 { completed.wrappingAdd(done, ordering: .releasing) }
    }
}
