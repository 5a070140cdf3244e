#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that readers see either the old file or the complete new one, never a
/// partial write, even across a crash or power loss. `SafeTensorsFile.write(to:)` saves through
/// it; it is public so that other savers can do the same.
public enum SafeTensorsAtomicWriter {
    /// Writes whatever `produce` passes to its `write` function into a uniquely named temporary
    /// file beside `path` (`.NAME.tmp-PID-RANDOM`), `fsync`s it, renames it over `path` and
    /// `fsync`s the directory so the rename itself is durable. If anything fails before the
    /// rename, including `produce` throwing, the temporary file is removed, `path` is untouched
    /// and the error is rethrown. (A process killed mid-write leaves only the temporary file.)
    ///
    /// - Throws: `SafeTensorsError` (`.io`) naming `path`, or whatever `produce` throws.
    public static func replaceFile(at path: String,
                                   produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        func failure(_ problem: String) -> SafeTensorsError {
            SafeTensorsError(.io, source: path, problem + ": " + String(cString: strerror(errno)))
        }
        let slash = path.lastIndex(of: "/")
        let directoryPrefix = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw SafeTensorsError(.io, source: path, "names a directory, not a file")
        }
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        let temporary = directoryPrefix + "." + Self.shortened(name, maxUTF8: 200) + ".tmp-\(getpid())-" + suffix

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw failure("cannot create temporary file \(SafeTensorsError.quoted(temporary, limit: 4096))")
        }
        var isOpen = true
        do {
            try produce { bytes in
                guard var next = bytes.baseAddress else { return }
                var remaining = bytes.count
                while remaining > 0 {
                    let written = systemWrite(descriptor, next, remaining)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure("cannot write temporary file")
                    }
                    next += written
                    remaining -= written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("cannot sync temporary file") }
            isOpen = false
            // Linux releases the descriptor even when close reports an error, so never retry it.
            guard close(descriptor) == 0 else { throw failure("cannot close temporary file") }
            guard rename(temporary, path) == 0 else { throw failure("cannot rename the temporary file over the target") }
        } catch {
            if isOpen { _ = close(descriptor) }
            _ = unlink(temporary)
            throw error
        }

        let directory = directoryPrefix.isEmpty ? "." : directoryPrefix
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { throw failure("saved, but cannot open the directory to sync it") }
        defer { _ = close(directoryDescriptor) }
        // Some file systems cannot sync directories (EINVAL); the data itself is already synced.
        guard fsync(directoryDescriptor) == 0 || errno == EINVAL else {
            throw failure("saved, but cannot sync the directory")
        }
    }

    /// The longest prefix of `name` (whole characters) of at most `maxUTF8` bytes, so that the
    /// temporary name stays within NAME_MAX (255 bytes) whatever the target's name.
    private static func shortened(_ name: String, maxUTF8: Int) -> String {
        var length = 0
        var end = name.startIndex
        for index in name.indices {
            let size = name[index].utf8.count
            guard length + size <= maxUTF8 else { break }
            length += size
            end = name.index(after: index)
        }
        return String(name[..<end])
    }
}

/// `write(2)`, named apart from the `write` functions passed around above.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
