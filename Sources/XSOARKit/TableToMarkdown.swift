public import OrderedJSON

/// CommonServerPython's `tableToMarkdown` (2024-11), byte for byte, with its one crash fixed.
public enum TableToMarkdown {
    /// Why a table cannot be rendered (as Python raised).
    public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Renders `table` (an object is one row, an array is rows) under `### title`.
    ///
    /// Headers are the first row's keys sorted by code point; keys only in later rows are dropped.
    /// An object with exactly one key becomes a one-column table of that key's value(s). Rows of
    /// scalars need `headers` (Python raised without them).
    /// With `removeNull`, a column whose value is empty (`""`, null, `[]`, `{}` or absent) in
    /// every row is left out, as Python's `removeNull=True` does.
    public static func render(_ title: String, _ table: JSONValue, headers explicitHeaders: [String]? = nil,
                              removeNull: Bool = false) throws(RenderError) -> String {
        let md = title.isEmpty ? "" : "### \(title)\n"
        if !table.isTruthy {
            return md + "**No entries.**\n"
        }
        var headers = explicitHeaders ?? []
        var rows: [JSONValue]
        var value = table
        if headers.isEmpty, case .object(let o) = table, o.count == 1, let only = o.members.first {
            headers = [only.key]
            value = only.value
        }
        if case .array(let a) = value { rows = a } else { rows = [value] }
        // Python indexed t[0] here and crashed on an empty list; an empty table is what was meant.
        guard let first = rows.first else { return md + "**No entries.**\n" }
        if first.objectValue == nil {
            guard let header = headers.first else {
                throw RenderError(description: "Missing headers param for tableToMarkdown. Example: headers=['Some Header']")
            }
            rows = rows.map { .object(JSONObject([header: $0])) }
        }
        if headers.isEmpty, let firstRow = rows.first?.objectValue {
            headers = firstRow.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
        var plan = HeaderPlan(headers: headers)
        if removeNull {
            var keep = [Bool](repeating: false, count: headers.count)
            var kept = 0
            for row in rows where kept < headers.count {
                let object = row.objectValue ?? JSONObject()
                for (k, position) in plan.positions(in: object).enumerated() where !keep[k] {
                    if let position, !isEmptyCell(object.value(at: position)) {
                        keep[k] = true
                        kept += 1
                    }
                }
            }
            headers = zip(headers, keep).filter(\.1).map(\.0)
            plan = HeaderPlan(headers: headers)
        }
        guard !headers.isEmpty else { return md + "**No entries.**\n" }
        // The table is written straight into one byte buffer: no String per cell or per row.
        var out: [UInt8] = []
        appendText(md, to: &out)
        var cell: [UInt8] = []
        out.append(UInt8(ascii: "|"))
        for h in headers {
            appendEscaped(h, to: &out)
            out.append(UInt8(ascii: "|"))
        }
        out.append(0x0A)
        out.append(UInt8(ascii: "|"))
        for _ in headers { appendText("---|", to: &out) }
        out.append(0x0A)
        let none = JSONObject()
        for row in rows {
            let object = row.objectValue ?? none
            appendText("| ", to: &out)
            for (k, position) in plan.positions(in: object).enumerated() {
                if k > 0 { appendText(" | ", to: &out) }
                guard let position else { continue }
                let v = object.value(at: position)
                switch v {
                case .null: continue
                case .string(let s): appendEscaped(s, to: &out)
                // A number's or Boolean's json.dumps has nothing markdown escapes.
                case .number, .bool: v.appendPythonJSONDumps(to: &out, ensureASCII: false)
                case .array(let items): appendEscapedList(items, to: &out, scratch: &cell)
                case .object:
                    cell.removeAll(keepingCapacity: true)
                    appendFormattedCell(v, to: &cell)
                    cell.withUnsafeBufferPointer { appendEscaped(utf8: $0, to: &out) }
                }
            }
            appendText(" |\n", to: &out)
        }
        cell = []  // freed before the text is copied out of `out`
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `obj.get(header) in ('', None, [], {})` for a present value.
    private static func isEmptyCell(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return false
        }
    }

    /// `formatCell(value, is_pretty=False)` with the flattening transformer: a string as is, an
    /// object as `key: flattenCell(value)` lines, anything else through `flattenCell`.
    public static func formatCell(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        appendFormattedCell(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `flattenCell(value, is_pretty=False)`: a string as is, a list as its items' `str()` joined
    /// by `,\n`, anything else as `json.dumps(value, ensure_ascii=False)`.
    public static func flattenCell(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        appendFlattenedCell(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `stringEscapeMD(text, minimal_escaping=True, escape_multiline=True)`: line breaks become
    /// `<br>`, and `|` and `` ` `` get a backslash.
    public static func escapeMarkdown(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
