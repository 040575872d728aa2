import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Multiparts whose declared boundary never occurs (shapes of CPython's email test data msg_17 and
/// msg_31, both seen in real archives): the words are still read, never dropped silently.
@Suite struct MailBrokenMIMETests {
    func read(_ text: String) throws -> Message {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-broken-mime-\(UUID().uuidString).eml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, _) = try readMail(path, format: .eml)
        #expect(summary.read == 1 && summary.emitted == 1)
        return try #require(ms.first)
    }

    let head = "From: Ann <ann@example.com>\nTo: bo@example.org\nSubject: s\nMIME-Version: 1.0\n"

    @Test func noDelimiterLineReadsTheBodyAsText() throws {
        let m = try read(
            head + "Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\nHi there,\n\nThis is the dingus fish.\n")
        #expect(m.text == "Hi there,\n\nThis is the dingus fish.")
    }

    @Test func misdeclaredBoundaryIsRecoveredFromTheFirstPart() throws {
        let m = try read(
            head + "Content-Type: multipart/mixed; boundary=BOUNDARY_\n\n"
                + "--BOUNDARY\nContent-Type: text/plain\n\nmessage 1\n\n"
                + "--BOUNDARY\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n\n"
                + "--BOUNDARY\ncontent-type: text/plain\n\nmessage 2\n\n--BOUNDARY--\n")
        #expect(m.text == "message 1\n\nmessage 2")
    }

    @Test func aDashLineInProseIsNotTakenForABoundary() throws {
        let m = try read(
            head + "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                + "Plain words first.\n--dashes and words\nContent-free prose here\n")
        #expect(m.text == "Plain words first.\n--dashes and words\nContent-free prose here")
    }
}
