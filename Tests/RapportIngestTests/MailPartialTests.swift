import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// `message/partial` (RFC 2046 §5.2.2): Outlook Express's "break apart messages larger than …" splits one
/// message into fragments sharing an `id`, numbered 1…`total`. The fixtures under `Fixtures/mail/partial`
/// hold one message (a text part and a PDF) split into three fragments, with the quoted-printable soft break
/// and the PDF's headers cut across fragments, and an ordinary message between them.
@Suite struct MailPartialTests {
    static let id = "{6BE5F7A1-03D2-4C5E-9E8A-2B1F0C7D4E11}@ANNPC"
    static let text =
        "Hi Tom,\n\nThe Q3 numbers are attached. Revenue is up 12% on last quarter, and the renewal looks safe."

    static func fixture(_ name: String) -> String { mailFixture("partial/" + name) }

    /// Parts 2, 3, 1 (a message between them): one message, read at the first part's place; the other two
    /// fragments are counted as merged, not as messages of their own.
    @Test func completeSetOutOfOrderIsOneMessage() throws {
        let path = Self.fixture("complete-out-of-order.mbox")
        let (ms, summary, evidence) = try readMail(path)
        #expect(ms.map(\.id) == ["lunch-1@acme.example", "000f01c99bea$b1a0e5c0$0200a8c0@annpc"])
        #expect(summary.read == 4 && summary.emitted == 2 && summary.skipped == ["partial-merged": 2])
        #expect(summary.problems.isEmpty)
        let m = ms[1]
        #expect(m.subject == "Q3 numbers")
        #expect(m.text == Self.text)
        #expect(m.quotedChars == 0)
        #expect(m.from == Participant.email("ann@client.example", name: "Ann Lee"))
        #expect(m.to.map(\.id) == ["tom@acme.example"])
        // The first fragment's enclosing Date (RFC 2046: its header fields other than Content-*, Subject,
        // Message-ID, Encrypted and MIME-Version are the message's).
        #expect(m.date?.iso8601 == "2009-03-03T10:15:01+01:00")
        #expect(m.locator == SourceLocator(file: path, byteOffset: 1918))
        #expect(m.thread.hasPrefix("thread-"))
        // The header pass saw the reassembled message once, not its fragments.
        #expect(evidence.senders == ["ann@client.example": 1, "dana@acme.example": 1])
    }

