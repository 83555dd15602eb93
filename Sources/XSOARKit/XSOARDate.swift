public import OrderedJSON
import CivilTime

/// Dates as CommonServerPython writes them, computed without Foundation (start-up stays tiny).
public enum XSOARDate {
    /// `timestamp_to_datestring(ms)`: UTC `%Y-%m-%dT%H:%M:%S.000Z`, milliseconds truncated;
    /// nil outside years 1–9999 (Python raised there).
    public static func isoString(epochMilliseconds ms: Int64) -> String? {
        let t = CivilTime.dateTime(epochSeconds: CivilTime.floorDivide(ms, 1000).quotient)
        guard (1...9999).contains(t.year) else { return nil }
        let pad = CivilTime.zeroPadded
        return pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2) + "T" + pad(t.hour, 2) + ":"
            + pad(t.minute, 2) + ":" + pad(t.second, 2) + ".000Z"
    }

    /// The ISO string for a JSON timestamp in ms: an integer, a float (truncated) or a string of
    /// digits, as Python's `int(...)` accepts them; nil for anything else.
    public static func isoString(fromJSON value: JSONValue) -> String? {
        guard let ms = epochMilliseconds(fromJSON: value) else { return nil }
        return isoString(epochMilliseconds: ms)
    }

    /// Python's `int(value)` of a JSON timestamp, or nil when Python would raise.
    public static func epochMilliseconds(fromJSON value: JSONValue) -> Int64? {
        switch value {
        case .number(let n):
            if n.isInteger { return Int64(n.text) }
            let d = n.doubleValue
            guard d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Int64(d.rounded(.towardZero))
        case .string(let s):
            return Int64(s.trimmedWhitespace)
        case .bool(let b):
            return b ? 1 : 0
        default:
            return nil
        }
    }
}
