import Foundation
import Testing

/// The counts every report gives (messages read, used, skipped and why) agree across commands: QA found
/// `ingest` and `analyze` telling different stories about one mailbox given twice, `thread` carrying no
/// counts, and `--input-format` ignored on a Slack folder.
@Suite(.serialized) struct CountsCLITests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-counts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `A.mbox` and `copy-of-A.mbox` holding the same bytes, in a new folder.
    static func twice(_ mailbox: String) throws -> (dir: URL, a: String, copy: String) {
        let dir = try tempDir()
        let bytes = try Data(contentsOf: CLIRunner.repoRoot.appendingPathComponent(mailbox))
        let a = dir.appendingPathComponent("A.mbox")
        let copy = dir.appendingPathComponent("copy-of-A.mbox")
        try bytes.write(to: a)
        try bytes.write(to: copy)
        return (dir, a.path, copy.path)
    }

    /// The value of a `Label:` line of a table header.
    static func line(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(label + ":") }.map {
            String($0.dropFirst(label.count + 1).drop { $0 == " " })
        }
    }

    /// Before: `--input-format mbox` on a Slack export folder was ignored (read as Slack, exit 0). Now it
    /// is an error that says why (exit 2); on a plain folder the format still applies to its files.
    @Test(arguments: ["analyze", "ingest", "thread"])
    func forcedFileFormatOnASlackFolderIsAnError(command: String) throws {
        let r = try CLIRunner.run([command, "corpora/demo/slack", "--input-format", "mbox"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "--input-format mbox cannot read this folder: it is a Slack export (it holds users.json, "
                    + "channels.json or the like), and mbox is a format of single files"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let folder = try CLIRunner.run([command, "corpora/demo/mail", "--input-format", "mbox"])
        #expect(folder.status == 0, "\(folder.stderr)")
    }
}