    /// Parts 1 and 3 of 3: no message, each fragment counted with the reason.
    @Test func missingPartCountsEachFragment() throws {
        let path = Self.fixture("missing-part.mbox")
        let (ms, summary, evidence) = try readMail(path)
        #expect(ms.map(\.id) == ["lunch-1@acme.example"])
        #expect(summary.read == 3 && summary.emitted == 1 && summary.skipped == ["partial-incomplete": 2])
        #expect(
            summary.problems == [
                "\(path) @0: message/partial id=\(Self.id) part 1: 1 of 3 parts missing",
                "\(path) @1147: message/partial id=\(Self.id) part 3: 1 of 3 parts missing",
            ])
        #expect(evidence.senders == ["dana@acme.example": 1])
    }

    /// Part 2 read twice: the later copy is skipped, the set still completes.
    @Test func duplicatePartIsSkipped() throws {
        let path = Self.fixture("duplicate-part.mbox")
        let (ms, summary, _) = try readMail(path)
        #expect(ms.map(\.id) == ["lunch-1@acme.example", "000f01c99bea$b1a0e5c0$0200a8c0@annpc"])
        #expect(ms[1].text == Self.text && ms[1].locator.byteOffset == 0)
        #expect(summary.skipped == ["partial-duplicate": 1, "partial-merged": 2])
        #expect(
            summary.problems == [
                "\(path) @1467: message/partial id=\(Self.id): part 2 of 3 read twice; the later copy skipped"
            ])
    }

    /// Held fragments are bounded (``IngestLimits/maxPartialBytes``): the fragment past the cap is skipped and
    /// the rest of its set is incomplete. A reassembled message past `maxMessageBytes` is `too-large`.
    @Test func oversizeFragmentsAndMessages() throws {
        let path = Self.fixture("complete-out-of-order.mbox")
        var options = IngestOptions()
        options.limits.maxPartialBytes = 2000
        let (ms, summary, _) = try readMail(path, options: options)
        #expect(ms.map(\.id) == ["lunch-1@acme.example"])
        #expect(summary.read == 4 && summary.skipped == ["partial-too-large": 1, "partial-incomplete": 2])
        #expect(
            summary.problems == [
                "\(path) @1918: message/partial id=\(Self.id): part 1 would hold more than 2000 bytes of fragments",
                "\(path) @0: message/partial id=\(Self.id) part 2: 1 of 3 parts missing",
                "\(path) @740: message/partial id=\(Self.id) part 3: 1 of 3 parts missing",
            ])
        var small = IngestOptions()
        small.limits.maxMessageBytes = 1500
        let (ms2, summary2, _) = try readMail(path, options: small)
        #expect(ms2.map(\.id) == ["lunch-1@acme.example"])
        #expect(summary2.read == 4 && summary2.skipped == ["partial-merged": 2, "too-large": 1])
        #expect(summary2.problems == ["\(path) @1918: message larger than 1500 bytes skipped"])
    }

    /// One fragment per file (a maildir): the input is the unit of reassembly; the message is located at the
    /// fragment that completed the set.
    @Test func fragmentsInSeparateFiles() throws {
        let path = Self.fixture("maildir")
        let (ms, summary, _) = try readMail(path, format: .maildir)
        #expect(ms.map(\.id) == ["000f01c99bea$b1a0e5c0$0200a8c0@annpc"])
        #expect(ms[0].text == Self.text)
        #expect(ms[0].locator == SourceLocator(file: path + "/cur/1234567893.M1P1.host:2,S", byteOffset: 0))
        #expect(summary.read == 3 && summary.skipped == ["partial-merged": 2])
    }

    static func fragment(_ params: String, _ body: String, subject: String = "Plan") -> String {
        "From: Ann <ann@client.example>\nTo: tom@acme.example\nSubject: \(subject)\n"
            + "Date: Tue, 3 Mar 2009 10:15:00 +0100\nMessage-ID: <outer@client.example>\n"
            + "Content-Type: Message/Partial; \(params)\n\n" + body
    }

    /// The reassembled bytes: the first part's enclosing fields without Content-*, Subject, Message-ID and
    /// MIME-Version, then those of the enclosed message (its other fields dropped), then the enclosed body.
    @Test func reassembledHeaderFollowsRFC2046() {
        let one = Self.fragment(
            "id=\"x@y\"; number=1",
            "Subject: Plan (inner)\nMessage-ID: <inner@client.example>\nX-Dropped: yes\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain\n\nfirst line\n")
        let two = Self.fragment("id=\"x@y\"; number=2; total=2", "second line\n", subject: "Plan (2/2)")
        var assembler = PartialAssembler(limits: IngestLimits())
        func raw(_ s: String, _ k: Int) -> RawMessage {
            var r = RawMessage(index: k, offset: Int64(k * 100), data: Array(s.utf8))
            r.partial = true
            return r
        }
        #expect(assembler.take([raw(one, 0)], unit: "box", single: true).isEmpty)
        let out = assembler.take([raw(two, 1)], unit: "box", single: true)
        #expect(out.count == 2)
        #expect(out[0].skip?.reason == "partial-merged" && out[0].offset == 0)
        #expect(out[1].offset == 0 && out[1].skip == nil && !out[1].partial)
        #expect(
            String(decoding: out[1].data, as: UTF8.self)
                == "From: Ann <ann@client.example>\nTo: tom@acme.example\nDate: Tue, 3 Mar 2009 10:15:00 +0100\n"
                + "Subject: Plan (inner)\nMessage-ID: <inner@client.example>\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain\n\nfirst line\nsecond line\n")
        #expect(assembler.leftovers().isEmpty)
    }

    /// Many sets open at once (fuzz campaign 2026-12-07): every first part, then every second part. Each
    /// completion removed its id from a list of all open ids, so 20,000 sets took 53 s in `rapport ingest`
    /// (10,000: 15 s). Now linear; the sets still open at the end are listed in the order they began.
    @Test func manyInterleavedSetsAreLinear() throws {
        let n = 40_000
        var assembler = PartialAssembler(limits: IngestLimits())
        func raw(_ k: Int, _ number: Int, _ body: String) -> RawMessage {
            var r = RawMessage(
                index: k, offset: Int64(k),
                data: Array("Content-Type: message/partial; id=s\(k % n); number=\(number); total=2\n\n\(body)".utf8))
            r.partial = true
            return r
        }
        var out: [RawMessage] = []
        let seconds = BadInput.time {
            for k in 0..<n {
                out += assembler.take([raw(k, 1, "Subject: S\(k)\n\nfirst\n")], unit: "box", single: true)
            }
            for k in stride(from: n + 2, to: 2 * n, by: 1) {
                out += assembler.take([raw(k, 2, "second\n")], unit: "box", single: true)
            }
        }
        #expect(seconds < BadInput.linearBound)
        #expect(out.count == 2 * (n - 2) && out.filter { $0.skip?.reason == "partial-merged" }.count == n - 2)
        #expect(String(decoding: out[1].data, as: UTF8.self) == "Subject: S2\n\nfirst\nsecond\n")
        let left = assembler.leftovers()
        #expect(left.map(\.raw.offset) == [0, 1])
        #expect(
            left.map(\.problem) == [
                "message/partial id=s0 part 1: 1 of 2 parts missing",
                "message/partial id=s1 part 1: 1 of 2 parts missing",
            ])
    }

    /// Fragments that cannot be placed are skipped at once with the reason; a set whose total was never
    /// given is incomplete at the end.
    @Test func malformedFragments() throws {
        let dir = try TempTree.write([
            "a.eml": Self.fragment("number=1; total=2", "x\n"),
            "b.eml": Self.fragment("id=\"k@y\"; number=3; total=2", "x\n"),
            "c.eml": Self.fragment("id=\"k@y\"; number=one", "x\n"),
            "d.eml": Self.fragment("id=\"m@y\"; number=1", "Subject: M\n\nx\n"),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, summary, _) = try readMail(dir, format: .eml)
        #expect(ms.isEmpty && summary.read == 4)
        #expect(summary.skipped == ["partial-malformed": 3, "partial-incomplete": 1])
        #expect(
            summary.problems == [
                "\(dir)/a.eml @0: message/partial without an id",
                "\(dir)/b.eml @0: message/partial id=k@y: part number past the total 2",
                "\(dir)/c.eml @0: message/partial id=k@y: no usable part number",
                "\(dir)/d.eml @0: message/partial id=m@y part 1: the last part (with the total) missing, 1 read",
            ])
    }

    /// The splitter's byte check: `message/partial` in the Content-Type (any case, folded) flags a fragment;
    /// elsewhere in the header block it does not.
    @Test func splitterFlagsFragments() {
        func flagged(_ text: String) -> [Bool] {
            var s = MboxSplitter(maxMessageBytes: 1 << 20, single: false)
            s.headersOnly = true
            let bytes = Array(text.utf8)
            var start = 0
            var offset: Int64 = 0
            for k in bytes.indices where bytes[k] == 0x0A {
                bytes[start...k].withUnsafeBufferPointer { s.feed($0, offset: offset, complete: true) }
                offset += Int64(k + 1 - start)
                start = k + 1
            }
            s.finish()
            return s.drain().map(\.partial)
        }
        let text =
            "From a@b Tue Mar  3 09:15:01 2009\nContent-Type:\n MESSAGE/PARTIAL; id=x; number=1\n\nbody\n\n"
            + "From a@b Tue Mar  3 09:15:02 2009\nSubject: message/partial\nContent-Type: text/plain\n\nbody\n"
        #expect(flagged(text) == [true, false])
    }
}
