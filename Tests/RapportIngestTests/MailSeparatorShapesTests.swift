import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// `From ` separator lines of the shapes mail tools write (2026-12-08): Python's `mailbox` splits at every
/// `From ` line; Rapport splits at separator-looking ones, and before these tests an ISO 8601 date or a
/// Unix time on the line merged the message into the one before it.
@Suite struct MailSeparatorShapesTests {
    /// Messages of one mbox: subjects and texts.
    func read(_ mbox: String) throws -> (subjects: [String], texts: [String], summary: IngestSummary) {
        let dir = try TempTree.write(["box.mbox": mbox])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var ms: [Message] = []
        let reader = MailReader(format: .mbox)
        try reader.read(path: dir + "/box.mbox", options: IngestOptions(), summary: &summary, evidence: &evidence) {
            ms.append($0)
        }
        return (ms.map(\.subject), ms.map(\.text), summary)
    }

    static func message(_ separator: String, _ k: Int, body: String? = nil) -> String {
        "\(separator)\nFrom: Person \(k) <p\(k)@example.com>\nTo: me@example.net\nSubject: message \(k)\n"
            + "Message-ID: <m\(k)@example.com>\nDate: Tue, 3 Mar 2020 09:09:0\(k) +0000\n\n"
            + (body ?? "Hello number \(k).") + "\n\n"
    }

    /// Every shape below starts a message of its own: the usual asctime ones, Gmail's and Thunderbird's, an
    /// RFC 5322 date, and (new) an ISO 8601 date and a Unix time.
    @Test func everySeparatorShapeStartsAMessage() throws {
        let separators = [
            "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
            "From - Thu Jun 13 10:00:00 2019",
            "From 1545668983435175434@xxx Fri Sep 16 22:26:51 +0000 2016",
            "From someone@host.example Sat, 12 Jan 2019 10:00:00 +0000",
            "From bob@example.org 2020-03-03T09:09:09Z",
            "From bob@example.org 2020-03-03 09:09:09",
            "From bob@example.org 1583226549",
        ]
        let mbox = separators.enumerated().map { Self.message($0.element, $0.offset) }.joined()
        let r = try read(mbox)
        #expect(r.subjects == separators.indices.map { "message \($0)" })
        #expect(r.texts == separators.indices.map { "Hello number \($0)." })
        #expect(r.summary.read == separators.count)
    }

    /// Body paragraphs starting with "From " stay body text: without an address-like sender, or without a
    /// header field mailers write on the next line ("Error:" is no such field), or with an ISO-looking number
    /// that is no date.
    @Test func bodyParagraphsStartingWithFromStayInTheBody() throws {
        let bodies = [
            "Hi,\n\nFrom the logs:\nError: connection refused at 10:42\n\nThanks",
            "Hi,\n\nFrom ann@example.com 2020-03-03:\nNote: the export failed\n\nThanks",
            "Hi,\n\nFrom 2020-13-45 09:00 on we changed the plan.\n\nThanks",
        ]
        let mbox = bodies.enumerated().map {
            Self.message("From p\($0.offset)@example.com Tue Mar  3 09:09:09 2020", $0.offset, body: $0.element)
        }
        .joined()
        let r = try read(mbox)
        #expect(r.subjects == ["message 0", "message 1", "message 2"])
        #expect(r.texts[0].contains("From the logs:\nError: connection refused"))
        #expect(r.texts[1].contains("Note: the export failed"))
        #expect(r.texts[2].contains("From 2020-13-45 09:00 on we changed the plan."))
    }

    /// The byte checks on their own.
    @Test func separatorChecks() {
        func separator(_ s: String) -> Bool {
            Array(s.utf8).withUnsafeBufferPointer { MboxSplitter.isSeparator($0, lenient: false) }
        }
        func unusual(_ s: String) -> Bool {
            Array(s.utf8).withUnsafeBufferPointer { MboxSplitter.isUnusualSeparator($0) }
        }
        func known(_ s: String) -> Bool {
            Array(s.utf8).withUnsafeBufferPointer { MboxSplitter.isKnownHeaderField($0) }
        }
        #expect(separator("From a@b 2020-03-03T09:09:09Z"))
        #expect(separator("From a@b 2020-03-03 09:09"))
        #expect(!separator("From a@b 2020-13-03 09:09"))
        #expect(!separator("From a@b 12020-03-03 09:09"))
        #expect(!separator("From a@b 2020-03-03"))
        #expect(unusual("From a@b 1583226549") && unusual("From MAILER-DAEMON 1583226549") && unusual("From - 15"))
        #expect(!unusual("From the logs at 10:42") && !unusual("From a@b") && !unusual(">From a@b 1"))
        #expect(known("Received: from mx") && known("RETURN-PATH: <a@b>") && known("x-gm-thrid: 1"))
        #expect(!known("Error: connection refused") && !known("Note: x") && !known("Received from mx"))
    }
}
