import Foundation
import Testing

/// What a first-time user meets: usage errors, `--as-of` out of range and broken config files each end
/// with one clear line and the documented exit status (README: 2 for usage errors and bad input).
@Suite("First use: CLI errors")
struct FirstUseCLITests {
    static func tempFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-first-use-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Before: ArgumentParser's status 64 (EX_USAGE) for every bad option value, though the README and
    /// `rapport --help` promise 2.
    @Test(arguments: [
        ["analyze", "corpora/demo", "--format", "xml"],
        ["analyze", "corpora/demo", "--limit", "0"],
        ["analyze", "corpora/demo", "--sort", "size"],
        ["analyze", "corpora/demo", "--as-of", "yesterday"],
        ["warnings", "corpora/demo", "--format", "csv"],
        ["history", "x", "--format", "csv"],
        ["ingest", "--input-format", "pdf", "x"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("Error: --"), "\(r.stderr)")
        #expect(r.stderr.contains("\nUsage: rapport "))
    }

    @Test func unknownFormatNamesTheChoices() throws {
        let r = try CLIRunner.run(["analyze", "corpora/demo", "--format", "xml"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: --format must be one of: table, json, csv, html, ndjson\n"))
    }

    /// Before: exit 0 and an empty report ("(no contacts)") that reads like a relationship with nobody.
    @Test(arguments: ["analyze", "warnings", "thread"])
    func asOfBeforeEveryMessageIsAnError(_ command: String) throws {
        let r = try CLIRunner.run([command, "corpora/demo", "--as-of", "2020-01-01"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr.hasSuffix(
                "rapport: --as-of 2020-01-01 is before every message there is to analyze (121 messages are after it) "
                    + "(give a later date, or leave --as-of out to analyze as of the newest message)\n"), "\(r.stderr)")
    }

    /// Before: exit 0 and a report "as of 2100" whose recency and silences were invented.
    @Test func asOfInTheFutureIsAnError() throws {
        let r = try CLIRunner.run(["analyze", "corpora/demo", "--as-of", "2100-01-01"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("Error: --as-of 2100-01-01 is in the future (today is "), "\(r.stderr)")
        #expect(r.stderr.contains(" UTC): give today or an earlier date\n"))
    }

    @Test func asOfTodayAndInsideTheDataAreFine() throws {
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        for day in [today, "2026-06-13"] {
            let r = try CLIRunner.run(["analyze", "corpora/demo", "--as-of", day, "--format", "json"])
            #expect(r.status == 0, "\(day): \(r.stderr)")
        }
    }

    /// Before: "config is not valid JSON: The operation could not be completed. The data is not in the
    /// correct format." — no position.
    @Test func configSyntaxErrorNamesLineAndColumn() throws {
        let path = try Self.tempFile("bad.json", "{\n  \"weights\": {\n    \"warmth\": 1,,\n  }\n}\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let r = try CLIRunner.run(["analyze", "corpora/demo", "--config", path])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "rapport: \(path): config is not valid JSON: line 3, column 17 (Invalid value around character 33) "
                + "(fix the JSON syntax)\n")
    }

    /// Before: "config has a value of the wrong type: DecodingError.typeMismatch: expected value of type Double.
    /// Path: weights.warmth. Debug description: …" — a Swift type dump.
    @Test(arguments: [
        (#"{"weights":{"warmth":"high"}}"#, "weights.warmth must be a number (found a string)"),
        (#"{"weights":{"warmth":null}}"#, "weights.warmth must be a number, not null"),
    ])
    func configTypeErrorNamesKeyAndType(_ json: String, _ detail: String) throws {
        let path = try Self.tempFile("types.json", json)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let r = try CLIRunner.run(["config", "--config", path])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "rapport: \(path): config has a value of the wrong type: \(detail) (compare with `rapport config --dump`)\n"
        )
        #expect(!r.stderr.contains("DecodingError"))
    }
}

@Suite("Thread: latency units")
struct ThreadUnitsCLITests {
    /// Before: wall-clock latency always in hours (`192.4h`, `327.5h`) while `analyze` shows days
    /// (`12.9d`), and anything under an hour in whole minutes (`0m` for 20 seconds). Business time stays
    /// in hours, since a "day" of it would read as 24 business hours.
    @Test func turnLatenciesUseTheReportUnits() throws {
        let r = try CLIRunner.run(["thread", "corpora/demo/tickets/ticket-4231.html"])
        #expect(r.status == 0)
        let turns = r.stdout.split(separator: "\n").dropFirst(2).prefix(5).map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).prefix(6).joined(separator: " ")
        }
        #expect(
            turns == [
                "2026-06-15T16:20:00+01:00 them→us 63 - - -0.28",
                "2026-06-15T16:45:00+01:00 us→them 33 25m 25m -0.08",
                "2026-06-23T17:10:00+01:00 them→us 9 8.0d 48.3h +0.48",
                "2026-06-25T10:00:00+01:00 us→them 33 1.7d 9.0h +0.00",
                "2026-07-09T01:30:00+01:00 them→us 15 13.6d 79.0h +0.00",
            ])
    }
}

@Suite("Warnings: counts")
struct WarningsCountsCLITests {
    /// Before: `rapport warnings` printed the list only, so "no warnings" could not be told apart from
    /// "nothing was read"; now the table ends with the analyze report's counts and the JSON carries them.
    @Test func warningsSayWhatWasRead() throws {
        let table = try CLIRunner.run(["warnings", "corpora/demo"])
        #expect(table.status == 4)
        #expect(
            table.stdout.hasSuffix(
                "\nCounts:   files 28, messages read 128, used 121, skipped 0, excluded from analysis 7 "
                    + "(auto-reply 1, bulk 2, slack-channel-join 4)\n"
                    + "Analysis: received 128, used 106, not used 22 (automated 7, internal 8, no-external-participant 7)\n"
            ), "\(table.stdout)")
        let json = try CLIRunner.run(["warnings", "corpora/demo", "--format", "json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let analysis = try #require(object["analysis"] as? [String: Any])
        #expect(summary["read"] as? Int == 128)
        #expect(summary["emitted"] as? Int == 128)
        #expect(analysis["used"] as? Int == 106)
        #expect((object["warnings"] as? [Any])?.count == 1)
    }
}

@Suite("Config: --dump with --config")
struct ConfigDumpCLITests {
    /// Before: `rapport config --dump --config FILE --hash` printed the defaults' hash, exit 0, as if it were
    /// the file's.
    @Test func dumpAndConfigTogetherIsAUsageError() throws {
        let r = try CLIRunner.run(["config", "--dump", "--config", "corpora/README.md", "--hash"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr.hasPrefix(
                "Error: --dump prints the defaults; leave it out to print the effective configuration of --config\n"))
    }
}

@Suite("Truncated zip: CLI")
struct TruncatedZipCLITests {
    /// Before: "not a readable zip archive (missingEndOfCentralDirectoryRecord)" — a Swift case name.
    @Test func truncatedSlackZipIsSaidInWords() throws {
        let whole = try Data(
            contentsOf: CLIRunner.repoRoot.appendingPathComponent("Tests/RapportIngestTests/Fixtures/slack/modern.zip"))
        let path = try FirstUseCLITests.tempFile("cut.zip", "")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try whole.prefix(200).write(to: URL(fileURLWithPath: path))
        let r = try CLIRunner.run(["analyze", path])
        #expect(r.status == 1)
        #expect(
            r.stderr.hasSuffix(
                "rapport: \(path): not a readable zip archive (no end-of-archive record: the file is cut short or is not "
                    + "a zip) (download the archive again, or unzip it and give the folder)\n"), "\(r.stderr)")
    }

    /// A cut Outlook for Mac archive or Takeout part (hand-made hostile inputs, 2026-12-07): the remedy
    /// named a Slack export, since an unreadable zip goes to the Slack reader to say why.
    @Test(arguments: ["cut.olm", "takeout-001.zip"])
    func truncatedMailArchiveNamesNoSlackExport(_ name: String) throws {
        let whole = try Data(
            contentsOf: CLIRunner.repoRoot.appendingPathComponent(
                "Tests/RapportIngestTests/Fixtures/mail/zips/takeout.zip"))
        let path = try FirstUseCLITests.tempFile(name, "")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try whole.prefix(whole.count * 2 / 3).write(to: URL(fileURLWithPath: path))
        let r = try CLIRunner.run(["ingest", path])
        #expect(r.status == 1)
        #expect(
            r.stderr == "rapport: \(path): not a readable zip archive (no end-of-archive record: the file is cut short "
                + "or is not a zip) (download the archive again, or unzip it and give the folder)\n", "\(r.stderr)")
    }
}

@Suite("Thread: hostile subjects")
struct ThreadSanitizeCLITests {
    /// Before: `rapport thread` printed subjects raw, so an encoded-word subject carrying ESC sequences
    /// recoloured the terminal (the analyze table already removed them).
    @Test func controlCharactersDoNotReachTheTerminal() throws {
        let path = try FirstUseCLITests.tempFile(
            "e.eml",
            "From: Zoe <zoe@acme.example>\nTo: Pat <pat@ourco.example>\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n"
                + "Message-ID: <e1@acme>\nSubject: =?UTF-8?Q?Hi=1B[31mRED=1B[0m_there?=\n\nHello Pat, any news?\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let one = try CLIRunner.run(["thread", path, "--me", "pat@ourco.example"])
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("Thread "))
        #expect(one.stdout.split(separator: "\n").first?.hasSuffix(": Hi[31mRED[0m there") == true)
        #expect(!one.stdout.contains("\u{1B}"))
        let dir = (path as NSString).deletingLastPathComponent
        try Data(
            ("From: Pat <pat@ourco.example>\nTo: Zoe <zoe@acme.example>\nDate: Mon, 5 Jan 2026 11:00:00 +0000\n"
                + "Message-ID: <e2@ourco>\nSubject: other\n\nNews soon.\n").utf8
        ).write(to: URL(fileURLWithPath: dir + "/f.eml"))
        let list = try CLIRunner.run(["thread", dir, "--me", "pat@ourco.example"])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("THREAD\tMESSAGES\tLAST\tCHANNELS\tSUBJECT\n"))
        #expect(list.stdout.contains("\tHi[31mRED[0m there\n"))
        #expect(!list.stdout.contains("\u{1B}"))
    }
}

@Suite("Misdated newest message")
struct FutureMessageCLITests {
    /// Before: one message dated 2099 (a wrong clock) silently made the whole report "as of 2099". The
    /// report still says what the data says, but a note tells why and what to do.
    @Test func aMessageFromTheFutureIsPointedOut() throws {
        let path = try FirstUseCLITests.tempFile(
            "a.eml",
            "From: Zoe <zoe@acme.example>\nTo: Pat <pat@ourco.example>\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n"
                + "Message-ID: <f1@acme>\nSubject: plan\n\nHello Pat, can we meet?\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let dir = (path as NSString).deletingLastPathComponent
        try Data(
            ("From: Zoe <zoe@acme.example>\nTo: Pat <pat@ourco.example>\nDate: Fri, 1 Jan 2099 10:00:00 +0000\n"
                + "Message-ID: <f2@acme>\nSubject: clock\n\nAll good.\n").utf8
        ).write(to: URL(fileURLWithPath: dir + "/b.eml"))
        let note =
            "the newest message is dated 2099-01-01T10:00:00+00:00, in the future (a wrong clock or a misdated "
            + "message?); the report is as of that date: pass --as-of to analyze as of an earlier one"
        let r = try CLIRunner.run(["analyze", dir, "--me", "pat@ourco.example"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\nNote:         " + note + "\n"), "\(r.stdout)")
        #expect(r.stderr.contains("rapport: note: " + note + "\n"))
        let replay = try CLIRunner.run(["analyze", dir, "--me", "pat@ourco.example", "--as-of", "2026-01-31"])
        #expect(replay.status == 0)
        #expect(!replay.stdout.contains("in the future"))
    }
}

@Suite("Ingest: map-stage options")
struct IngestMapOptionsCLITests {
    /// Before: `rapport ingest PATH --as-of DATE` exited 0 and printed every message, later ones included:
    /// the option was silently ignored outside the map stage.
    @Test(arguments: [["--as-of", "2026-06-01"], ["--config", "corpora/README.md"]])
    func asOfAndConfigNeedTheMapStage(_ option: [String]) throws {
        let r = try CLIRunner.run(["ingest", "corpora/demo/tickets"] + option)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr.hasPrefix(
                "Error: --as-of and --config apply to the map stage (--partials, --shards, --list-shards); "
                    + "plain ingest prints every message\n"))
    }
}

@Suite("As-of in the future")
struct FutureAsOfTests {
    static func day(_ offset: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date().addingTimeInterval(offset * 86_400))
    }

    /// UTC's tomorrow is accepted (east of UTC, up to UTC+14, it can be the user's own today); three days
    /// ahead is not.
    @Test func tomorrowInUTCIsAcceptedThreeDaysAheadIsNot() throws {
        let tomorrow = try CLIRunner.run(["analyze", "corpora/demo", "--as-of", Self.day(1)])
        #expect(tomorrow.status == 0, "\(tomorrow.stderr)")
        let later = try CLIRunner.run(["analyze", "corpora/demo", "--as-of", Self.day(3)])
        #expect(later.status == 2)
        #expect(later.stderr.contains("is in the future"), "\(later.stderr)")
    }
}
