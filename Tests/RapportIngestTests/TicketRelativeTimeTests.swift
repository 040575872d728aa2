import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Jira Cloud shows recent comments with relative times ("2 days ago", "Yesterday 9:05 AM"). When the
/// saved page carries an absolute time anywhere near it (a `time[datetime]` in the header, a `datetime` or
/// `title` attribute on the relative-time element or a `title` on its wrapper), that time is used; a
/// relative time alone stays `date_text` without a date.
@Suite("Tickets: absolute times behind relative ones")
struct TicketRelativeTimeTests {
    /// The jira-cloud fixture with its three comment times replaced by relative ones.
    static func page(_ times: [String]) throws -> String {
        var html = try String(contentsOfFile: TicketFixtures.path("jira-cloud.html"), encoding: .utf8)
        for (old, new) in zip(["7 March 2024 at 16:20", "6 March 2024 at 09:05", "6 March 2024 at 11:42"], times) {
            html = html.replacingOccurrences(
                of: #"<span role="presentation" aria-hidden="false">\#(old)</span>"#, with: new)
        }
        return html
    }

    @Test func absoluteTimesInAttributesWin() throws {
        let html = try Self.page([
            #"<span data-testid="issue-timestamp.relative-time" title="7 March 2024 at 16:20">2 days ago</span>"#,
            #"<time datetime="2024-03-06T09:05:00.000+0100">Yesterday 9:05 AM</time>"#,
            #"<span title="6 March 2024 at 11:42"><span data-testid="issue-timestamp.relative-time">Yesterday 11:42 AM</span></span>"#,
        ])
        let dir = try TempTree.write(["SUP-982.html": html])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TicketFixtures.read(dir + "/SUP-982.html")
        #expect(
            r.messages.map(\.id) == ["jira:SUP-982#0", "jira:SUP-982#2", "jira:SUP-982#3", "jira:SUP-982#1"])
        #expect(
            r.messages.map { $0.date?.iso8601 ?? "-" } == [
                "2024-03-05T08:14:00+01:00", "2024-03-06T09:05:00+01:00", "2024-03-06T11:42:00+01:00",
                "2024-03-07T16:20:00+01:00",
            ])
        #expect(r.messages.allSatisfy { $0.attributes["date_text"] == nil })
    }

    @Test func relativeTimeAloneIsKeptAsText() throws {
        let html = try Self.page([
            #"<span data-testid="issue-timestamp.relative-time">2 hours ago</span>"#,
            #"<span data-testid="issue-timestamp.relative-time">Yesterday 9:05 AM</span>"#,
            #"<span data-testid="issue-timestamp.relative-time">Yesterday 11:42 AM</span>"#,
        ])
        let dir = try TempTree.write(["SUP-982.html": html])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TicketFixtures.read(dir + "/SUP-982.html")
        // Not every entry is dated: page order.
        #expect(
            r.messages.map(\.id) == ["jira:SUP-982#0", "jira:SUP-982#1", "jira:SUP-982#2", "jira:SUP-982#3"])
        #expect(r.messages.map { $0.date?.iso8601 ?? "-" } == ["2024-03-05T08:14:00+01:00", "-", "-", "-"])
        #expect(
            r.messages.map { $0.attributes["date_text"] ?? "-" } == [
                "-", "2 hours ago", "Yesterday 9:05 AM", "Yesterday 11:42 AM",
            ])
    }
}
