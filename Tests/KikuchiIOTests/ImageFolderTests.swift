import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

final class ImageFolderTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = try TestPaths.scratchFolder("kikuchi-images")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    // MARK: helpers

    /// A new folder inside the scratch folder.
    private func folder(_ name: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes a PNG of `width` x `height` whose every sample is `value`, as `name` in `folder`.
    private func writeFlatPNG(
        _ folder: String, _ name: String, width: Int = 4, height: Int = 3,
        type: PixelType = .uint8, value: Float = 7
    ) throws {
        var batch = PatternBatch(width: width, height: height, pixelType: type, count: 1)
        batch.setPattern(0, from: [Float](repeating: value, count: width * height))
        let encoded = try batch.bytes.withUnsafeBytes {
            try PNGCodec.encode($0, width: width, height: height, pixelType: type, file: name)
        }
        try Data(encoded).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private func hiddenPartial(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial").path
    }

    /// Writes `batch` as an image folder at `path`, patterns in reverse order of batches of two.
    @discardableResult
    private func writeFolder(
        _ batch: PatternBatch, to path: String, geometry: MapGeometry? = nil,
        options: WriteOptions = WriteOptions()
    ) throws -> ImageFolderWriter {
        let scan = ScanDescription(
            width: batch.width, height: batch.height, count: batch.count, pixelType: batch.pixelType,
            geometry: geometry, format: .edaxUP2, details: ["headerVersion": "3"])
        let writer = try ImageFolderWriter(path: path, scan: scan, options: options)
        for start in stride(from: 0, to: batch.count, by: 2).reversed() {
            try writer.write(batch.slice(start..<min(start + 2, batch.count)), at: start)
        }
        try writer.finish()
        return writer
    }

    // MARK: writing and reading back

    func testPNGFolderWrittenThenReadBackEqualsTheBatchWithItsSidecar() throws {
        for type in [PixelType.uint8, .uint16] {
            let path = scratch.appendingPathComponent("out-\(type)").path
            let batch = ImageFixtures.batch(width: 30, height: 20, type: type, count: 7)
            let geometry = MapGeometry(columns: 4, rows: 2, stepX: 1.5, stepY: 2.5, grid: .hex)
            let intensity = IntensityMapping(scale: 0.5, offset: 3)
            let writer = try writeFolder(
                batch, to: path, geometry: geometry,
                options: WriteOptions(intensity: intensity, originalPixelType: .float32))
            XCTAssertFalse(exists(hiddenPartial(of: path)), "the temporary folder is renamed")
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            XCTAssertEqual(names, ["0.png", "1.png", "2.png", "3.png", "4.png", "5.png", "6.png", "scan.json"])

            let reader = try ImageFolderReader(path: path, options: ReadOptions())
            XCTAssertEqual(reader.scan.pixelType, type)
            XCTAssertEqual(reader.scan.count, 7)
            XCTAssertEqual(reader.scan.geometry, geometry)
            XCTAssertEqual(reader.scan.format, .imageFolder)
            XCTAssertEqual(reader.scan.details, ["headerVersion": "3"])
            XCTAssertEqual(try reader.read(0..<7), batch)
            XCTAssertEqual(try reader.read(3..<5), batch.slice(3..<5))

            let sidecar = try XCTUnwrap(reader.sidecar)
            XCTAssertEqual(sidecar, writer.sidecar, "scan.json round trip")
            XCTAssertEqual(sidecar.storedPixelType, type)
            XCTAssertEqual(sidecar.originalPixelType, .float32)
            XCTAssertEqual(sidecar.intensity, intensity)
            XCTAssertEqual(sidecar.imageExtension, "png")
            XCTAssertEqual(sidecar.sourceFormat, .edaxUP2)
        }
    }

    func testJPEGFolderHoldsEachPatternAsItsJPEGRoundTrip() throws {
        let path = scratch.appendingPathComponent("jpeg").path
        let batch = ImageFixtures.batch(width: 40, height: 32, type: .uint8, count: 3)
        try writeFolder(batch, to: path, options: WriteOptions(imageFormat: .jpeg, jpegQuality: 80))
        XCTAssertTrue(exists(path + "/2.jpg"))
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        XCTAssertEqual(reader.sidecar?.imageExtension, "jpg")
        let read = try reader.read(0..<3)
        for i in 0..<3 {
            let encoded = try batch.patternBytes(i).withUnsafeBytes {
                try JPEGCodec.encode($0, width: 40, height: 32, quality: 80, file: "x.jpg")
            }
            XCTAssertEqual(Array(read.patternBytes(i)), try JPEGCodec.decode(encoded, file: "x.jpg").pixels)
        }
    }

    func testWithoutSidecarThePatternsFormOneRow() throws {
        let path = try folder("plain")
        for i in 0..<5 { try writeFlatPNG(path, "\(i).png") }
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        XCTAssertNil(reader.sidecar)
        XCTAssertEqual(reader.scan.geometry, .line(of: 5))
        XCTAssertEqual(reader.scan.width, 4)
        XCTAssertEqual(reader.scan.height, 3)
    }

    func testOrderIsNumericNeverTextual() throws {
        let path = try folder("order")
        for i in 0...10 { try writeFlatPNG(path, "\(i).png", value: Float(i * 10)) }
        // Zero-padded names are read as their integers too.
        let padded = try folder("padded")
        for i in 0...10 { try writeFlatPNG(padded, String(format: "%04d.png", i), value: Float(i * 10)) }
        for folder in [path, padded] {
            let reader = try ImageFolderReader(path: folder, options: ReadOptions())
            let all = try reader.read(0..<11)
            XCTAssertEqual((0...10).map { all.floats(of: $0)[0] }, (0...10).map { Float($0 * 10) })
            XCTAssertEqual(reader.layout.fileName(of: 2), folder == path ? "2.png" : "0002.png")
        }
    }

    func testOtherNamesAreIgnoredAndKindsMayMix() throws {
        let path = try folder("mixed")
        try FileManager.default.copyItem(atPath: ImageFixtures.path("gray8_le.tif"), toPath: path + "/0.TIF")
        try FileManager.default.copyItem(atPath: ImageFixtures.path("gray8_cv2.png"), toPath: path + "/1.png")
        for ignored in ["notes.txt", "a1.png", "1a.png", "thumb.png", "2.png.bak", "3.bmp", ".4.png", "5"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/" + ignored))
        }
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        XCTAssertEqual(reader.scan.count, 2)
        XCTAssertEqual(reader.layout.kinds.sorted { $0.rawValue < $1.rawValue }, [.png, .tiff])
        let gray8 = try ImageFixtures.bytes("gray8.u8")
        XCTAssertEqual(try reader.read(0..<2).bytes, gray8 + gray8)
    }

    func testReadsOnlyTheRequestedRange() throws {
        let path = try folder("range")
        for i in 0..<6 { try writeFlatPNG(path, "\(i).png", value: Float(i)) }
        try Data("broken".utf8).write(to: URL(fileURLWithPath: path + "/5.png"))
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        XCTAssertEqual(try reader.read(2..<5).floats(of: 0)[0], 2)
        assertBadInput(file: path + "/5.png", containing: ["unreadable PNG"]) { _ = try reader.read(4..<6) }
    }

    // MARK: folder errors

    func testAGapNamesTheMissingIndex() throws {
        let path = try folder("gap")
        for i in 0...41 where i != 17 { try writeFlatPNG(path, "\(i).png") }
        assertBadInput(file: path, containing: ["pattern 17 is missing (found 0 to 41 with a gap)"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
    }

    func testIndicesMustStartAtZero() throws {
        let path = try folder("from-one")
        for i in 1...3 { try writeFlatPNG(path, "\(i).png") }
        assertBadInput(file: path, containing: ["pattern 0 is missing (found 1 to 3; indices must start at 0)"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
    }

    func testTwoFilesForOneIndexAreAnError() throws {
        let path = try folder("twice")
        try writeFlatPNG(path, "0.png")
        try writeFlatPNG(path, "1.png")
        try writeFlatPNG(path, "01.png")
        assertBadInput(file: path, containing: ["pattern 1 has two images", "1.png", "01.png"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
    }

    func testAFolderWithoutImagesOrMissingIsAnError() throws {
        let path = try folder("empty")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path + "/scan.json"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/notes.txt"))
        assertBadInput(file: path, containing: ["no pattern images found"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
        let missing = scratch.appendingPathComponent("nowhere").path
        assertBadInput(file: missing, containing: ["cannot open the folder", "No such file"]) {
            _ = try ImageFolderReader(path: missing, options: ReadOptions())
        }
    }

    func testMixedSizesNameTheFirstDifferentFileAndBothSizes() throws {
        let path = try folder("sizes")
        try writeFlatPNG(path, "0.png", width: 4, height: 3)
        try writeFlatPNG(path, "1.png", width: 4, height: 3)
        try writeFlatPNG(path, "2.png", width: 5, height: 3)
        try writeFlatPNG(path, "3.png", width: 6, height: 3)
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        assertBadInput(file: path + "/2.png", containing: ["pattern size 5 x 3 differs from 0.png (4 x 3)"]) {
            _ = try reader.read(0..<4)
        }
    }

    func testMixedDepthsNameTheFileAndBothDepths() throws {
        let path = try folder("depths")
        try writeFlatPNG(path, "0.png", type: .uint8)
        try writeFlatPNG(path, "1.png", type: .uint16)
        let reader = try ImageFolderReader(path: path, options: ReadOptions())
        assertBadInput(file: path + "/1.png", containing: ["16-bit image differs from 0.png (8-bit)"]) {
            _ = try reader.read(0..<2)
        }
    }

    func testCorruptImagesNameTheFile() throws {
        let png = try folder("corrupt-png")
        try writeFlatPNG(png, "0.png")
        let good = try Data(contentsOf: URL(fileURLWithPath: png + "/0.png"))
        try good.prefix(good.count - 20).write(to: URL(fileURLWithPath: png + "/1.png"))
        let pngReader = try ImageFolderReader(path: png, options: ReadOptions())
        assertBadInput(file: png + "/1.png", containing: ["unreadable PNG"]) { _ = try pngReader.read(1) }

        let jpeg = try folder("corrupt-jpeg")
        let cv2 = try ImageFixtures.bytes("gray8_cv2_q95.jpg")
        try Data(cv2).write(to: URL(fileURLWithPath: jpeg + "/0.jpg"))
        try Data(cv2.prefix(cv2.count / 2)).write(to: URL(fileURLWithPath: jpeg + "/1.jpeg"))
        let jpegReader = try ImageFolderReader(path: jpeg, options: ReadOptions())
        assertBadInput(file: jpeg + "/1.jpeg", containing: ["unreadable JPEG", "Premature end"]) { _ = try jpegReader.read(0..<2) }

        let first = try folder("corrupt-first")
        try Data(cv2.prefix(10)).write(to: URL(fileURLWithPath: first + "/0.jpg"))
        assertBadInput(file: first + "/0.jpg", containing: ["unreadable JPEG"]) {
            _ = try ImageFolderReader(path: first, options: ReadOptions())
        }
    }

    func testASidecarThatDisagreesWithTheImagesIsAnError() throws {
        let path = scratch.appendingPathComponent("sidecar").path
        try writeFolder(ImageFixtures.batch(width: 6, height: 5, type: .uint16, count: 4), to: path)
        let sidecarPath = path + "/scan.json"
        var sidecar = try XCTUnwrap(try ScanSidecar.load(fromFolder: path))

        try FileManager.default.removeItem(atPath: path + "/3.png")
        assertBadInput(file: sidecarPath, containing: ["says 4 patterns but the folder holds 3 images (0 to 2)"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
        sidecar.count = 3
        sidecar.geometry = MapGeometry(columns: 2, rows: 2)
        try sidecar.save(toFolder: path)
        assertBadInput(file: sidecarPath, containing: ["holds 4 patterns, not 3"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
        sidecar.geometry = .line(of: 3)
        sidecar.storedPixelType = .uint8
        try sidecar.save(toFolder: path)
        assertBadInput(file: sidecarPath, containing: ["says the images are 8-bit but 0.png is 16-bit"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: sidecarPath))
        assertBadInput(file: sidecarPath, containing: ["not a kikuchi scan.json"]) {
            _ = try ImageFolderReader(path: path, options: ReadOptions())
        }
    }

    // MARK: writer errors and clean-up

    func testWriterRefusesTypesTheImagesCannotHold() throws {
        let path = scratch.appendingPathComponent("refused").path
        let float = ScanDescription(width: 4, height: 3, count: 2, pixelType: .float32)
        assertBadInput(file: path, containing: ["float32", "choose a depth"]) {
            _ = try ImageFolderWriter(path: path, scan: float, options: WriteOptions())
        }
        let wide = ScanDescription(width: 4, height: 3, count: 2, pixelType: .uint16)
        assertBadInput(file: path, containing: ["JPEG images are 8-bit", "uint16"]) {
            _ = try ImageFolderWriter(path: path, scan: wide, options: WriteOptions(imageFormat: .jpeg))
        }
        let narrow = ScanDescription(width: 4, height: 3, count: 2, pixelType: .uint8)
        assertBadInput(file: path, containing: ["JPEG quality 101 is outside 1 to 100"]) {
            _ = try ImageFolderWriter(path: path, scan: narrow, options: WriteOptions(imageFormat: .jpeg, jpegQuality: 101))
        }
        XCTAssertFalse(exists(path))
        XCTAssertFalse(exists(hiddenPartial(of: path)))
    }

    func testFinishWithAMissingPatternNamesItAndLeavesNoFolder() throws {
        let path = scratch.appendingPathComponent("unfinished").path
        let batch = ImageFixtures.batch(width: 4, height: 3, type: .uint8, count: 4)
        let writer = try ImageFolderWriter(
            path: path, scan: ScanDescription(width: 4, height: 3, count: 4, pixelType: .uint8),
            options: WriteOptions())
        try writer.write(batch.slice(0..<2), at: 0)
        try writer.write(batch.slice(3..<4), at: 3)
        XCTAssertThrowsError(try writer.finish()) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(path, "pattern 2 was never written (4 expected)"))
        }
        XCTAssertFalse(exists(path))
        writer.abort()
        XCTAssertFalse(exists(hiddenPartial(of: path)), "abort removes the temporary folder")
    }

    func testAbortAndReleaseLeaveNothing() throws {
        let path = scratch.appendingPathComponent("aborted").path
        let scan = ScanDescription(width: 4, height: 3, count: 2, pixelType: .uint8)
        let batch = ImageFixtures.batch(width: 4, height: 3, type: .uint8, count: 2)
        let writer = try ImageFolderWriter(path: path, scan: scan, options: WriteOptions())
        try writer.write(batch, at: 0)
        XCTAssertTrue(exists(hiddenPartial(of: path) + "/1.png"), "patterns go to the temporary folder")
        writer.abort()
        XCTAssertFalse(exists(path))
        XCTAssertFalse(exists(hiddenPartial(of: path)))

        do {
            let released = try ImageFolderWriter(path: path, scan: scan, options: WriteOptions())
            try released.write(batch, at: 0)
        }
        XCTAssertFalse(exists(path))
        XCTAssertFalse(exists(hiddenPartial(of: path)), "a writer released unfinished removes its folder")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [])
    }

    func testWriterRefusesBatchesThatDoNotFit() throws {
        let path = scratch.appendingPathComponent("fit").path
        let writer = try ImageFolderWriter(
            path: path, scan: ScanDescription(width: 4, height: 3, count: 2, pixelType: .uint8),
            options: WriteOptions())
        defer { writer.abort() }
        XCTAssertThrowsError(try writer.write(ImageFixtures.batch(width: 5, height: 3, type: .uint8), at: 0)) { error in
            XCTAssertEqual(
                error as? KikuchiError,
                .processing(path, "a batch of 5 x 3 uint8 patterns does not fit the scan's 4 x 3 uint8"))
        }
        XCTAssertThrowsError(try writer.write(ImageFixtures.batch(width: 4, height: 3, type: .uint8, count: 2), at: 1)) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(path, "patterns 1 ..< 3 are outside 0 ..< 2"))
        }
    }

    func testAnExistingOutputIsKeptWithoutOverwrite() throws {
        let path = try folder("existing")
        try writeFlatPNG(path, "0.png")
        let scan = ScanDescription(width: 4, height: 3, count: 1, pixelType: .uint8)
        assertBadInput(file: path, containing: ["already exists"]) {
            _ = try ImageFolderWriter(path: path, scan: scan, options: WriteOptions())
        }
        try writeFolder(
            ImageFixtures.batch(width: 4, height: 3, type: .uint8, count: 2), to: path,
            options: WriteOptions(overwrite: true))
        XCTAssertEqual(try ImageFolderReader(path: path, options: ReadOptions()).scan.count, 2)
    }
}
