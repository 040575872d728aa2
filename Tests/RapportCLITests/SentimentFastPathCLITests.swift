import Foundation
import Testing

/// `rapport sentiment`'s hand-parsed argument fast path (`FastArguments`, taken before ArgumentParser):
/// the forms it takes print what the ArgumentParser path prints, and everything else (errors, help)
/// still goes through ArgumentParser unchanged.
@Suite struct SentimentFastPathCLITests {
    static let data = CLIRunner.repoRoot.path
    static let line = #"{"compound":0.6696,"neg":0.0,"neu":0.308,"pos":0.692,"text":"I love this!"}"# + "\n"

    /// The first three take the fast path; "+1" is not plain digits, so the last goes through
    /// ArgumentParser (which reads it as 1): all four print the same.
    @Test(arguments: [
        ["sentiment", "--data", data, "--engine", "vader", "--threads", "1"],
        ["sentiment", "--engine=vader", "--threads=2", "--data=\(data)"],
        ["sentiment", "--threads", "1", "--data", data, "--engine", "vader"],
        ["sentiment", "--data", data, "--engine", "vader", "--threads", "+1"],
    ])
    func sameOutputWithAndWithoutArgumentParser(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments, stdin: "I love this!\n")
        #expect(r.status == 0)
        #expect(r.stdout == Self.line)
        #expect(r.stderr.isEmpty)
    }

    /// Standard input is read in 1 MiB blocks: a line spanning several blocks, then short lines and a last line
    /// without a newline, each come out once, in order (only newly read bytes are searched for the line end).
    @Test func linesAcrossReadBlocks() throws {
        let long = String(repeating: "good ", count: 700_000)
        let input = long + String(repeating: "\nI love this!\nbad", count: 3)
        let r = try CLIRunner.run(
            ["sentiment", "--data", Self.data, "--engine", "vader", "--threads", "2"], stdin: input)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)  // seven lines and the final newline
        #expect(lines[0].hasPrefix(#"{"compound":1.0,"#))
        #expect(lines[0].hasSuffix("good \"}"))
        #expect(lines[0].utf8.count > long.utf8.count)
        for k in [1, 3, 5] { #expect(lines[k] + "\n" == Self.line) }
        for k in [2, 4, 6] { #expect(lines[k].hasSuffix(#""text":"bad"}"#)) }
        #expect(lines[7].isEmpty)
    }

    @Test func invalidValuesAreStillUsageErrors() throws {
        let engine = try CLIRunner.run(["sentiment", "--data", Self.data, "--engine", "bogus"], stdin: "")
        #expect(engine.status == 2)
        #expect(engine.stdout.isEmpty)
        #expect(engine.stderr.hasPrefix("Error: --engine must be one of: vader, rapport\nUsage: rapport sentiment "))
        let threads = try CLIRunner.run(["sentiment", "--data", Self.data, "--threads", "0"], stdin: "")
        #expect(threads.status == 2)
        #expect(threads.stderr.hasPrefix("Error: --threads must be at least 1\n"))
    }

    @Test func missingDataDirectoryIsReportedOnce() throws {
        let r = try CLIRunner.run(["sentiment", "--data", "/nonexistent", "--engine", "vader"], stdin: "")
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr
                == "rapport: the data directory /nonexistent has no lexicons/ folder (pass --data DIR pointing at "
                + "the directory that holds lexicons/ and profiles/)\n")
    }
}
