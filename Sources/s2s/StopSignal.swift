import Foundation

/// The signal that asked training to stop (SIGINT or SIGTERM), or 0.
///
/// A signal handler may only touch async-signal-safe state, so it just records the number;
/// the training loop polls it between steps, finishes the step and saves a checkpoint.
nonisolated(unsafe) private var receivedStopSignal: Int32 = 0

enum StopSignal {
    /// Routes SIGINT and SIGTERM to the flag instead of killing the process.
    static func install() {
        signal(SIGINT) { receivedStopSignal = $0 }
        signal(SIGTERM) { receivedStopSignal = $0 }
    }

    /// The received signal, or nil.
    static var received: Int32? { receivedStopSignal == 0 ? nil : receivedStopSignal }
}
