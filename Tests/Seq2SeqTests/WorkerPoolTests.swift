import Dispatch
import Foundation
import Seq2Seq
import Synchronization
import Testing

/// Counts how often each index ran, from any thread.
private final class HitCounter: Sendable {
    let hits: Mutex<[Int]>
    init(_ count: Int) { hits = Mutex([Int](repeating: 0, count: count)) }
    func record(_ index: Int) { hits.withLock { $0[index] += 1 } }
    var counts: [Int] { hits.withLock { $0 } }
}

@Test(arguments: [1, 2, 4])
func parallelForRunsEveryIndexExactlyOnce(threads: Int) {
    let pool = WorkerPool(threadCount: threads)
    #expect(pool.threadCount == threads)
    for count in [0, 1, 2, 3, 17, 1000] {
        let counter = HitCounter(count)
        pool.parallelFor(count) { counter.record($0) }
        #expect(counter.counts == [Int](repeating: 1, count: count), "count \(count)")
    }
}

@Test func nestedParallelForRunsInlineWithoutDeadlock() {
    let pool = WorkerPool(threadCount: 2)
    let counter = HitCounter(6 * 9)
    pool.parallelFor(6) { outer in
        pool.parallelFor(9) { inner in counter.record(outer * 9 + inner) }
    }
    #expect(counter.counts == [Int](repeating: 1, count: 54))
}

@Test func threadCountCanChangeBetweenJobs() {
    let pool = WorkerPool(threadCount: 2)
    for threads in [1, 3, 2, 0, 2] {
        pool.threadCount = threads
        #expect(pool.threadCount == max(1, threads))
        let counter = HitCounter(50)
        pool.parallelFor(50) { counter.record($0) }
        #expect(counter.counts == [Int](repeating: 1, count: 50), "threads \(threads)")
    }
}

@Test func concurrentCallersFromOtherThreadsAllComplete() {
    let pool = WorkerPool(threadCount: 2)
    let counter = HitCounter(8 * 100)
    DispatchQueue.concurrentPerform(iterations: 8) { caller in
        for round in 0..<10 {
            pool.parallelFor(10) { index in counter.record(caller * 100 + round * 10 + index) }
        }
    }
    #expect(counter.counts == [Int](repeating: 1, count: 800))
}

@Test func sleepingWorkerWakesUpAndShares() {
    // After several milliseconds idle the worker is asleep; a job must still reach it. Each of
    // the two bodies waits (up to 2 s) for the other to start, which only happens when two
    // threads really run them at once.
    let pool = WorkerPool(threadCount: 2)
    pool.parallelFor(2) { _ in }
    Thread.sleep(forTimeInterval: 0.02)
    let started = Mutex([false, false])
    let overlapped = Mutex([false, false])
    pool.parallelFor(2) { index in
        started.withLock { $0[index] = true }
        let deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if started.withLock({ $0[1 - index] }) {
                overlapped.withLock { $0[index] = true }
                break
            }
        }
    }
    #expect(overlapped.withLock { $0 } == [true, true])
}

@Test func droppedPoolsStopTheirWorkers() {
    for _ in 0..<20 {
        let pool = WorkerPool(threadCount: 3)
        let counter = HitCounter(5)
        pool.parallelFor(5) { counter.record($0) }
        #expect(counter.counts == [1, 1, 1, 1, 1])
    }
}

@Test(arguments: [1, 2])
func parallelForRangesCoversEveryIndexOnce(threads: Int) {
    let pool = WorkerPool(threadCount: threads)
    for (count, parts) in [(0, 4), (3, 4), (64, 2), (1000, 7)] {
        let counter = HitCounter(count)
        pool.parallelFor(rangesOf: count, parts: parts) { range in for i in range { counter.record(i) } }
        #expect(counter.counts == [Int](repeating: 1, count: count), "count \(count), parts \(parts)")
    }
}
