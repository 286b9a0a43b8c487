import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Nothing the denoiser gained is lost when OUT is written: on scans of raw counts at 5 counts
/// per pixel (a 16-bit UP2 and an 8-bit UP1, values 0 to about 15), every method's integer
/// output is its float32 output through one affine map of the whole scan, rounded once, and
/// keeps the float output's distinct levels. (PyEBSDIndex's verdict on the same comparison, at
/// 120 x 120 on EMsoft patterns, is in Tests/Fixtures/precision/.)
final class OutputPrecisionTests: XCTestCase {
    private static var shared: URL!
    private var folder: URL!

    /// The two scans, simulated once for the whole class (kinematical Ni, 60 x 60, 8 x 6 map, 4 grains).
    override class func setUp() {
        super.setUp()
        shared = try! TestPaths.scratchFolder("precision-scans")
        for (name, depth) in [("counts.up2", "16"), ("counts.up1", "8")] {
            let result = try! CommandRunner.run([
                "simulate", "-o", shared.appendingPathComponent(name).path, "--map", "8x6",
                "--grains", "4", "--size", "60x60", "--dose", "5", "--gain", "1",
                "--depth", depth, "--seed", "5", "--quiet"
            ])
            precondition(result.status == 0, result.standardError)
        }
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: shared)
        super.tearDown()
    }

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("precision") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private func scan(_ name: String) -> String { Self.shared.appendingPathComponent(name).path }

    /// Every --method with options that make it quick here (the small fixture networks).
    private var methods: [String: [String]] {
        let autoencoder = TestPaths.fixture("denoise/small_ae.h5").path
        let neighbour = TestPaths.fixture("keras/neighbour_model.h5").path
        return [
            "autoencoder": ["--model", autoencoder],
            "pca": ["--components", "8"],
            "nlpar": ["--lambda", "auto"],
            "npa": [],
            "regions": [],
            "nlpar-autoencoder": ["--lambda", "auto", "--model", autoencoder],
            "nlpar-network": ["--lambda", "auto", "--model", neighbour],
            "regions-network": ["--model", neighbour],
            "static": [],
            "dynamic": []
        ]
    }

    private func denoise(_ input: String, _ output: String, _ method: String, _ extra: [String] = []) throws -> String {
        let result = try CommandRunner.run(
            ["denoise", input, "-o", output, "--method", method, "--quiet", "--overwrite"]
                + methods[method]! + extra)
        XCTAssertEqual(result.status, 0, "\(method): \(result.standardError)")
        return result.standardOutput
    }

    private func read(_ path: String) throws -> PatternBatch {
        let reader = try ScanIO.openReader(path)
        return try reader.read(0..<reader.scan.count)
    }

    func testEveryMethodIsCovered() throws {
        let help = try CommandRunner.run(["denoise", "--help"]).standardOutput.replacingOccurrences(of: "\n", with: " ")
        let listed = try XCTUnwrap(help.range(of: "The method: ").map { help[$0.upperBound...] })
        let names = listed.prefix { $0 != "." }.replacingOccurrences(of: " or ", with: ", ")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        XCTAssertEqual(Set(names), Set(methods.keys), "a method without a precision test")
    }

    func testSixteenBitCountsKeepTheLevelsEveryMethodGained() throws {
        for method in methods.keys.sorted() {
            let line = try denoise(scan("counts.up2"), path("\(method).up2"), method)
            XCTAssertTrue(line.contains("output: one map for the whole scan") && line.contains("onto 0..65535 uint16"), "\(method): \(line)")
            _ = try denoise(scan("counts.up2"), path("\(method).npy"), method, ["--output-type", "float32"])
            let stored = try read(path("\(method).up2")), computed = try read(path("\(method).npy"))
            XCTAssertEqual(stored.pixelType, .uint16)
            XCTAssertEqual(computed.pixelType, .float32)
            try assertScanWideMap(stored, computed, method)
            try assertLevelsKept(stored, computed, method)
        }
    }

    func testEightBitCountsMapOntoTheWholeByteAndWidenToSixteenBits() throws {
        for method in methods.keys.sorted() {
            _ = try denoise(scan("counts.up1"), path("\(method).up1"), method)
            _ = try denoise(scan("counts.up1"), path("\(method).npy"), method, ["--output-type", "float32"])
            let stored = try read(path("\(method).up1")), computed = try read(path("\(method).npy"))
            XCTAssertEqual(stored.pixelType, .uint8)
            try assertScanWideMap(stored, computed, method)
            for index in 0..<stored.count {
                let ncc = PatternCorrelation.ncc(stored.floats(of: index), computed.floats(of: index))
                XCTAssertGreaterThanOrEqual(ncc, 0.999, "\(method): pattern \(index)")
            }
            // A UP1's patterns written into a UP2 keep the levels 8 bits cannot hold.
            _ = try denoise(scan("counts.up1"), path("\(method)-wide.up2"), method)
            let wide = try read(path("\(method)-wide.up2"))
            XCTAssertEqual(wide.pixelType, .uint16)
            try assertLevelsKept(wide, computed, method)
        }
        _ = try denoise(scan("counts.up1"), path("wide.h5"), "nlpar", ["--depth", "16"])
        XCTAssertEqual(try ScanIO.openReader(path("wide.h5")).scan.pixelType, .uint16)
    }

    /// What the default replaced: NLPAR's output in the input's units, rounded to whole counts,
    /// holds only a few levels per pattern.
    func testTheInputsUnitsRoundedLoseTheLevels() throws {
        _ = try denoise(scan("counts.up2"), path("units.up2"), "nlpar", ["--output-range", "pattern"])
        _ = try denoise(scan("counts.up2"), path("default.up2"), "nlpar")
        let units = try read(path("units.up2")), kept = try read(path("default.up2"))
        let fewest = (0..<units.count).map { Set(units.floats(of: $0)).count }.max()!
        XCTAssertLessThan(fewest, 30, "whole counts at 5 counts per pixel")
        XCTAssertGreaterThan((0..<kept.count).map { Set(kept.floats(of: $0)).count }.min()!, 1000)
    }

    func testTheMapIsRecordedInH5ebsdAndScanJSON() throws {
        _ = try denoise(scan("counts.up2"), path("float.npy"), "regions", ["--output-type", "float32"])
        let line = try denoise(scan("counts.up2"), path("out.h5"), "regions")
        XCTAssertTrue(line.contains("recorded in the patterns dataset's attributes intensity_scale and intensity_offset"), line)
        let computed = try read(path("float.npy")).values()
        let (low, high) = (computed.min()!, computed.max()!)
        let details = try ScanIO.openReader(path("out.h5")).scan.details
        XCTAssertEqual(try XCTUnwrap(Double(details["intensityScale"] ?? "")), (high - low) / 65535, accuracy: 1e-9 * high)
        XCTAssertEqual(try XCTUnwrap(Double(details["intensityOffset"] ?? "")), low, accuracy: 1e-6 * high)

        let folderLine = try denoise(scan("counts.up2"), path("pngs"), "regions")
        XCTAssertTrue(folderLine.contains("recorded in scan.json"), folderLine)
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("pngs/scan.json")))) as? [String: Any]
        let intensity = try XCTUnwrap(sidecar?["intensity"] as? [String: Double])
        XCTAssertEqual(try XCTUnwrap(intensity["scale"]), (high - low) / 65535, accuracy: 1e-9 * high)
        XCTAssertEqual(try XCTUnwrap(intensity["offset"]), low, accuracy: 1e-6 * high)
        // Repacked, the folder gives back the computed values within half a stored level (and
        // float32 rounding of the map).
        let repacked = try CommandRunner.run(["repack", path("pngs"), path("back.h5"), "--quiet"])
        XCTAssertEqual(repacked.status, 0, repacked.standardError)
        let back = try read(path("back.h5"))
        XCTAssertEqual(back.pixelType, .float32)
        let worst = zip(back.values(), computed).map { abs($0 - $1) }.max()!
        XCTAssertLessThanOrEqual(worst, 0.51 * (high - low) / 65535)
    }

    func testFloat32IsRefusedWhereTheFormatHoldsIntegers() throws {
        for output in ["out.up2", "out.up1", "pngs"] {
            try assertFailsCleanly(
                ["denoise", scan("counts.up2"), "-o", path(output), "--method", "npa", "--output-type", "float32"],
                status: 2, mentions: ["float32 patterns are written to h5ebsd (.h5) or .npy"],
                output: path(output), inputs: [scan("counts.up2")])
        }
        try assertFailsCleanly(
            [
                "denoise", scan("counts.up2"), "-o", path("out.h5"), "--method", "npa", "--output-type", "uint8",
                "--depth", "16"
            ],
            status: 2, mentions: ["give --output-type or --depth, not both"],
            output: path("out.h5"), inputs: [scan("counts.up2")])
    }

    /// Each stored value is (computed - low) / (high - low) x the type's maximum, rounded: one
    /// affine map of the whole scan, computed low..high onto the type's full range.
    private func assertScanWideMap(
        _ stored: PatternBatch, _ computed: PatternBatch, _ method: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let values = computed.values(), written = stored.values()
        let (low, high) = (values.min()!, values.max()!)
        XCTAssertGreaterThan(high, low, method, file: file, line: line)
        let scale = (high - low) / stored.pixelType.maximum
        let worst = zip(written, values).map { abs($0 - ($1 - low) / scale) }.max()!
        XCTAssertLessThanOrEqual(worst, 0.5 + 1e-9, "\(method): stored values off the scan-wide map", file: file, line: line)
        XCTAssertEqual(written.min(), 0, method, file: file, line: line)
        XCTAssertEqual(written.max(), stored.pixelType.maximum, method, file: file, line: line)
    }

    /// Each 16-bit output pattern has at least 1,000 distinct levels where its float32 pattern
    /// has them: 1,000 values at least one output level apart (closer ones are one level).
    private func assertLevelsKept(
        _ stored: PatternBatch, _ computed: PatternBatch, _ method: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let values = computed.values()
        let (low, high) = (values.min()!, values.max()!)
        let step = (high - low) / stored.pixelType.maximum
        for index in 0..<stored.count {
            let levels = Set(stored.floats(of: index)).count
            let resolvable = Set(computed.floats(of: index).map { ((Double($0) - low) / step).rounded() }).count
            XCTAssertGreaterThanOrEqual(levels, min(1000, resolvable), "\(method): pattern \(index)", file: file, line: line)
        }
    }
}
