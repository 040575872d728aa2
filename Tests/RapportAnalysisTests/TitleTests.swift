import Testing

@testable import RapportAnalysis

@Suite("Titles from signatures")
struct TitleTests {
    @Test(
        "the role is kept apart from the company or the name beside it",
        arguments: [
            ("Greg Morrison\nVP Operations | Harbourline Retail\n206-555-0119", "VP Operations"),
            ("Dana\nGreg Morrison · Head of Data", "Head of Data"),
            ("Lukas\nCTO at Kestrel Freight", "CTO"),
            ("Sam\nHead of IT @ Northwind", "Head of IT"),
            ("Sam\nNorthwind | Sam Lee | Director of Finance | +1 555 0100", "Director of Finance"),
            ("Sam\nDirector, Product Marketing", "Director, Product Marketing"),
            ("Sam\nDirector – EMEA Sales", "Director – EMEA Sales"),
            ("Sam\nIT Service Manager", "IT Service Manager"),
            ("Sam\nAcme • Chief Revenue Officer", "Chief Revenue Officer"),
        ])
    func rolePart(signature: String, expected: String) {
        #expect(TextFeatures.title(text: "Thanks.", signature: signature) == expected)
    }

    @Test("a line without a title word gives no title")
    func noTitle() {
        #expect(TextFeatures.title(text: "Thanks.", signature: "Sam Lee | Northwind\n+1 555 0100") == nil)
    }
}
