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

    /// Individual roles count in a signature block (stakeholder maps need the analysts and engineers too),
    /// not in running text; owners and managing directors rank with the C-level.
    @Test(
        "individual roles and owners",
        arguments: [
            ("Lukas Brenner\nOperations Analyst\nKestrel Freight GmbH", "Operations Analyst"),
            ("Mia\nSenior Data Engineer | Northwind", "Senior Data Engineer"),
            ("Ana\nProcurement Specialist at Acme", "Procurement Specialist"),
            ("Jo\nOwner, Jo's Bakery", "Owner, Jo's Bakery"),
        ])
    func individualRoles(signature: String, expected: String) {
        #expect(TextFeatures.title(text: "Thanks.", signature: signature) == expected)
    }

    @Test("ranks")
    func ranks() {
        #expect(TextFeatures.titleRank("Managing Director") == 5)
        #expect(TextFeatures.titleRank("Owner") == 5)
        #expect(TextFeatures.titleRank("Product Owner") == 1)
        #expect(TextFeatures.titleRank("Customer Support Supervisor") == 2)
        #expect(TextFeatures.titleRank("Operations Analyst") == 1)
        #expect(TextFeatures.titleRank("Kestrel Freight GmbH") == 0)
    }

    @Test("an individual role in running text is not a title line")
    func runningText() {
        #expect(TextFeatures.title(text: "Thanks for the call\nour engineer will look at it", signature: nil) == nil)
        #expect(TextFeatures.title(text: "Thanks\nSam\nIT Service Manager", signature: nil) == "IT Service Manager")
    }

    @Test("a line without a title word gives no title")
    func noTitle() {
        #expect(TextFeatures.title(text: "Thanks.", signature: "Sam Lee | Northwind\n+1 555 0100") == nil)
    }
}
