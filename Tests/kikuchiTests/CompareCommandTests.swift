import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `kikuchi compare`: the report's files, its numbers on cases with known answers, and bad input.
final class CompareCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("compare") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private var model: String { TestPaths.fixture("denoise/small_ae.h5").path }

    private func makeScans() throws -> (noisy: String, clean: String) {
        let clean = SyntheticPatterns.batch(width: 40, height: 36, count: 12, pixelType: .uint16, seed: 4)
        var noisy = clean
        let values = clean.values()
        for index in 0..<clean.count {
            let pattern = (0..<clean.pixelsPerPattern).map { Float(values[index * clean.pixelsPerPattern + $0]) + Float(($0 * 7919 + index * 104_729) % 613) }
            noisy.setPattern(index, from: pattern)
        }
        let geometry = MapGeometry(columns: 4, rows: 3)
        try SyntheticPatterns.write(clean, to: path("clean.up2"), geometry: geometry)
        try SyntheticPatterns.write(noisy, to: path("noisy.up2"), geometry: geometry)
        return (path("noisy.up2"), path("clean.up2"))
    }

    /// The metric columns of metrics.csv by method.
    private func table(_ report: String) throws -> [String: [String: String]] {
        let lines = try String(contentsOfFile: report + "/metrics.csv", encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() { rows[line[0]] = Dictionary(uniqueKeysWithValues: zip(lines[0], line)) }
        return rows
    }

    func testTheReportHoldsEveryMethodAndReferencesOnlyItsOwnFiles() throws {
        let scans = try makeScans()
        let result = try CommandRunner.run([
            "compare", scans.noisy, "--truth", scans.clean, "-o", path("report"), "--model", model, "--components", "4", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("autoencoder"), result.standardOutput)
        let rows = try table(path("report"))
        XCTAssertEqual(Set(rows.keys), ["raw", "autoencoder", "pca", "nlpar", "npa", "regions"])
        for key in ["psnr", "ssim", "ncc", "iq", "adp", "seconds"] { XCTAssertNotNil(rows["raw"]?[key], key) }
        XCTAssertEqual(rows["raw"]?["seconds"], "0.000")
        // Each method's output is kept and readable.
        for method in ["autoencoder", "pca", "nlpar", "npa", "regions"] {
            XCTAssertEqual(try ScanIO.openReader(path("report/\(method).h5")).scan.count, 12, method)
        }

        let html = try String(contentsOfFile: path("report/report.html"), encoding: .utf8)
        let sources = html.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(sources.count, 7 + 6 * 5, "7 montage rows (truth and 6 methods) and 5 maps per method")
        for source in sources {
            XCTAssertFalse(source.hasPrefix("/") || source.contains(".."), source)
            XCTAssertTrue(FileManager.default.fileExists(atPath: path("report/" + source)), source)
        }
        XCTAssertTrue(html.contains("<table>") && html.contains("<td>raw</td>"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path(".report.partial")))
        // The network's guard says how often it gave way (or that the blend left it nothing), in the
        // table, the page and metrics.json.
        let note = "autoencoder: guard: "
        XCTAssertTrue(result.standardOutput.contains(note), result.standardOutput)
        XCTAssertTrue(html.contains(note), "the page")
        let json = try String(contentsOfFile: path("report/metrics.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"notes\""), json)
    }

    /// PCA with more components than the 12 patterns allow, after the autoencoder has run: PCA is
    /// reported as skipped with its reason, and every other method's result is kept.
    func testAMethodThatCannotRunIsSkippedWithItsReason() throws {
        let scans = try makeScans()
        let result = try CommandRunner.run([
            "compare", scans.noisy, "-o", path("report"), "--model", model,
            "--methods", "raw,autoencoder,pca,regions", "--components", "30", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let reason = "--components 30 exceeds what 12 patterns of 1440 pixels allow (at most 12)"
        XCTAssertTrue(result.standardOutput.contains("pca: skipped, \(scans.noisy): \(reason)"), result.standardOutput)
        let rows = try table(path("report"))
        XCTAssertEqual(Set(rows.keys), ["raw", "autoencoder", "pca", "regions"])
        XCTAssertEqual(rows["pca"]?["iq"], "")
        XCTAssertTrue(rows["pca"]?["skipped"]?.contains(reason) == true, "\(rows["pca"] ?? [:])")
        XCTAssertEqual(rows["regions"]?["skipped"], "")
        XCTAssertNotEqual(rows["autoencoder"]?["iq"], "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("report/pca.h5")))
        for method in ["autoencoder", "regions"] {
            XCTAssertEqual(try ScanIO.openReader(path("report/\(method).h5")).scan.pixelType, .float32, method)
        }
        let html = try String(contentsOfFile: path("report/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("skipped: \(scans.noisy): \(reason)"))
        XCTAssertFalse(html.contains("pca.png"), "no map of a method that did not run")
    }

    func testTheTruthAgainstItselfScoresPerfectly() throws {
        let scans = try makeScans()
        let result = try CommandRunner.run(["compare", scans.clean, "--truth", scans.clean, "-o", path("self"), "--methods", "raw", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let raw = try XCTUnwrap(table(path("self"))["raw"])
        XCTAssertEqual(Double(raw["ncc"] ?? ""), 1)
        XCTAssertEqual(Double(raw["ssim"] ?? ""), 1)
        XCTAssertEqual(raw["psnr"], "", "an exact copy has no finite PSNR")
        let noisy = try XCTUnwrap(table(try run(["compare", scans.noisy, "--truth", scans.clean, "-o", path("noisy"), "--methods", "raw"]))["raw"])
        XCTAssertLessThan(Double(noisy["ncc"] ?? "") ?? 1, 1)
        XCTAssertLessThan(Double(noisy["iq"] ?? "") ?? 1, Double(raw["iq"] ?? "") ?? 0, "noise lowers the image quality")
    }

    /// A report folder of a one-letter bare name, in the working folder.
    func testAOneLetterFolderName() throws {
        let scans = try makeScans()
        let folder = (path("r") as NSString).deletingLastPathComponent
        let result = try CommandRunner.run(["compare", scans.noisy, "-o", "r", "--methods", "raw", "--quiet"], directory: folder)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertNotNil(try table(path("r"))["raw"])
    }

    private func run(_ arguments: [String]) throws -> String {
        let result = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        return arguments[arguments.firstIndex(of: "-o")! + 1]
    }

    func testBadInputLeavesNoReport() throws {
        let scans = try makeScans()
        let short = SyntheticPatterns.batch(width: 40, height: 36, count: 5, pixelType: .uint16)
        try SyntheticPatterns.write(short, to: path("short.up2"), geometry: MapGeometry(columns: 5, rows: 1))
        try assertFailsCleanly(
            ["compare", scans.noisy, "--truth", path("short.up2"), "-o", path("report"), "--methods", "raw"], status: 2,
            mentions: ["short.up2", "5 patterns"], output: path("report"), inputs: [scans.noisy, path("short.up2")])
        try assertFailsCleanly(
            ["compare", scans.noisy, "-o", path("report"), "--methods", "raw,magic"], status: 2,
            mentions: ["unknown method 'magic'"], output: path("report"), inputs: [scans.noisy])
        try assertFailsCleanly(
            ["compare", scans.noisy, "-o", path("report"), "--methods", "autoencoder"], status: 2,
            mentions: ["no bundled model found", "--model"], output: path("report"), inputs: [scans.noisy],
            environment: ["KIKUCHI_MODEL": path("absent.h5")])
    }

    /// --index on a simulated scan with its true orientations: every output indexed, the table
    /// ranked by the raw-pattern fit, the raw patterns (clean enough here) indexed right, and an
    /// output without the bands (the tiny test autoencoder's) explaining the raw patterns worse.
    func testIndexRanksMethodsByTheRawPatternFit() throws {
        let simulated = try CommandRunner.run([
            "simulate", "-o", path("scan.up2"), "--phase", "ni", "--map", "4x3", "--grains", "3", "--size", "40x40",
            "--pc", "0.5,0.45,0.6", "--dose", "200", "--orientations-out", path("truth.csv"), "--seed", "4", "--quiet"
        ])
        XCTAssertEqual(simulated.status, 0, simulated.standardError)
        let result = try CommandRunner.run([
            "compare", path("scan.up2"), "-o", path("report"), "--methods", "raw,autoencoder,npa", "--model", model, "--index",
            "--phase", "ni", "--pc", "0.5,0.45,0.6", "--resolution", "4", "--refine", "--truth-orientations", path("truth.csv"),
            "--threads", "2", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("ranked by the raw-pattern fit"), result.standardOutput)
        let rows = try table(path("report"))
        let fit = try ["raw", "autoencoder", "npa"].map { name in try XCTUnwrap(Double(rows[name]?["raw-fit"] ?? ""), name) }
        XCTAssertEqual(rows["raw"]?["within-2"].flatMap(Double.init), 1, "the raw patterns index right")
        XCTAssertLessThan(try XCTUnwrap(rows["raw"]?["error"].flatMap(Double.init)), 1)
        XCTAssertEqual(rows["raw"]?["confident"].flatMap(Double.init), 1)
        XCTAssertLessThan(fit[1], fit[0], "the autoencoder's output explains the raw patterns worse")
        // metrics.csv lists the methods best first.
        let order = try String(contentsOfFile: path("report") + "/metrics.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",")[0]) }
        let ranked = zip(["raw", "autoencoder", "npa"], fit).sorted { $0.1 > $1.1 }.map(\.0)
        XCTAssertEqual(order, ranked)
        let page = try String(contentsOfFile: path("report") + "/report.html", encoding: .utf8)
        XCTAssertTrue(page.contains("Methods are ranked by the raw-pattern fit"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("report") + "/maps/raw-fit_raw.png"))
        // An orientation map per method: an RGB PNG of the 4 x 3 map drawn 60 pixels a pattern, and the key.
        XCTAssertTrue(page.contains("Orientation maps (IPF-Z)") && page.contains("maps/ipf-z_npa.png"))
        for name in ["ipf-z_raw", "ipf-z_autoencoder", "ipf-z_npa", "ipf-key"] {
            let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("report") + "/maps/\(name).png")).prefix(26))
            XCTAssertEqual(Array(header[12..<16]), Array("IHDR".utf8), name)
            XCTAssertEqual(header[25], 2, "\(name) is RGB")
            if name != "ipf-key" {
                XCTAssertEqual(header[16..<24].map { Int($0) }, [0, 0, 0, 240, 0, 0, 0, 180], name)
            }
        }
    }

    func testIndexOptionsGoTogether() throws {
        let scans = try makeScans()
        try assertFailsCleanly(
            ["compare", scans.noisy, "-o", path("report"), "--index", "--phase", "ni"], status: 2,
            mentions: ["--pc"], output: path("report"), inputs: [scans.noisy])
        try assertFailsCleanly(
            ["compare", scans.noisy, "-o", path("report"), "--phase", "ni", "--pc", "0.5,0.5,0.5"], status: 2,
            mentions: ["go with --index"], output: path("report"), inputs: [scans.noisy])
        try "phi1,Phi,phi2\n0,0,0\n".write(toFile: path("short.csv"), atomically: true, encoding: .utf8)
        try assertFailsCleanly(
            ["compare", scans.noisy, "-o", path("report"), "--index", "--phase", "ni", "--pc", "0.5,0.5,0.5", "--truth-orientations", path("short.csv")],
            status: 2, mentions: ["short.csv", "1 orientations", "12 patterns"], output: path("report"), inputs: [scans.noisy, path("short.csv")])
    }
}
