import Foundation

/// A small Compound File Binary writer for tests: the `.msg` fixtures are built here, so their bytes
/// are exactly what the tests say. Streams under 4096 bytes go to the mini stream; FAT sectors beyond
/// the header's 109 are listed in DIFAT sectors.
struct CompoundFileWriter {
    /// A storage (folder) or stream in the file.
    indirect enum Node {
        case stream(String, [UInt8])
        case storage(String, [Node])

        var name: String {
            switch self {
            case .stream(let n, _), .storage(let n, _): n
            }
        }
    }

    /// Where things ended up, for tests that damage the file on purpose.
    struct Layout {
        var sectorSize: Int
        var firstDirectorySector: Int
        var fatSectors: [Int]
        /// Byte offset of FAT entry `k`.
        func fatEntryOffset(_ k: Int) -> Int {
            (fatSectors[k / (sectorSize / 4)] + 1) * sectorSize + 4 * (k % (sectorSize / 4))
        }
    }

    var sectorSize = 512

    private struct Dir {
        var name: String
        var type: UInt8
        var left: UInt32 = 0xFFFF_FFFF
        var right: UInt32 = 0xFFFF_FFFF
        var child: UInt32 = 0xFFFF_FFFF
        var start: UInt32 = 0xFFFF_FFFE
        var size: UInt64 = 0
        var data: [UInt8] = []
    }

