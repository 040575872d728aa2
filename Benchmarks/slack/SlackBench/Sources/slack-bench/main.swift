import Foundation
import RapportCore
import RapportIngest

/// slack-bench EXPORT (folder or .zip) [--repeat N]: reads the export with SlackExportReader and prints
/// messages, seconds, messages/s and peak RSS (VmHWM).
let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: slack-bench EXPORT\n".utf8))
    exit(2)
}
let path = args[1]
var options = IngestOptions()
options.dataDirectory =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .path
var summary = IngestSummary()
var evidence = UsEvidence()
var count = 0
var chars = 0
let start = DispatchTime.now().uptimeNanoseconds
do {
    try SlackExportReader().read(path: path, options: options, summary: &summary, evidence: &evidence) { m in
        count += 1
        chars += m.text.utf8.count
    }
} catch {
    FileHandle.standardError.write(Data("slack-bench: \(error)\n".utf8))
    exit(1)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
var hwm = "?"
if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        hwm = String(kb / 1024)
    }
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let cpu =
    Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
print(
    "swift rapport: \(count) messages in \(String(format: "%.2f", seconds)) s = "
        + "\(Int(Double(count) / seconds)) msg/s; CPU \(String(format: "%.2f", cpu)) s = "
        + "\(Int(Double(count) / cpu)) msg/s CPU; peak RSS \(hwm) MiB (text bytes \(chars); \(summary.line))")
