/// HTML → readable plain text: no `head`/`style`/`script`/`template`; block elements and `<br>`
/// become line breaks, list items get "- ", entities are decoded by the parser, whitespace inside
/// a line collapses. Quote containers can be removed by the caller via ``render(_:skip:)``.
public enum HTMLText {
    static let dropped: Set<String> = [
        "head", "style", "script", "template", "noscript", "title", "meta", "link", "svg", "iframe", "object",
    ]
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "blockquote", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "dl", "dt", "dd", "hr", "form",
        "fieldset", "address", "figure", "figcaption", "details", "summary", "center",
    ]

    /// Converts an HTML string to text. Unparseable input yields "".
    public static func text(fromHTML html: String) -> String {
        guard let doc = try? HTMLDocument(string: html), let root = doc.root else { return "" }
        return render(root)
    }

    /// Converts HTML bytes (declared `charset`, default UTF-8) to text.
    public static func text(fromHTML bytes: [UInt8], charset: String? = nil) -> String {
        bytes.withUnsafeBufferPointer { buf in
            guard let doc = try? HTMLDocument(bytes: buf, encoding: charset), let root = doc.root else { return "" }
            return render(root)
        }
    }

    /// Renders a subtree; `skip` returns true for nodes to leave out (an element with its subtree, or a text node).
    public static func render(_ node: HTMLNode, skip: (HTMLNode) -> Bool = { _ in false }) -> String {
        var out = TextBuilder()
        walk(node, depth: 0, skip: skip, into: &out)
        return out.finish()
    }

    private static func walk(_ node: HTMLNode, depth: Int, skip: (HTMLNode) -> Bool, into out: inout TextBuilder) {
        if depth > 512 { return }
        if node.isText {
            if !skip(node) { out.appendInline(node.textContent) }
            return
        }
        guard node.isElement else { return }
        let name = node.name
        if dropped.contains(name) || skip(node) { return }
        if name == "br" {
            out.newline()
            return
        }
        let block = blocks.contains(name)
        if block { out.newline() }
        if name == "li" { out.appendInline("- ") }
        if name == "td" || name == "th" { out.appendInline(" ") }
        for child in node.children { walk(child, depth: depth + 1, skip: skip, into: &out) }
        if block { out.newline() }
    }
}

/// Accumulates text, collapsing runs of whitespace within lines and of blank lines.
struct TextBuilder {
    private var lines: [String] = []
    private var current: [UInt8] = []
    private var pendingSpace = false

    mutating func appendInline(_ s: String) {
        for b in s.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                pendingSpace = !current.isEmpty
            } else if b == 0xC2 {
                // Lead byte of U+0080–U+00BF (NBSP, ·, £, ©, «, ¿, …): a pending space goes before it,
                // never between it and its continuation byte. NBSP becomes a space later
                // (``replacingNBSP()``).
                if pendingSpace {
                    current.append(0x20)
                    pendingSpace = false
                }
                current.append(b)
            } else {
                if pendingSpace {
                    current.append(0x20)
                    pendingSpace = false
                }
                current.append(b)
            }
        }
    }

    mutating func newline() {
        lines.append(String(decoding: current, as: UTF8.self).replacingNBSP())
        current.removeAll(keepingCapacity: true)
        pendingSpace = false
    }

    mutating func finish() -> String {
        newline()
        var result: [String] = []
        var blank = 0
        for line in lines {
            let t = line.trimmedSpaces()
            if t.isEmpty {
                blank += 1
                if blank == 1 && !result.isEmpty { result.append("") }
            } else {
                blank = 0
                result.append(t)
            }
        }
        while result.last == "" { result.removeLast() }
        return result.joined(separator: "\n")
    }
}

extension String {
    func replacingNBSP() -> String {
        guard utf8.contains(0xC2) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var it = utf8.makeIterator()
        var prev: UInt8? = nil
        while let b = it.next() {
            if prev == 0xC2 && b == 0xA0 {
                out.removeLast()
                out.append(0x20)
            } else {
                out.append(b)
            }
            prev = b
        }
        return String(decoding: out, as: UTF8.self)
    }

    func trimmedSpaces() -> String {
        let u = Array(utf8)
        var s = 0
        var e = u.count
        while s < e && (u[s] == 0x20 || u[s] == 0x09) { s += 1 }
        while e > s && (u[e - 1] == 0x20 || u[e - 1] == 0x09) { e -= 1 }
        return String(decoding: u[s..<e], as: UTF8.self)
    }
}
