import Foundation

/// The signal that asked training to stop (SIGINT or SIGTERM), or 0.
///
/// A signal handler may only touch async-signal-safe state, so it just records the number;
/// the training loop polls it between steps, finishes the step and saves a checkpoint.
nonisolated(unsafe) private var receivedStopSignal: Int32 = 0

enum StopSignal {
    /// Routes SIGINT and SIGTERM to the flag instead of killing the process. A second signal
    /// kills at once (the default action): whatever was being saved is a temporary file that
    /// the next run removes, so the checkpoints on disk stay intact.
    static func install() {
        // A parent may have started us with these signals blocked (threads of a Dispatch-based
        // launcher block most signals, and a child inherits the mask); then they would stay
        // pending forever. Worker threads created later inherit the unblocked mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                if receivedStopSignal != 0 {
                    signal(number, SIG_DFL)
                    raise(number)
                    return
                }
                receivedStopSignal = number
                // write(2) is async-signal-safe; a StaticString needs no allocation.
                let notice: StaticString = "\nstopping after this step to save the state (signal again to quit at once)\n"
                _ = write(STDERR_FILENO, notice.utf8Start, notice.utf8CodeUnitCount)
            }
        }
    }

    /// The received signal, or nil.
    static var received: Int32? { receivedStopSignal == 0 ? nil : receivedStopSignal }
}
