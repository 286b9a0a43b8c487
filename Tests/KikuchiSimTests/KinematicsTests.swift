import Foundation
import KikuchiSim
import KikuchiTestSupport
import XCTest

/// Wavelengths, d-spacings, structure factors and Bragg angles against the independent oracle
/// written by Tests/Fixtures/sim/make_kinematics_fixture.py (diffsims, diffpy.structure), and the
/// reflector lists' selection rules.
final class KinematicsTests: XCTestCase {
    private struct Oracle: Decodable {
        struct Row: Decodable {
            var hkl: [Int]
            var d_nm: Double
            var F_real: Double
            var F_imag: Double
            var bragg_rad_20kv: Double
        }
        struct Phase: Decodable {
            var atoms: Int
            var reflectors: [Row]
        }
        var wavelength_nm: [String: Double]
        var phases: [String: Phase]
    }

    private func oracle() throws -> Oracle {
        try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: TestPaths.fixture("sim/kinematics.json")))
    }

    func testRelativisticWavelengthMatchesDiffsims() throws {
        for (kv, expected) in try oracle().wavelength_nm {
            XCTAssertEqual(ElectronWavelength.nanometres(kilovolts: Double(kv)!), expected, accuracy: expected * 1e-6, "\(kv) kV")
        }
    }

    func testStructureFactorsDSpacingsAndBraggAnglesMatchTheOracle() throws {
        let lambda = ElectronWavelength.nanometres(kilovolts: 20)
        for (name, expected) in try oracle().phases {
            let phase = try XCTUnwrap(CrystalPhase(name: name))
            XCTAssertEqual(phase.atoms.count, expected.atoms, name)
            for row in expected.reflectors {
                let hkl = SIMD3(Double(row.hkl[0]), Double(row.hkl[1]), Double(row.hkl[2]))
                let g = phase.reciprocalVector(hkl)
                let d = 1 / (g * g).sum().squareRoot()
                XCTAssertEqual(d, row.d_nm, accuracy: 1e-9, "\(name) \(row.hkl) d")
                let f = phase.structureFactor(hkl)
                // |F|^2 does not depend on the choice of origin (diffpy puts Si's at another one).
                let ours = f.real * f.real + f.imaginary * f.imaginary
                let theirs = row.F_real * row.F_real + row.F_imag * row.F_imag
                XCTAssertEqual(ours, theirs, accuracy: 1e-6 * max(1, theirs), "\(name) \(row.hkl) |F|^2")
                XCTAssertEqual(asin(lambda / (2 * d)), row.bragg_rad_20kv, accuracy: 1e-9, "\(name) \(row.hkl) Bragg angle")
            }
        }
    }

    private func families(_ name: String) throws -> Set<[Int]> {
        let reflectors = Reflector.list(for: try XCTUnwrap(CrystalPhase(name: name)), kilovolts: 20)
        return Set(reflectors.map { [abs($0.hkl.x), abs($0.hkl.y), abs($0.hkl.z)].sorted(by: >) })
    }

    func testReflectorListsKeepTheAllowedBandsOnly() throws {
        let nickel = try families("ni")
        XCTAssertTrue(nickel.isSuperset(of: [[1, 1, 1], [2, 0, 0], [2, 2, 0], [3, 1, 1]]))
        XCTAssertTrue(nickel.isDisjoint(with: [[1, 0, 0], [1, 1, 0], [2, 1, 0]]), "fcc forbids mixed parity")
        let iron = try families("fe")
        XCTAssertTrue(iron.isSuperset(of: [[1, 1, 0], [2, 0, 0], [2, 1, 1]]))
        XCTAssertTrue(iron.isDisjoint(with: [[1, 0, 0], [1, 1, 1]]), "bcc forbids odd h + k + l")
        let silicon = try families("si")
        XCTAssertTrue(silicon.contains([1, 1, 1]) && silicon.contains([2, 2, 0]))
        XCTAssertFalse(silicon.contains([2, 0, 0]), "diamond forbids 200")
        // One of each pair g, -g: the {111} family of nickel is four bands.
        let ni = Reflector.list(for: CrystalPhase(name: "ni")!, kilovolts: 20)
        XCTAssertEqual(ni.filter { [abs($0.hkl.x), abs($0.hkl.y), abs($0.hkl.z)] == [1, 1, 1] }.count, 4)
        XCTAssertEqual(ni.first.map { [abs($0.hkl.x), abs($0.hkl.y), abs($0.hkl.z)] }, [1, 1, 1], "111 is the strongest")
        XCTAssertNotNil(CrystalPhase(name: "Ti"))
        XCTAssertNil(CrystalPhase(name: "zr"))
    }

    func testBandsAreBrightOnTheirGreatCircleAndDarkAway() {
        let master = KinematicalMasterPattern(phase: CrystalPhase(name: "ni")!, kilovolts: 20, edgeSoftness: 0)
        // (1 -1 0) lies in the (111) plane: on the (111) band; (1 1 1) itself is far from most bands.
        let onBand = master.intensity(along: SIMD3(1, -1, 0) / 2.0.squareRoot() + SIMD3(0.3, 0.3, -0.6) / 100)
        let normal111 = SIMD3<Double>(1, 1, 1) / 3.0.squareRoot()
        let offBand = master.intensity(along: normal111 * 0.2 + SIMD3(1, -1, 0) / 2.0.squareRoot() * 0.98)
        XCTAssertGreaterThan(onBand, 0)
        XCTAssertLessThan(offBand, onBand)
        let lambert = master.lambert(side: 101)
        XCTAssertEqual(lambert.northern.max(), 1)
        // A centrosymmetric crystal: the southern square is the northern one seen through -v.
        XCTAssertEqual(lambert.intensity(along: SIMD3(0.3, 0.5, 0.81)), lambert.intensity(along: SIMD3(-0.3, -0.5, -0.81)), accuracy: 1e-5)
        // The southern square taken by symmetry equals the one computed direction by direction.
        let shortcut = LambertMasterPattern.render(side: 41, centrosymmetric: true) { Float(master.intensity(along: $0)) }
        let direct = LambertMasterPattern.render(side: 41) { Float(master.intensity(along: $0)) }
        XCTAssertEqual(zip(shortcut.southern, direct.southern).map { abs($0 - $1) }.max()!, 0, accuracy: 1e-3)
    }
}
