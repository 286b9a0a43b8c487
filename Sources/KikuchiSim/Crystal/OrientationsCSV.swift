import Foundation
import KikuchiCore
import KikuchiIO

/// The orientations file of `kikuchi simulate`: a header line `phi1,Phi,phi2` and one line of
/// Bunge Euler angles in degrees (EDAX/TSL sample frame) per pattern in scan order.
public enum OrientationsCSV {
    public static let header = "phi1,Phi,phi2"

    /// The orientations in `path`.
    public static func read(_ path: String) throws -> [EulerAngles] {
        guard let data = RawFile.contents(of: path).map({ Data($0) }) else {
            throw KikuchiError.badInput(path, "cannot read the orientations file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KikuchiError.badInput(path, "the orientations file is not UTF-8 text")
        }
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        lines.removeAll { $0.isEmpty }
        guard let first = lines.first, first.replacingOccurrences(of: " ", with: "") == header else {
            throw KikuchiError.badInput(path, "the first line must be the header '\(header)'")
        }
        return try lines.dropFirst().enumerated().map { offset, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 3, let phi1 = fields[0], let Phi = fields[1], let phi2 = fields[2],
                phi1.isFinite, Phi.isFinite, phi2.isFinite
            else {
                throw KikuchiError.badInput(path, "line \(offset + 2) is not three numbers phi1,Phi,phi2: '\(line)'")
            }
            return EulerAngles(phi1: phi1, Phi: Phi, phi2: phi2)
        }
    }

    /// One line per orientation, six decimals, header first.
    public static func lines(_ orientations: [EulerAngles]) -> String {
        orientations.map { String(format: "%.6f,%.6f,%.6f\n", $0.phi1, $0.Phi, $0.phi2) }.joined()
    }
}
