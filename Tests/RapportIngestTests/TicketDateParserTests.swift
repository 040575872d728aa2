import RapportCore
import RapportIngest
import Testing

@Suite("Ticket date parser")
struct TicketDateParserTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var formats: [String] = []
        var zone: String?
        var dayFirst = false
        var expected: String?
        var description: String { text }
    }

    static let cases: [Case] = [
        // ISO 8601 in datetime= attributes
        Case(text: "2024-03-05T09:14:07Z", expected: "2024-03-05T09:14:07+00:00"),
        Case(text: "2024-03-05T11:20:00+0100", expected: "2024-03-05T11:20:00+01:00"),
        Case(text: "2024-03-05T14:44:00+05:30", expected: "2024-03-05T14:44:00+05:30"),
        Case(text: "2024-03-05T09:14:07.250-08:00", expected: "2024-03-05T09:14:07.250000-08:00"),
        Case(text: "2024-03-05 09:14", zone: "+02:00", expected: "2024-03-05T09:14:00+02:00"),
        Case(text: "2024-03-05", expected: "2024-03-05T00:00:00+00:00"),
        // Epoch seconds and milliseconds
        Case(text: "1709630047", expected: "2024-03-05T09:14:07+00:00"),
        Case(text: "1709630047250", zone: "+01:00", expected: "2024-03-05T10:14:07.250000+01:00"),
        // Profile formats
        Case(
            text: "Mar 5, 2024 10:14", formats: ["MMM d, yyyy HH:mm"], zone: "+01:00",
            expected: "2024-03-05T10:14:00+01:00"),
        Case(text: "03/05/2024 2:40 pm", formats: ["MM/dd/yyyy h:mm a"], expected: "2024-03-05T14:40:00+00:00"),
        Case(text: "12/05/2024 12:05 AM", formats: ["MM/dd/yyyy hh:mm a"], expected: "2024-12-05T00:05:00+00:00"),
        Case(text: "05/Mar/24 11:45 AM", formats: ["dd/MMM/yy h:mm a"], expected: "2024-03-05T11:45:00+00:00"),
        Case(
            text: "Tue Mar 05 09:14:07 2024", formats: ["EEE MMM dd HH:mm:ss yyyy"],
            expected: "2024-03-05T09:14:07+00:00"),
        Case(
            text: "2024-03-05 09:14:07 PST", formats: ["yyyy-MM-dd HH:mm:ss z"], expected: "2024-03-05T09:14:07-08:00"),
        Case(
            text: "Tue, 5 Mar, 2024 at 3:10 PM", formats: ["EEE, d MMM, yyyy 'at' h:mm a"], zone: "+05:30",
            expected: "2024-03-05T15:10:00+05:30"),
        Case(
            text: "Mar 5, 2024 9:14am", formats: ["MMM d, yyyy h:mma"], zone: "America/New_York",
            expected: "2024-03-05T09:14:00-05:00"),
        Case(
            text: "Jul 8, 2024 4:30pm", formats: ["MMM d, yyyy h:mma"], zone: "America/New_York",
            expected: "2024-07-08T16:30:00-04:00"),
        // A zone in the text beats the default; a trailing zone the pattern did not name is still read.
        Case(
            text: "Mar 5, 2024 10:14 CET", formats: ["MMM d, yyyy HH:mm"], zone: "-05:00",
            expected: "2024-03-05T10:14:00+01:00"),
        Case(text: "Mar 5, 2024 10:14 UTC+2", formats: ["MMM d, yyyy HH:mm"], expected: "2024-03-05T10:14:00+02:00"),
        // Heuristics without a format
        Case(text: "March 5th, 2024 at 3:04 PM", expected: "2024-03-05T15:04:00+00:00"),
        Case(text: "12 March 2024 14:05", zone: "Europe/Berlin", expected: "2024-03-12T14:05:00+01:00"),
        Case(text: "12 July 2024 14:05", zone: "Europe/Berlin", expected: "2024-07-12T14:05:00+02:00"),
        Case(text: "Friday, 5 April 2024 08:00 (EDT)", expected: "2024-04-05T08:00:00-04:00"),
        Case(text: "2024/03/05 9:14", expected: "2024-03-05T09:14:00+00:00"),
        Case(text: "05.03.2024 09:14", dayFirst: true, expected: "2024-03-05T09:14:00+00:00"),
        Case(text: "03/04/2024", expected: "2024-03-04T00:00:00+00:00"),
        Case(text: "03/04/2024", dayFirst: true, expected: "2024-04-03T00:00:00+00:00"),
        Case(text: "25/12/2023 18:30 +0000", expected: "2023-12-25T18:30:00+00:00"),
        Case(text: "5. März 2024 10:00", zone: "Europe/Berlin", expected: "2024-03-05T10:00:00+01:00"),
        Case(text: "5 août 2024 10:00", zone: "+02:00", expected: "2024-08-05T10:00:00+02:00"),
        // Not dates
        Case(text: "", expected: nil),
        Case(text: "about 2 hours ago", expected: nil),
        Case(text: "Reply", expected: nil),
        Case(text: "2024-13-05T10:00:00Z", expected: nil),
        Case(text: "Feb 30, 2024 10:00", formats: ["MMM d, yyyy HH:mm"], expected: nil),
        Case(text: "Feb 29, 2024 10:00", formats: ["MMM d, yyyy HH:mm"], expected: "2024-02-29T10:00:00+00:00"),
        Case(text: "99:99 March 2024", expected: nil),
        Case(text: String(repeating: "9", count: 500), expected: nil),
    ]

    @Test(arguments: cases)
    func parse(_ c: Case) {
        let parser = TicketDateParser(
            formats: c.formats, zone: c.zone.flatMap(TicketTimeZone.init), dayFirst: c.dayFirst)
        #expect(parser.parse(c.text)?.iso8601 == c.expected)
    }

    @Test func zoneInTextIsReported() {
        let p = TicketDateParser(zone: .offset(3600))
        #expect(p.parseDetailed("2024-03-05T10:00:00Z")?.zoneInText == true)
        #expect(p.parseDetailed("2024-03-05 10:00 PST")?.zoneInText == true)
        #expect(p.parseDetailed("2024-03-05 10:00")?.zoneInText == false)
    }

    @Test func timeZoneNames() {
        #expect(TicketTimeZone("UTC") == .offset(0))
        #expect(TicketTimeZone("+05:30") == .offset(19_800))
        #expect(TicketTimeZone("-0800") == .offset(-28_800))
        #expect(TicketTimeZone("PDT") == .offset(-25_200))
        #expect(TicketTimeZone("Europe/Paris") == .named("Europe/Paris"))
        #expect(TicketTimeZone("Mars/Olympus") == nil)
        #expect(TicketTimeZone("") == nil)
    }

    /// Zendesk-style labels name a place: dates get that place's offset on their own day (daylight saving).
    @Test func helpdeskZoneLabels() {
        #expect(TicketTimeZone("(GMT+01:00) Berlin") == .named("Europe/Berlin"))
        #expect(TicketTimeZone("(GMT-05:00) Eastern Time (US & Canada)") == .named("America/New_York"))
        #expect(TicketTimeZone("(GMT+10:00) Canberra") == .named("Australia/Sydney"))
        #expect(TicketTimeZone("(GMT+05:30) New Delhi") == .named("Asia/Kolkata"))
        #expect(TicketTimeZone("(GMT+00:00) London") == .named("Europe/London"))
        // Unknown place or an offset that does not fit the place: the label's fixed offset.
        #expect(TicketTimeZone("(GMT+01:00) Atlantis") == .offset(3600))
        #expect(TicketTimeZone("(GMT+03:00) Berlin") == .offset(10_800))
        #expect(TicketTimeZone("(GMT+01:00") == nil)
        let berlin = TicketDateParser(formats: ["MMM d, yyyy HH:mm"], zone: TicketTimeZone("(GMT+01:00) Berlin"))
        #expect(berlin.parse("Mar 5, 2024 10:14")?.iso8601 == "2024-03-05T10:14:00+01:00")
        #expect(berlin.parse("Apr 2, 2024 08:05")?.iso8601 == "2024-04-02T08:05:00+02:00")
    }
}
