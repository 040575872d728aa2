internal import CLibXML2
public import RapportCore

/// A parsed HTML document (libxml2's HTML parser: recover, no network, no errors printed).
///
/// libxml2 state never leaves this type: nodes are handles valid while the document lives, and
/// everything read from them is copied into Swift strings at once. Not thread-safe; one per task.
public final class HTMLDocument {
    private let doc: htmlDocPtr
    /// One XPath context per document (creating one registers every XPath function in a new hash
    /// table: that was a tenth of a ticket page's reading time).
    private var xpathContext: xmlXPathContextPtr?
    /// Compiled expressions by source text: ticket profiles run the same few expressions per entry.
    private var compiled: [String: xmlXPathCompExprPtr] = [:]

    /// Parses UTF-8 (or `encoding`-declared) HTML bytes. Broken markup is recovered; only an
    /// empty or unparseable input fails.
    public convenience init(
        bytes: UnsafeBufferPointer<UInt8>, encoding: String? = nil, url: String = "input.html"
    )
        throws(RapportError)
    {
        self.init(parsed: try HTMLDocument.parse(bytes, encoding: encoding, url: url))
    }

    private init(parsed: htmlDocPtr) { doc = parsed }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, url: String
    ) throws(RapportError)
        -> htmlDocPtr
    {
        HTMLDocument.initializeOnce
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count <= Int(Int32.max) else {
            throw RapportError(.malformedInput, "empty or oversized HTML input", file: url)
        }
        let parsed = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { p in
            htmlReadMemory(p, Int32(bytes.count), url, encoding ?? "UTF-8", Int32(rapport_html_parse_options()))
        }
        guard let parsed else { throw RapportError(.malformedInput, "HTML could not be parsed", file: url) }
        return parsed
    }

    /// Parses HTML held in a byte array.
    public convenience init(bytes: [UInt8], encoding: String? = nil, url: String = "input.html") throws(RapportError) {
        let parsed: htmlDocPtr = try bytes.withUnsafeBufferPointer { buf throws(RapportError) in
            try HTMLDocument.parse(buf, encoding: encoding, url: url)
        }
        self.init(parsed: parsed)
    }

    /// Parses an HTML string.
    public convenience init(string: String, url: String = "input.html") throws(RapportError) {
        try self.init(bytes: Array(string.utf8), encoding: "UTF-8", url: url)
    }

    deinit {
        for (_, c) in compiled { xmlXPathFreeCompExpr(c) }
        if let xpathContext { xmlXPathFreeContext(xpathContext) }
        xmlFreeDoc(doc)
    }

    /// Evaluates `xpath` with `context` (or the document) as the context node; the caller frees the result.
    private func evaluate(_ xpath: String, from context: HTMLNode?) throws(RapportError) -> xmlXPathObjectPtr {
        if xpathContext == nil {
            xpathContext = xmlXPathNewContext(doc)
            if let ctx = xpathContext { rapport_xpath_register(ctx) }
        }
        guard let ctx = xpathContext else { throw RapportError(.system, "libxml2 XPath context failed") }
        let expression: xmlXPathCompExprPtr
        if let c = compiled[xpath] {
            expression = c
        } else {
            guard
                let c = xpath.withCString({
                    xmlXPathCtxtCompile(ctx, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self))
                })
            else { throw RapportError(.invalidConfiguration, "invalid XPath expression: \(xpath)") }
            compiled[xpath] = c
            expression = c
        }
        ctx.pointee.node = context?.raw
        ctx.pointee.contextSize = -1
        ctx.pointee.proximityPosition = -1
        guard let obj = xmlXPathCompiledEval(expression, ctx) else {
            throw RapportError(.invalidConfiguration, "invalid XPath expression: \(xpath)")
        }
        return obj
    }

    /// `xmlInitParser` must run once before threads use libxml2.
    private static let initializeOnce: Void = { xmlInitParser() }()

    /// The root element, if any.
    public var root: HTMLNode? { xmlDocGetRootElement(doc).map { HTMLNode(raw: $0) } }

    /// Evaluates an XPath expression (relative to `context`, or the document) and returns element and
    /// text nodes in document order. Invalid expressions throw.
    public func select(_ xpath: String, from context: HTMLNode? = nil) throws(RapportError) -> [HTMLNode] {
        let obj = try evaluate(xpath, from: context)
        defer { xmlXPathFreeObject(obj) }
        guard let set = obj.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(Int(set.pointee.nodeNr))
        for i in 0..<Int(set.pointee.nodeNr) {
            if let n = set.pointee.nodeTab[i] { nodes.append(HTMLNode(raw: n)) }
        }
        return nodes
    }

    /// Evaluates an XPath expression to a string (e.g. `string(//title)`, `count(//p)`).
    public func evaluateString(_ xpath: String, from context: HTMLNode? = nil) throws(RapportError) -> String {
        let obj = try evaluate(xpath, from: context)
        defer { xmlXPathFreeObject(obj) }
        guard let s = xmlXPathCastToString(obj) else { return "" }
        defer { rapport_xml_free(s) }
        return String(cString: s)
    }
}

/// A node of an ``HTMLDocument``; valid only while its document is alive.
public struct HTMLNode: @unchecked Sendable, Hashable {
    let raw: xmlNodePtr

    init(raw: xmlNodePtr) { self.raw = raw }

    public static func == (a: HTMLNode, b: HTMLNode) -> Bool { a.raw == b.raw }
    public func hash(into h: inout Hasher) { h.combine(UnsafeRawPointer(raw)) }

    /// Lower-cased element name (`div`), `#text` for text nodes, `#comment` for comments.
    public var name: String {
        switch raw.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return "#text"
        case XML_COMMENT_NODE: return "#comment"
        default: return raw.pointee.name.map { String(cString: $0).lowercased() } ?? ""
        }
    }

    public var isElement: Bool { raw.pointee.type == XML_ELEMENT_NODE }
    public var isText: Bool { raw.pointee.type == XML_TEXT_NODE || raw.pointee.type == XML_CDATA_SECTION_NODE }

    /// An attribute's value.
    public func attribute(_ name: String) -> String? {
        guard let v = name.withCString({ xmlGetProp(raw, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) })
        else { return nil }
        defer { rapport_xml_free(v) }
        return String(cString: v)
    }

    /// All descendant text concatenated (libxml2's text content, entities decoded).
    public var textContent: String {
        guard let c = xmlNodeGetContent(raw) else { return "" }
        defer { rapport_xml_free(c) }
        return String(cString: c)
    }

    /// Child nodes in order.
    public var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var c = raw.pointee.children
        while let n = c {
            result.append(HTMLNode(raw: n))
            c = n.pointee.next
        }
        return result
    }

    public var parent: HTMLNode? {
        raw.pointee.parent.flatMap { $0.pointee.type == XML_ELEMENT_NODE ? HTMLNode(raw: $0) : nil }
    }

    /// Readable text of this subtree (see ``HTMLText``).
    public var readableText: String { HTMLText.render(self) }
}
