import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportIngest

/// Round 3 of the real-world triage for HTML tickets (2026-12-07): cheap profile detection (a byte
/// prefilter per profile before its `detect` XPath).
@Suite struct TicketRealWorldRound3Tests {
    static let pages: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TicketFixtures.directory)) ?? []
        return names.filter { $0.hasSuffix(".html") }.sorted()
    }()

    /// The prefilter is exact: on every fixture page, every built-in profile whose `detect` holds also
    /// passes its prefilter (so skipping the XPath of a profile that fails it never changes which profile
    /// is chosen), and every built-in profile declares one.
    @Test(arguments: pages) func prefilterNeverRejectsAMatch(name: String) throws {
        let profiles = try TicketProfile.loadAll(directory: TicketFixtures.profiles)
        #expect(profiles.count == 22)
        #expect(profiles.allSatisfy { $0.prefilter?.isEmpty == false })
        let raw = try FileBytes.read(TicketFixtures.path(name), limit: Int.max)
        let bytes = TicketCharset.utf8(raw).bytes
        let doc = try HTMLDocument(bytes: bytes, encoding: "UTF-8", url: name)
        let extractor = TicketExtractor(doc: doc, path: name)
        for p in profiles {
            let passes = bytes.withUnsafeBytes { p.passesPrefilter($0) }
            if try extractor.matches(p) { #expect(passes, "\(name): \(p.name) matches but fails its prefilter") }
        }
    }

    /// How many profiles' XPath a page is spared: the fixture pages of the profiles read later in file
    /// order pass few other profiles' prefilters.
    @Test func prefilterPassesFewProfiles() throws {
        let profiles = try TicketProfile.loadAll(directory: TicketFixtures.profiles)
        var passing: [String: [String]] = [:]
        for name in Self.pages {
            let bytes = TicketCharset.utf8(try FileBytes.read(TicketFixtures.path(name), limit: Int.max)).bytes
            passing[name] = bytes.withUnsafeBytes { page in profiles.filter { $0.passesPrefilter(page) }.map(\.name) }
        }
        #expect(Self.pages.count == 31)
        #expect(passing["zendesk-print.html"] == ["zendesk-print"])
        #expect(passing["freescout.html"] == ["freescout", "helpscout"])
        #expect(passing["zammad.html"] == ["zammad"])
        #expect(passing["generic-unknown.html"] == [])
        for own in ["glpi", "mantisbt", "trac", "znuny"] { #expect(passing[own + ".html"] == [own]) }
        // 32 of the 31 × 22 = 682 (page, profile) pairs pass: only those may run detect XPath.
        let total = passing.values.reduce(0) { $0 + $1.count }
        #expect(total == 32)
    }

    /// A prefilter literal must be part of a `detect` expression: a typo would silently disable the profile.
    @Test func prefilterLiteralOutsideDetectIsRejected() throws {
        let json = """
            {"name": "x", "product": "x", "detect": ["//div[has-class('post')]"], "prefilter": ["posts"],
             "entries": "//div[has-class('post')]", "entry": {"author": ".//b", "body": "."}}
            """
        let path = try TicketFixtures.temporary(Array(json.utf8), name: "prefilter-typo.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do throws(RapportError) {
            _ = try TicketProfile.load(file: path)
            Issue.record("loaded a profile whose prefilter is not in detect")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message == "profile x: prefilter[0] 'posts' does not occur in any detect expression")
        }
    }

    /// Profiles are loaded once per process, and again when the file's bytes change.
    @Test func loadedProfileFollowsFileChanges() throws {
        func json(_ name: String) -> [UInt8] {
            Array(
                """
                {"name": "\(name)", "product": "x", "detect": ["//div[has-class('post')]"], "prefilter": ["post"],
                 "entries": "//div[has-class('post')]", "entry": {"author": ".//b", "body": "."}}
                """.utf8)
        }
        let path = try TicketFixtures.temporary(json("first"), name: "reloaded.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TicketProfile.load(file: path).name == "first")
        #expect(try TicketProfile.load(file: path).name == "first")
        try Data(json("second")).write(to: URL(fileURLWithPath: path))
        #expect(try TicketProfile.load(file: path).name == "second")
    }

    /// Alternatives: an item that is a list holds when any one of its literals occurs.
    @Test func prefilterAlternatives() throws {
        var p = TicketProfile(
            name: "x", product: "x", detect: ["//*[@id='a-one'] or //*[@id='b-two']"], entries: "//div",
            entry: .init(author: ".//b", body: "."))
        p.prefilter = [TicketProfile.Choice(["a-one", "b-two"])]
        func passes(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes { p.passesPrefilter($0) } }
        #expect(passes("<div id=\"b-two\">"))
        #expect(passes("<div id=a-one>"))
        #expect(!passes("<div id=\"c-three\">"))
        p.prefilter = nil
        #expect(passes("<div>"))
    }
}
