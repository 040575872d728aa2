import Foundation
import RapportCore

/// Reproducibility hashes for a report header.
public enum ReproHash {
    /// SHA-256 over the lexicon files (relative path, NUL, contents, NUL; sorted by path) under
    /// `<data>/lexicons`; `""` when the data directory is not found.
    public static func lexicons(dataDirectory: String?) -> String {
        guard let root = try? DataPaths.root(explicit: dataDirectory) else { return "" }
        let dir = root + "/lexicons"
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return "" }
        var files: [String] = []
        while let f = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                files.append(f)
            }
        }
        var h = SHA256()
        for f in files.sorted() {
            h.update(f.utf8)
            h.update([0])
            if let data = FileManager.default.contents(atPath: dir + "/" + f) { h.update(data) }
            h.update([0])
        }
        return h.hexDigest()
    }
}