    /// The file holding `root`'s children.
    func write(_ root: [Node]) -> (bytes: [UInt8], layout: Layout) {
        let s = sectorSize
        var dirs: [Dir] = [Dir(name: "Root Entry", type: 5)]
        func add(_ nodes: [Node]) -> UInt32 {
            // Siblings as a chain of right links, in CFB order (length, then upper-cased name).
            let sorted = nodes.sorted {
                ($0.name.utf16.count, $0.name.uppercased()) < ($1.name.utf16.count, $1.name.uppercased())
            }
            var ids: [UInt32] = []
            for n in sorted {
                let id = UInt32(dirs.count)
                ids.append(id)
                switch n {
                case .stream(let name, let data):
                    dirs.append(Dir(name: name, type: 2, size: UInt64(data.count), data: data))
                case .storage(let name, let children):
                    dirs.append(Dir(name: name, type: 1))
                    let c = add(children)
                    dirs[Int(id)].child = c
                }
            }
            for (k, id) in ids.enumerated() where k + 1 < ids.count { dirs[Int(id)].right = ids[k + 1] }
            return ids.first ?? 0xFFFF_FFFF
        }
        dirs[0].child = add(root)

        // Mini stream.
        var mini: [UInt8] = []
        var miniFAT: [UInt32] = []
        var big: [(dir: Int, data: [UInt8])] = []
        for i in dirs.indices where dirs[i].type == 2 && !dirs[i].data.isEmpty {
            if dirs[i].data.count < 4096 {
                let first = miniFAT.count
                let n = (dirs[i].data.count + 63) / 64
                for k in 0..<n { miniFAT.append(k == n - 1 ? 0xFFFF_FFFE : UInt32(first + k + 1)) }
                dirs[i].start = UInt32(first)
                mini += dirs[i].data
                mini += [UInt8](repeating: 0, count: n * 64 - dirs[i].data.count)
            } else {
                big.append((i, dirs[i].data))
            }
        }
        func sectors(_ bytes: Int) -> Int { (bytes + s - 1) / s }
        let dirSectors = sectors(dirs.count * 128)
        let miniFATSectors = sectors(miniFAT.count * 4)
        let miniSectors = sectors(mini.count)
        let bigSectors = big.map { sectors($0.data.count) }.reduce(0, +)
        let payload = dirSectors + miniFATSectors + miniSectors + bigSectors
        // FAT sectors beyond the header's 109 are listed in DIFAT sectors (s/4 - 1 entries and a link each).
        var fatSectors = 1
        var difatSectors = 0
        while true {
            difatSectors = fatSectors <= 109 ? 0 : (fatSectors - 109 + s / 4 - 2) / (s / 4 - 1)
            if fatSectors * (s / 4) >= fatSectors + difatSectors + payload { break }
            fatSectors += 1
        }
        var fat = [UInt32](repeating: 0xFFFF_FFFF, count: fatSectors * (s / 4))
        for k in 0..<fatSectors { fat[k] = 0xFFFF_FFFD }
        for k in 0..<difatSectors { fat[fatSectors + k] = 0xFFFF_FFFC }
        var next = fatSectors + difatSectors
        func chain(_ n: Int) -> UInt32 {
            guard n > 0 else { return 0xFFFF_FFFE }
            let first = next
            for k in 0..<n { fat[first + k] = k == n - 1 ? 0xFFFF_FFFE : UInt32(first + k + 1) }
            next += n
            return UInt32(first)
        }
        let dirStart = chain(dirSectors)
        let miniFATStart = chain(miniFATSectors)
        let miniStart = chain(miniSectors)
        dirs[0].start = mini.isEmpty ? 0xFFFF_FFFE : miniStart
        dirs[0].size = UInt64(mini.count)
        for (i, data) in big { dirs[i].start = chain(sectors(data.count)) }

        var out = [UInt8](repeating: 0, count: s)
        func put16(_ v: UInt16, _ at: Int, _ b: inout [UInt8]) {
            b[at] = UInt8(v & 0xFF)
            b[at + 1] = UInt8(v >> 8)
        }
        func put32(_ v: UInt32, _ at: Int, _ b: inout [UInt8]) {
            for k in 0..<4 { b[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) }
        }
        out.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(0x3E, 0x18, &out)
        put16(s == 512 ? 3 : 4, 0x1A, &out)
        put16(0xFFFE, 0x1C, &out)
        put16(s == 512 ? 9 : 12, 0x1E, &out)
        put16(6, 0x20, &out)
        put32(s == 512 ? 0 : UInt32(dirSectors), 0x28, &out)
        put32(UInt32(fatSectors), 0x2C, &out)
        put32(dirStart, 0x30, &out)
        put32(4096, 0x38, &out)
        put32(miniFAT.isEmpty ? 0xFFFF_FFFE : miniFATStart, 0x3C, &out)
        put32(UInt32(miniFATSectors), 0x40, &out)
        put32(difatSectors == 0 ? 0xFFFF_FFFE : UInt32(fatSectors), 0x44, &out)
        put32(UInt32(difatSectors), 0x48, &out)
        for k in 0..<109 { put32(k < fatSectors ? UInt32(k) : 0xFFFF_FFFF, 0x4C + 4 * k, &out) }

        func pad(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: sectors(b.count) * s - b.count) }
        var fatBytes = [UInt8](repeating: 0, count: fat.count * 4)
        for (k, v) in fat.enumerated() { put32(v, 4 * k, &fatBytes) }
        out += fatBytes
        var difatBytes = [UInt8](repeating: 0xFF, count: difatSectors * s)
        for k in 0..<difatSectors {
            let per = s / 4 - 1
            for j in 0..<per where 109 + k * per + j < fatSectors {
                put32(UInt32(109 + k * per + j), k * s + 4 * j, &difatBytes)
            }
            put32(k + 1 < difatSectors ? UInt32(fatSectors + k + 1) : 0xFFFF_FFFE, k * s + 4 * per, &difatBytes)
        }
        out += difatBytes
        var dirBytes = [UInt8](repeating: 0, count: dirSectors * s)
        for (k, d) in dirs.enumerated() {
            let at = k * 128
            let units = Array(d.name.utf16.prefix(31))
            for (j, u) in units.enumerated() { put16(u, at + 2 * j, &dirBytes) }
            put16(UInt16((units.count + 1) * 2), at + 0x40, &dirBytes)
            dirBytes[at + 0x42] = d.type
            dirBytes[at + 0x43] = 1
            put32(d.left, at + 0x44, &dirBytes)
            put32(d.right, at + 0x48, &dirBytes)
            put32(d.child, at + 0x4C, &dirBytes)
            put32(d.start, at + 0x74, &dirBytes)
            put32(UInt32(d.size & 0xFFFF_FFFF), at + 0x78, &dirBytes)
        }
        // Unused directory slots: empty entries with no siblings.
        for k in dirs.count..<(dirSectors * s / 128) {
            put32(0xFFFF_FFFF, k * 128 + 0x44, &dirBytes)
            put32(0xFFFF_FFFF, k * 128 + 0x48, &dirBytes)
            put32(0xFFFF_FFFF, k * 128 + 0x4C, &dirBytes)
        }
        out += dirBytes
        var miniFATBytes = [UInt8](repeating: 0xFF, count: miniFATSectors * s)
        for (k, v) in miniFAT.enumerated() { put32(v, 4 * k, &miniFATBytes) }
        out += miniFATBytes
        if !mini.isEmpty { out += pad(mini) }
        for (_, data) in big { out += pad(data) }
        return (out, Layout(sectorSize: s, firstDirectorySector: Int(dirStart), fatSectors: Array(0..<fatSectors)))
    }
}

