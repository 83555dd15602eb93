import CivilTime

/// Reads `first_fetch` style times into epoch milliseconds, as dateparser reads what users type:
/// "1 day", "3 days ago", "2 hours", "1 week", ISO 8601 (with or without a zone), epoch s or ms.
public enum FirstFetch {
    /// Why a time could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let value: String
        public var description: String {
            "Invalid first fetch time \"\(value)\": use e.g. \"3 days\", \"12 hours ago\", an ISO 8601 time or epoch seconds/milliseconds."
        }
    }

    /// Epoch milliseconds for `text` relative to `nowMilliseconds`; a number below 10^11 is seconds.
    public static func epochMilliseconds(_ text: String, nowMilliseconds now: Int64) throws(ParseError) -> Int64 {
        let s = text.trimmedWhitespace
        if !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let n = Int64(s) else { throw ParseError(value: text) }
            return n < 100_000_000_000 ? n * 1000 : n
        }
        if let ms = relative(s, now: now) { return ms }
        if let ms = iso8601(s) { return ms }
        throw ParseError(value: text)
    }

    /// "N unit[s] [ago]" with units from seconds to years; months and years move the calendar
    /// date (clamping the day), smaller units subtract a fixed length.
    static func relative(_ s: String, now: Int64) -> Int64? {
        var words = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.last == "ago" { words.removeLast() }
        guard words.count == 2 || (words.count == 1 && words[0].first?.isNumber == true) else { return nil }
        var numberText: Substring
        var unit: Substring
        if words.count == 2 {
            numberText = Substring(words[0])
            unit = Substring(words[1])
        } else {
            let w = words[0]
            guard let split = w.firstIndex(where: { !$0.isNumber }) else { return nil }
            numberText = w[..<split]
            unit = w[split...]
        }
        guard let n = Int64(numberText), n >= 0, n < 100_000 else { return nil }
        if unit.count > 1, unit.hasSuffix("s") { unit = unit.dropLast() }
        let seconds: Int64
        switch unit {
        case "second", "sec", "s": seconds = 1
        case "minute", "min", "m": seconds = 60
        case "hour", "h", "hr": seconds = 3600
        case "day", "d": seconds = 86_400
        case "week", "w": seconds = 7 * 86_400
        case "month": return shiftMonths(now, by: -n)
        case "year", "y": return shiftMonths(now, by: -12 * n)
        default: return nil
        }
        return now - n * seconds * 1000
    }

    private static func shiftMonths(_ ms: Int64, by months: Int64) -> Int64 {
        let (days, msOfDay) = CivilTime.floorDivide(ms, 86_400_000)
        let (y, m, d) = CivilTime.civilFromDays(days)
        let total = y * 12 + (m - 1) + months
        let (ny, nm0) = CivilTime.floorDivide(total, 12)
        let nm = nm0 + 1
        return CivilTime.daysFromCivil(ny, nm, min(d, CivilTime.daysInMonth(ny, nm))) * 86_400_000 + msOfDay
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff…]]][Z|±HH[:]MM]`; a time without a zone is UTC.
    static func iso8601(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
              let day = digits(2), (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year, month)
        else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0, offset: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = digits(2), expect(UInt8(ascii: ":")), let m = digits(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if expect(UInt8(ascii: ":")) {
                guard let sec = digits(2), sec < 60 else { return nil }
                second = sec
                if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                    var scale: Int64 = 100
                    var any = false
                    while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                        millis += Int64(b[i] - 0x30) * scale
                        scale /= 10
                        any = true
                        i += 1
                    }
                    guard any else { return nil }
                }
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2), oh < 24 else { return nil }
                    _ = expect(UInt8(ascii: ":"))
                    let om = digits(2) ?? 0
                    guard om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard i == b.count else { return nil }
        let days = CivilTime.daysFromCivil(year, month, day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset) * 1000 + millis
    }
}
