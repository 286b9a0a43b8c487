/// Sizes a file's header decides, computed without overflow.
///
/// A header is outside data: four 32-bit fields (width, height, columns, rows) multiply to more
/// than 2^63, and Swift traps on overflow. Every size a header gives goes through here before
/// anything is allocated or read, so that a damaged header is refused with one line naming the
/// file and the field instead of a crash.
public enum CheckedSize {
    /// `factors` multiplied: each must be at least 0 and the product must fit an `Int`.
    ///
    /// - Parameters:
    ///   - field: what the product is, for the message ("pattern size", "map of patterns").
    ///   - fileSize: the file's size in bytes, named in the message when known.
    public static func product(_ factors: [Int], of field: String, in file: String, fileSize: Int? = nil) throws -> Int {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { throw refusal(field, factors, file, fileSize, "a negative factor") }
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw refusal(field, factors, file, fileSize, "more than 2^63") }
            result = value
        }
        return result
    }

    /// `terms` added: each must be at least 0 and the sum must fit an `Int`.
    public static func sum(_ terms: [Int], of field: String, in file: String, fileSize: Int? = nil) throws -> Int {
        var result = 0
        for term in terms {
            guard term >= 0 else { throw refusal(field, terms, file, fileSize, "a negative term", joiner: " + ") }
            let (value, overflow) = result.addingReportingOverflow(term)
            guard !overflow else { throw refusal(field, terms, file, fileSize, "more than 2^63", joiner: " + ") }
            result = value
        }
        return result
    }

    /// The one-line refusal of a size that does not fit.
    public static func refusal(
        _ field: String, _ values: [Int], _ file: String, _ fileSize: Int?,
        _ problem: String, joiner: String = " x "
    ) -> KikuchiError {
        let formula = values.map(String.init).joined(separator: joiner)
        let size = fileSize.map { "; the file has \($0) bytes" } ?? ""
        return .badInput(file, "damaged header: its \(field) (\(formula)) comes to \(problem)\(size)")
    }
}