/// Builders for the MAPI property streams of an Outlook `.msg` (MS-OXMSG).
enum MsgBuilder {
    /// A `PT_UNICODE` property stream.
    static func unicode(_ id: UInt16, _ value: String) -> CompoundFileWriter.Node {
        var b: [UInt8] = []
        for u in value.utf16 { b += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return .stream(name(id, 0x001F), b)
    }

    /// A `PT_STRING8` property stream (bytes as given, in the message's code page).
    static func string8(_ id: UInt16, _ bytes: [UInt8]) -> CompoundFileWriter.Node {
        .stream(name(id, 0x001E), bytes)
    }

    /// A `PT_BINARY` property stream.
    static func binary(_ id: UInt16, _ bytes: [UInt8]) -> CompoundFileWriter.Node { .stream(name(id, 0x0102), bytes) }

    static func name(_ id: UInt16, _ type: UInt16) -> String {
        let hex = String(UInt32(id) << 16 | UInt32(type), radix: 16, uppercase: true)
        return "__substg1.0_" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A fixed-size property value.
    enum Fixed {
        case long(UInt16, Int32)
        /// Seconds since 1970, stored as a FILETIME.
        case time(UInt16, Int64)
    }

    /// The `__properties_version1.0` stream with a header of `headerSize` bytes.
    static func properties(_ values: [Fixed], headerSize: Int) -> CompoundFileWriter.Node {
        var b = [UInt8](repeating: 0, count: headerSize)
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
        for v in values {
            switch v {
            case .long(let id, let value):
                b += le(UInt64(UInt32(id) << 16 | 0x0003), 4) + le(6, 4) + le(UInt64(UInt32(bitPattern: value)), 8)
            case .time(let id, let seconds):
                let ft = UInt64((seconds + 11_644_473_600) * 10_000_000)
                b += le(UInt64(UInt32(id) << 16 | 0x0040), 4) + le(6, 4) + le(ft, 8)
            }
        }
        return .stream("__properties_version1.0", b)
    }

    /// A recipient storage.
    static func recipient(_ k: Int, name: String, address: String, type: Int32) -> CompoundFileWriter.Node {
        let hex = String(k, radix: 16, uppercase: true)
        return .storage(
            "__recip_version1.0_#" + String(repeating: "0", count: 8 - hex.count) + hex,
            [
                unicode(0x3001, name), unicode(0x39FE, address), unicode(0x3003, address),
                properties([.long(0x0C15, type)], headerSize: 8),
            ])
    }
}
