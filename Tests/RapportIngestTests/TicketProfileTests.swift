import Foundation
import RapportCore
import RapportIngest
import Testing

/// One fixture per built-in profile, written to match each product's markup; every field exact.
@Suite("Ticket profiles")
struct TicketProfileTests {
    struct Expected: Sendable, CustomStringConvertible {
        var id: String
        var from: String
        var organization: String?
        var date: String
        var channel: ChannelKind
        var role: String
        var text: String
        var quoted: Int = 0
        var description: String { id }
    }

    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var profile: String
        var subject: String
        var status: String?
        var priority: String?
        var tags: String?
        var read: Int
        var skipped: [String: Int] = [:]
        var messages: [Expected]
        var agents: [String: Int]
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(
            file: "freescout.html", profile: "freescout", subject: "Invoice shows the wrong VAT number",
            status: "Pending", tags: "billing,vat", read: 4, skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "freescout:1043#3", from: "priya.nair@ostrava-tools.example",
                    organization: "ostrava-tools.example", date: "2024-03-05T09:14:00+00:00", channel: .ticketPublic,
                    role: "requester",
                    text: "Hello,\n\nour invoice INV-2291 shows the wrong VAT number. Could you send a corrected one?"
                        + "\n\nThanks,"),
                Expected(
                    id: "freescout:1043#2", from: "ticket:lena vogel", date: "2024-03-05T11:20:00+00:00",
                    channel: .ticketInternal, role: "agent",
                    text: "Their VAT ID changed in February; the CRM still has the old one."),
                Expected(
                    id: "freescout:1043#0", from: "ticket:you", date: "2024-03-06T16:45:00+00:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Hi Priya,\n\nthe corrected invoice is attached. Sorry for the trouble!\n\nBest regards,",
                    quoted: 97),
            ], agents: ["ticket:lena vogel": 1, "ticket:you": 1]),
        Case(
            file: "zammad.html", profile: "zammad", subject: "Drucker druckt nur leere Seiten", status: "offen",
            priority: "2 normal", tags: "drucker", read: 4, skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "zammad:34100#0", from: "jana.novak@kanzlei-novak.example",
                    organization: "kanzlei-novak.example",
                    date: "2024-03-05T08:14:07+00:00", channel: .ticketPublic, role: "requester",
                    text: "Guten Tag,\n\nunser Drucker im 2. Stock druckt seit gestern nur leere Seiten.\n\n"
                        + "Mit freundlichen Grüßen"),
                Expected(
                    id: "zammad:34100#2", from: "ticket:karl huber", date: "2024-03-05T09:02:00+00:00",
                    channel: .ticketInternal, role: "agent", text: "Toner leer? Techniker fährt morgen hin."),
                Expected(
                    id: "zammad:34100#3", from: "support@printhaus.example", organization: "printhaus.example",
                    date: "2024-03-05T15:30:00+00:00", channel: .ticketPublic, role: "agent",
                    text: "Sehr geehrte Frau Novák,\n\nunser Techniker kommt morgen um 10 Uhr vorbei.", quoted: 63),
            ], agents: ["ticket:karl huber": 1, "support@printhaus.example": 1]),
        Case(
            file: "zendesk-print.html", profile: "zendesk-print", subject: "Export fails on large files",
            status: "Pending", priority: "High", tags: "export,enterprise", read: 4,
            messages: [
                Expected(
                    id: "zendesk:4821#0", from: "jane.roe@globex.com", organization: "globex.com",
                    date: "2024-03-05T10:14:00+01:00", channel: .ticketPublic, role: "requester",
                    text: "Hi team,\n\nOur nightly export fails for files over 2 GB since Monday."),
                Expected(
                    id: "zendesk:4821#1", from: "sam.lee@acme.io", organization: "acme.io",
                    date: "2024-03-05T11:02:00+01:00", channel: .ticketInternal, role: "agent",
                    text: "Same bug as #4700 – linking."),
                Expected(
                    id: "zendesk:4821#2", from: "sam.lee@acme.io", organization: "acme.io",
                    date: "2024-03-05T11:30:00+01:00", channel: .ticketPublic, role: "agent",
                    text: "Hello Jane, a fix ships on Thursday. We are sorry for the trouble."),
                Expected(
                    id: "zendesk:4821#3", from: "jane.roe@globex.com", organization: "globex.com",
                    date: "2024-04-02T08:05:00+02:00", channel: .ticketPublic, role: "requester",
                    text: "Still broken after the update.", quoted: 131),
            ], agents: ["sam.lee@acme.io": 2]),
        Case(
            file: "zendesk-agent-workspace.html", profile: "zendesk-agent-workspace",
            subject: "Export job fails nightly", read: 3,
            messages: [
                Expected(
                    id: "zendesk:4821#0", from: "ticket:jane roe", date: "2024-03-05T09:14:07+00:00",
                    channel: .ticketPublic, role: "requester", text: "Our nightly export fails since Monday.\n\nJane",
                    quoted: 44),
                Expected(
                    id: "zendesk:4821#1", from: "ticket:sam lee", date: "2024-03-05T10:02:00+00:00",
                    channel: .ticketInternal, role: "agent", text: "Same as #4700, linking."),
                Expected(
                    id: "zendesk:4821#2", from: "ticket:sam lee", date: "2024-03-05T10:30:00+00:00",
                    channel: .ticketPublic, role: "agent", text: "Hello Jane, a fix ships on Thursday."),
            ], agents: ["ticket:sam lee": 2]),
        Case(
            file: "zendesk-helpcenter.html", profile: "zendesk-helpcenter", subject: "Export fails on large files",
            status: "Open", priority: "High", read: 3,
            messages: [
                Expected(
                    id: "zendesk:4821#0", from: "ticket:jane roe", date: "2024-03-05T09:14:07+00:00",
                    channel: .ticketPublic, role: "requester",
                    text: "Hi,\n\nOur nightly export fails for files over 2 GB."),
                Expected(
                    id: "zendesk:4821#1", from: "ticket:sam lee", date: "2024-03-05T11:02:00+00:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Hello Jane,\n\nThanks for the report. Could you send the export log?"),
                Expected(
                    id: "zendesk:4821#2", from: "ticket:jane roe", date: "2024-03-06T08:30:00+00:00",
                    channel: .ticketPublic, role: "requester", text: "The log is attached.", quoted: 114),
            ], agents: ["ticket:sam lee": 1]),
        Case(
            file: "freshdesk.html", profile: "freshdesk", subject: "Password reset link expired", status: "Open",
            priority: "Urgent", read: 3,
            messages: [
                Expected(
                    id: "freshdesk:77#0", from: "li.wei@initech.example", organization: "initech.example",
                    date: "2024-03-05T14:44:00+05:30", channel: .ticketPublic, role: "requester",
                    text: "The reset link says it expired although I clicked it right away."),
                Expected(
                    id: "freshdesk:77#1", from: "ticket:sam lee", date: "2024-03-05T15:10:00+05:30",
                    channel: .ticketPublic, role: "agent", text: "Please try this new link; it is valid for 24 hours.",
                    quoted: 129),
                Expected(
                    id: "freshdesk:77#2", from: "ticket:sam lee", date: "2024-03-05T15:12:00+05:30",
                    channel: .ticketInternal, role: "agent", text: "Token TTL misconfigured in the EU cluster."),
            ], agents: ["ticket:sam lee": 2]),
        // Rewritten from Freshdesk's own portal template (support/tickets/show.portal in
        // Ramesh-Veeriaperumal/freshconsult) and its time_ago helper (`data-timeago`: Ruby's Time#to_s).
        Case(
            file: "freshdesk-portal.html", profile: "freshdesk", subject: "Invoice PDF is blank", status: "Pending",
            read: 3,
            messages: [
                Expected(
                    id: "freshdesk:1204#0", from: "ticket:olga petrova", date: "2024-03-05T09:14:00+01:00",
                    channel: .ticketPublic, role: "requester",
                    text: "The invoice PDF for February opens as a blank page."),
                Expected(
                    id: "freshdesk:1204#1", from: "ticket:tom becker", date: "2024-03-05T10:02:00+01:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Thanks Olga, we regenerated it. Could you try the link again?", quoted: 97),
                Expected(
                    id: "freshdesk:1204#2", from: "ticket:olga petrova", date: "2024-03-06T08:30:00+01:00",
                    channel: .ticketPublic, role: "requester", text: "It works now, thank you."),
            ], agents: ["ticket:tom becker": 1]),
        Case(
            file: "jira.html", profile: "jira", subject: "Login page times out", status: "In Progress",
            priority: "High", tags: "sso,enterprise", read: 4,
            messages: [
                Expected(
                    id: "jira:SUP-311#0", from: "ticket:jane roe", date: "2024-03-05T09:14:07+01:00",
                    channel: .ticketPublic, role: "requester",
                    text: "Since Monday the SSO login page times out after 30 seconds."),
                Expected(
                    id: "jira:SUP-311#1", from: "ticket:sam lee", date: "2024-03-05T11:20:00+01:00",
                    channel: .ticketPublic, role: "agent", text: "We rolled back the proxy change; please try again."),
                Expected(
                    id: "jira:SUP-311#2", from: "ticket:sam lee", date: "2024-03-05T11:45:00+01:00",
                    channel: .ticketInternal, role: "agent", text: "Proxy timeout was 30s instead of 300s."),
                Expected(
                    id: "jira:SUP-311#3", from: "ticket:jane roe", date: "2024-03-06T09:02:00+01:00",
                    channel: .ticketPublic, role: "requester", text: "Works now."),
            ], agents: ["ticket:sam lee": 2]),
        Case(
            file: "osticket-print.html", profile: "osticket-print", subject: "Facture erronée", status: "Open",
            priority: "Emergency", read: 4,
            messages: [
                Expected(
                    id: "osticket:702318#0", from: "rene.dupre@laposte.example", organization: "laposte.example",
                    date: "2024-03-05T09:14:00+00:00", channel: .ticketPublic, role: "requester",
                    text: "Bonjour, la facture de février est fausse."),
                Expected(
                    id: "osticket:702318#1", from: "ticket:sam lee", date: "2024-03-05T14:40:00+00:00",
                    channel: .ticketPublic, role: "agent", text: "We are correcting the invoice today."),
                Expected(
                    id: "osticket:702318#2", from: "ticket:sam lee", date: "2024-03-05T14:45:00+00:00",
                    channel: .ticketInternal, role: "agent",
                    text: "Customer was double charged; refund approved by finance."),
                Expected(
                    id: "osticket:702318#3", from: "rene.dupre@laposte.example", organization: "laposte.example",
                    date: "2024-03-06T08:05:00+00:00", channel: .ticketPublic, role: "requester",
                    text: "Merci beaucoup !", quoted: 79),
            ], agents: ["ticket:sam lee": 2]),
        Case(
            file: "osticket.html", profile: "osticket", subject: "Factura duplicada en marzo", status: "Open", read: 3,
            messages: [
                Expected(
                    id: "osticket:482113#0", from: "marta.quispe@andescargo.example",
                    organization: "andescargo.example", date: "2026-03-05T14:14:02+00:00", channel: .ticketPublic,
                    role: "requester",
                    text: "Buenos días,\n\nnos cobraron dos veces la factura de marzo. ¿Pueden revisarlo?\n\nGracias"),
                Expected(
                    id: "osticket:482113#1", from: "ticket:luis herrera", date: "2026-03-05T15:02:10+00:00",
                    channel: .ticketInternal, role: "agent",
                    text: "El cobro doble viene de la pasarela; pedí el reembolso."),
                Expected(
                    id: "osticket:482113#2", from: "ticket:luis herrera", date: "2026-03-05T15:10:43+00:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Estimada Marta, ya solicitamos el reembolso del segundo cobro.\n\nAtentamente."),
            ], agents: ["ticket:luis herrera": 2]),
        Case(
            file: "gitlab-issue.html", profile: "gitlab-issue", subject: "Export stops at 2 GB", status: "Open",
            read: 5,
            skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "gitlab:311#0", from: "ticket:carla kowalski", date: "2024-03-05T08:14:07+00:00",
                    channel: .ticketPublic, role: "requester",
                    text: "Our nightly export stops at exactly 2 GB since the 3.1 upgrade.\n\nLog attached."),
                Expected(
                    id: "gitlab:311#2", from: "ticket:sam lee", date: "2024-03-05T09:02:00+00:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Thanks, we can reproduce it: the writer uses a 32-bit offset."),
                Expected(
                    id: "gitlab:311#3", from: "ticket:sam lee", date: "2024-03-05T09:05:00+00:00",
                    channel: .ticketInternal, role: "agent", text: "Customer is on the enterprise plan, prioritise."),
                Expected(
                    id: "gitlab:311#4", from: "ticket:carla kowalski", date: "2024-03-06T07:30:00+00:00",
                    channel: .ticketPublic, role: "requester", text: "Great, when will the fix ship?", quoted: 31),
            ], agents: ["ticket:sam lee": 2]),
        Case(
            file: "jira-cloud.html", profile: "jira-cloud", subject: "Invoices export times out", read: 4,
            messages: [
                Expected(
                    id: "jira:SUP-982#0", from: "ticket:tomas lind", date: "2024-03-05T08:14:00+01:00",
                    channel: .ticketPublic, role: "requester",
                    text:
                        "The invoices export stops with a timeout after 60 seconds since Monday.\n\nAccount: Borealis Shipping"
                ),
                Expected(
                    id: "jira:SUP-982#2", from: "ticket:tomas lind", date: "2024-03-06T09:05:00+01:00",
                    channel: .ticketPublic, role: "requester", text: "It also fails for February. Any news?"),
                Expected(
                    id: "jira:SUP-982#3", from: "ticket:nina berg", date: "2024-03-06T11:42:00+01:00",
                    channel: .ticketPublic, role: "agent", text: "We are on it and will update you today."),
                Expected(
                    id: "jira:SUP-982#1", from: "ticket:nina berg", date: "2024-03-07T16:20:00+01:00",
                    channel: .ticketInternal, role: "agent",
                    text: "Root cause: the report query scans all years. Ticket for the DB team filed."),
            ], agents: ["ticket:nina berg": 2]),
        Case(
            file: "request-tracker.html", profile: "request-tracker", subject: "Sync drops attachments",
            status: "open", priority: "50/50", read: 4, skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "rt:4711#0", from: "jane.roe@globex.com", organization: "globex.com",
                    date: "2024-03-05T09:14:07+00:00", channel: .ticketPublic, role: "requester",
                    text: "Attachments over 10 MB vanish after the nightly sync."),
                Expected(
                    id: "rt:4711#2", from: "sam.lee@acme.io", organization: "acme.io",
                    date: "2024-03-05T11:20:00+00:00", channel: .ticketPublic, role: "agent",
                    text: "Reproduced on staging; a fix ships tomorrow.", quoted: 55),
                Expected(
                    id: "rt:4711#3", from: "sam.lee@acme.io", organization: "acme.io",
                    date: "2024-03-05T11:25:00+00:00", channel: .ticketInternal, role: "agent",
                    text: "Needs the storage team."),
            ], agents: ["sam.lee@acme.io": 2]),
        Case(
            file: "redmine.html", profile: "redmine", subject: "Sync drops attachments", status: "In Progress",
            priority: "High", read: 5, skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "redmine:1042#0", from: "ticket:jane roe", date: "2024-03-05T09:14:00+00:00",
                    channel: .ticketPublic, role: "requester",
                    text: "Attachments over 10 MB vanish after the nightly sync."),
                Expected(
                    id: "redmine:1042#1", from: "ticket:sam lee", date: "2024-03-05T11:20:00+00:00",
                    channel: .ticketPublic, role: "agent", text: "Reproduced on staging; a fix is on the way."),
                Expected(
                    id: "redmine:1042#3", from: "ticket:priya natarajan", date: "2024-03-05T16:45:00+00:00",
                    channel: .ticketInternal, role: "agent", text: "Root cause is the chunked upload timeout."),
                Expected(
                    id: "redmine:1042#4", from: "ticket:jane roe", date: "2024-03-06T10:00:00+00:00",
                    channel: .ticketPublic, role: "requester", text: "Thanks, confirmed fixed on our side."),
            ], agents: ["ticket:priya natarajan": 1, "ticket:sam lee": 1]),
        Case(
            file: "bugzilla.html", profile: "bugzilla", subject: "Crash when importing CSV with BOM",
            status: "ASSIGNED",
            priority: "P2", read: 3,
            messages: [
                Expected(
                    id: "bugzilla:1234#0", from: "jane.roe@globex.com", organization: "globex.com",
                    date: "2024-03-05T09:14:07-08:00", channel: .ticketPublic, role: "requester",
                    text: "Importing a CSV that starts with a UTF-8 BOM crashes the importer.\n"
                        + "Steps: upload the attached file."),
                Expected(
                    id: "bugzilla:1234#1", from: "sam.lee@acme.io", organization: "acme.io",
                    date: "2024-03-05T11:20:00-08:00", channel: .ticketPublic, role: "agent",
                    text: "Confirmed. Patch coming.", quoted: 108),
                Expected(
                    id: "bugzilla:1234#2", from: "priya@acme.io", organization: "acme.io",
                    date: "2024-03-06T10:00:00-08:00", channel: .ticketInternal, role: "agent",
                    text: "Customer is on the enterprise plan; prioritize."),
            ], agents: ["priya@acme.io": 1, "sam.lee@acme.io": 1]),
        // WebKit's Bugzilla (round-2 triage): comments in divs, not span/pre; a hidden pre in the summary.
        Case(
            file: "bugzilla-divs.html", profile: "bugzilla", subject: "Crash on save", read: 2,
            messages: [
                Expected(
                    id: "bugzilla:42#0", from: "ticket:ann reporter", date: "2023-02-05T09:38:07-08:00",
                    channel: .ticketPublic, role: "requester", text: "The editor crashes every time I press save."),
                Expected(
                    id: "bugzilla:42#1", from: "ticket:dev person", date: "2023-02-06T16:33:31-08:00",
                    channel: .ticketPublic, role: "agent", text: "Thanks, fixed in the next build."),
            ], agents: ["ticket:dev person": 1]),
        Case(
            file: "github-issue.html", profile: "github-issue", subject: "Webhook retries flood the endpoint",
            status: "Open", tags: "bug,webhooks", read: 2,
            messages: [
                Expected(
                    id: "github:311#0", from: "ticket:janeroe", date: "2024-03-05T09:14:07+00:00",
                    channel: .ticketPublic, role: "requester",
                    text: "Each failed delivery is retried 50 times within a minute."),
                Expected(
                    id: "github:311#1", from: "ticket:samlee", date: "2024-03-05T11:20:00+00:00",
                    channel: .ticketPublic, role: "agent", text: "Thanks! Backoff is fixed in v2.4.1.", quoted: 57),
            ], agents: ["ticket:samlee": 1]),
        Case(
            file: "github-issue-react.html", profile: "github-issue-react", subject: "Export fails with disk full",
            status: "Open", tags: "bug,export", read: 3,
            messages: [
                Expected(
                    id: "github:4821#0", from: "ticket:carlc", date: "2024-03-05T09:14:07+00:00",
                    channel: .ticketPublic, role: "requester",
                    text:
                        "Since 2.3 the nightly export stops with ENOSPC.\n\nSteps: run rapport export on a 10 GB corpus."
                ),
                Expected(
                    id: "github:4821#1", from: "ticket:annm", date: "2024-03-05T10:02:00+00:00",
                    channel: .ticketPublic, role: "agent", text: "Thanks, we can reproduce it. A fix is in review."),
                Expected(
                    id: "github:4821#2", from: "ticket:carlc", date: "2024-03-06T08:30:00+00:00",
                    channel: .ticketPublic, role: "requester", text: "Great, when will it ship?", quoted: 19),
            ], agents: ["ticket:annm": 1]),
        // Written to the activity-stream markup that userscripts and scrapers of the UI16 form read
        // (newest first; a field-change entry is a system event).
        Case(
            file: "servicenow.html", profile: "servicenow", subject: "VPN drops every hour", read: 4,
            skipped: ["ticket-system-event": 1],
            messages: [
                Expected(
                    id: "servicenow:INC0010042#3", from: "ticket:olga petrova", date: "2024-03-05T09:14:07+00:00",
                    channel: .ticketPublic, role: "requester", text: "My VPN connection drops every hour since Monday."),
                Expected(
                    id: "servicenow:INC0010042#1", from: "ticket:tom becker", date: "2024-03-05T10:30:00+00:00",
                    channel: .ticketPublic, role: "agent",
                    text: "Hello Olga, we are looking into it. Does it also happen on the office network?"),
                Expected(
                    id: "servicenow:INC0010042#0", from: "ticket:tom becker", date: "2024-03-05T11:02:00+00:00",
                    channel: .ticketInternal, role: "agent",
                    text: "Gateway logs show the tunnel timing out after 3600 s."),
            ], agents: ["ticket:tom becker": 2]),
        Case(
            file: "helpscout.html", profile: "helpscout", subject: "Refund for duplicate charge", status: "Active",
            tags: "refund,vip", read: 3,
            messages: [
                Expected(
                    id: "helpscout:88213#0", from: "jane.roe@globex.com", organization: "globex.com",
                    date: "2024-03-05T09:14:00-05:00", channel: .ticketPublic, role: "requester",
                    text: "I was charged twice for March.", quoted: 89),
                Expected(
                    id: "helpscout:88213#1", from: "sam@acme.io", organization: "acme.io",
                    date: "2024-03-05T10:02:00-05:00", channel: .ticketInternal, role: "agent",
                    text: "Checked Stripe: duplicate confirmed."),
                Expected(
                    id: "helpscout:88213#2", from: "sam@acme.io", organization: "acme.io",
                    date: "2024-07-08T16:30:00-04:00", channel: .ticketPublic, role: "agent",
                    text: "We refunded the second charge."),
            ], agents: ["sam@acme.io": 2]),
    ]

    @Test(arguments: cases)
    func fixture(_ c: Case) throws {
        let r = try TicketFixtures.read(TicketFixtures.path(c.file))
        #expect(r.summary.files == 1)
        #expect(r.summary.read == c.read)
        #expect(r.summary.emitted == c.messages.count)
        #expect(r.summary.skipped == c.skipped)
        #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal)
        #expect(r.messages.map(\.id) == c.messages.map(\.id))
        var previous: String?
        for (m, e) in zip(r.messages, c.messages) {
            #expect(m.source == .ticket)
            #expect(m.thread == String(e.id.split(separator: "#")[0]))
            #expect(m.parent == previous, "\(e.id)")
            previous = m.id
            #expect(m.from.id == e.from, "\(e.id)")
            #expect(m.from.organization == e.organization, "\(e.id)")
            #expect(m.date?.iso8601 == e.date, "\(e.id)")
            #expect(m.channel == e.channel, "\(e.id)")
            #expect(m.attributes["author_role"] == e.role, "\(e.id)")
            #expect(m.attributes["ticket_profile"] == c.profile, "\(e.id)")
            #expect(m.attributes["status"] == c.status, "\(e.id)")
            #expect(m.attributes["priority"] == c.priority, "\(e.id)")
            #expect(m.attributes["tags"] == c.tags, "\(e.id)")
            #expect(m.subject == c.subject, "\(e.id)")
            #expect(m.text == e.text, "\(e.id)")
            #expect(m.quotedChars == e.quoted, "\(e.id)")
            #expect(m.direction == .unknown)
        }
        #expect(r.evidence.senders == c.agents)
    }

    @Test func everyBuiltInProfileLoadsAndHasAFixture() throws {
        let profiles = try TicketProfile.loadAll(directory: TicketFixtures.profiles)
        #expect(
            profiles.map(\.name) == [
                "bugzilla", "freescout", "freshdesk", "github-issue-react", "github-issue", "gitlab-issue", "glpi",
                "helpscout", "jira-cloud", "jira", "mantisbt",
                "osticket-print", "osticket", "redmine", "request-tracker", "servicenow", "trac", "zammad",
                "zendesk-agent-workspace", "zendesk-helpcenter", "zendesk-print", "znuny",
            ])
        // Round 6's profiles have their fixtures and exact expectations in TicketRealWorldRound6Tests.
        let covered = Set(Self.cases.map(\.profile)).union(TicketRealWorldRound6Tests.profiles)
        for p in profiles { #expect(covered.contains(p.name), "\(p.name) has no fixture") }
    }

    /// Each fixture is recognized by exactly its own profile (no profile claims another's page).
    @Test func detectionIsExclusive() throws {
        let profiles = try TicketProfile.loadAll(directory: TicketFixtures.profiles)
        for c in Self.cases {
            for p in profiles {
                let r = try TicketFixtures.read(
                    TicketFixtures.path(c.file), reader: TicketReader(profileDirectory: singleProfileDir(p.name)))
                let matched = r.messages.first?.attributes["ticket_profile"] == p.name
                #expect(matched == (p.name == c.profile), "\(p.name) on \(c.file)")
            }
        }
    }

    private func singleProfileDir(_ name: String) throws -> String {
        let dir = URL(fileURLWithPath: TestTemp.root + "/profile-" + name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent(name + ".json")
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.copyItem(
                atPath: TicketFixtures.profiles + "/" + name + ".json", toPath: target.path)
        }
        return dir.path
    }
}
