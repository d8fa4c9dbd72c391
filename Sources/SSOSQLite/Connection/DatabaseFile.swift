import Foundation
import SSOLifecycle

/// Checks and creates the database file before SQLite opens it, so a mistaken path gets a
/// message that says what is wrong with it instead of SQLite's "unable to open database file".
enum DatabaseFile {
    /// The first 16 bytes of every SQLite 3 database file.
    static let header = Array("SQLite format 3\0".utf8)

    /// Makes sure `path` names a readable and writable SQLite database file or nothing yet;
    /// creates a missing file (mode 0600) and its missing parent directories (mode 0700), so
    /// the sign-in state is not readable by other users of the machine.
    /// - Parameter path: The path the host configured.
    /// - Throws: ``StoreError/Kind/failure`` for a directory, a file this process may not
    ///   read and write, or one that cannot be created; ``StoreError/Kind/corrupt`` for a
    ///   file that is not an SQLite database.
    static func prepare(_ path: String) throws(StoreError) {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw StoreError(.failure, "The SQLite store needs a file path; the one given is empty or contains a NUL character.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw StoreError(.failure, "'\(path)' is a directory; the SQLite store needs a file path (such as '\(path)/sso.sqlite').")
            }
        } else {
            try create(path)
        }
        try checkContents(path)
    }

    private static func create(_ path: String) throws(StoreError) {
        try createDirectories(for: path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST { // Another process creating it at the same moment is fine.
            throw StoreError(.failure, "Could not create the SQLite store '\(path)': \(describe(errno: Int(errno))).")
        }
    }

    /// Creates the missing directories above `path`, outermost first, each with mode 0700.
    private static func createDirectories(for path: String) throws(StoreError) {
        var missing: [String] = []
        var parent = (path as NSString).deletingLastPathComponent
        while !parent.isEmpty, parent != "/", !FileManager.default.fileExists(atPath: parent) {
            missing.append(parent)
            parent = (parent as NSString).deletingLastPathComponent
        }
        for directory in missing.reversed() where mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw StoreError(.failure, "Could not create the directory '\(directory)' for the SQLite store: \(describe(errno: Int(errno))).")
        }
    }

    private static func checkContents(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(.failure, "Could not open the SQLite store '\(path)' for reading and writing: \(describe(errno: Int(errno))).")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: header.count)
        let count = read(descriptor, &bytes, bytes.count)
        guard count >= 0 else {
            throw StoreError(.failure, "Could not read the SQLite store '\(path)': \(describe(errno: Int(errno))).")
        }
        // An empty file is a new store; anything else must start like an SQLite database.
        guard count == 0 || (count == header.count && bytes == header) else {
            throw StoreError(.corrupt, "'\(path)' is not an SQLite database (its first bytes are not SQLite's header). Point the store at a new file or at an existing SelfServeSSO database.")
        }
    }

    private static func describe(errno code: Int) -> String {
        String(cString: strerror(Int32(clamping: code)))
    }
}
