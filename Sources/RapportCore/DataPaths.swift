import Foundation

/// Finds Rapport's data directory (the one holding `lexicons/`, `profiles/`):
/// explicit flag > `RAPPORT_DATA` environment variable > next to the executable (`../share/rapport`,
/// and the executable's directory) > the repository checkout this code was built from.
/// Fails with every path tried, never with a trap.
public enum DataPaths {
    /// Candidate directories in search order.
    public static func candidates(explicit: String? = nil) -> [String] {
        var result: [String] = []
        if let explicit { result.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["RAPPORT_DATA"], !env.isEmpty { result.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let exeDir = exe.deletingLastPathComponent()
        result.append(exeDir.deletingLastPathComponent().appendingPathComponent("share/rapport").path)
        result.append(exeDir.path)
        // Repository checkout: Sources/RapportCore/DataPaths.swift → repo root.
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        result.append(repo.path)
        return result
    }

    /// The first candidate that contains `lexicons/`.
    public static func root(explicit: String? = nil) throws(RapportError) -> String {
        // An explicit directory is strict: it must hold lexicons/ (no silent fallback elsewhere).
        if let explicit {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: explicit + "/lexicons", isDirectory: &isDir), isDir.boolValue {
                return explicit
            }
            throw RapportError(
                .invalidConfiguration, "the data directory \(explicit) has no lexicons/ folder",
                remedy: "pass --data DIR pointing at the directory that holds lexicons/ and profiles/")
        }
        let tried = candidates(explicit: explicit)
        for dir in tried {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/lexicons", isDirectory: &isDir), isDir.boolValue {
                return dir
            }
        }
        throw RapportError(
            .invalidConfiguration,
            "Rapport's data directory (with lexicons/) was not found; tried: "
                + tried.joined(separator: ", "),
            remedy: "pass --data DIR or set RAPPORT_DATA to the directory holding lexicons/")
    }
}
