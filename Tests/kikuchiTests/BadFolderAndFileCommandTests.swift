import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// The bad inputs of SPEC's error list that are folders of images or HDF5 files, through the
/// command line: one line naming the file and the problem, status 2, no output, input untouched.
final class BadFolderAndFileCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("badfolder") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A folder of `count` 8-bit PNGs written by kikuchi itself.
    private func pngFolder(_ name: String, count: Int = 4, width: Int = 12, height: Int = 10) throws -> String {
        let batch = SyntheticPatterns.batch(width: width, height: height, count: count, pixelType: .uint8)
        try SyntheticPatterns.write(batch, to: path(name))
        try FileManager.default.removeItem(atPath: path("\(name)/scan.json"))
        return path(name)
    }

    func testFolderWithAMissingIndexNamesIt() throws {
        let input = try pngFolder("gap", count: 5)
        try FileManager.default.removeItem(atPath: "\(input)/2.png")
        try assertFailsCleanly(
            ["repack", input, path("out.up1")], status: 2,
            mentions: ["gap", "pattern 2 is missing"], output: path("out.up1"), inputs: [input])
    }

    func testFolderWithMixedPatternSizes() throws {
        let input = try pngFolder("mixed", count: 3)
        let odd = try pngFolder("odd", count: 1, width: 14, height: 10)
        try FileManager.default.removeItem(atPath: "\(input)/1.png")
        try FileManager.default.moveItem(atPath: "\(odd)/0.png", toPath: "\(input)/1.png")
        try assertFailsCleanly(
            ["repack", input, path("out.up1")], status: 2,
            mentions: ["1.png", "14 x 10", "12 x 10"], output: path("out.up1"), inputs: [input])
    }

    func testCorruptPNG() throws {
        let input = try pngFolder("corrupt", count: 3)
        let png = try Data(contentsOf: URL(fileURLWithPath: "\(input)/1.png"))
        try Data(png.prefix(png.count / 2)).write(to: URL(fileURLWithPath: "\(input)/1.png"))
        try assertFailsCleanly(
            ["repack", input, path("out.up1")], status: 2,
            mentions: ["1.png", "PNG"], output: path("out.up1"), inputs: [input])
    }

    func testCorruptJPEG() throws {
        let batch = SyntheticPatterns.batch(width: 16, height: 16, count: 3, pixelType: .uint8)
        try SyntheticPatterns.write(batch, to: path("s.up1"))
        XCTAssertEqual(try CommandRunner.run(["unpack", path("s.up1"), path("jpegs"), "--format", "jpeg", "--quiet"]).status, 0)
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: path("jpegs/2.jpg")))
        try Data(jpeg.prefix(jpeg.count - 40)).write(to: URL(fileURLWithPath: path("jpegs/2.jpg")))
        try assertFailsCleanly(
            ["repack", path("jpegs"), path("out.up1")], status: 2,
            mentions: ["2.jpg", "JPEG"], output: path("out.up1"), inputs: [path("jpegs")])
    }

    func testHDF5FileWithoutPatterns() throws {
        // An HDF5 file that is a valid container but no EBSD scan: one of the fixtures' string files.
        let input = TestPaths.fixture("h5ebsd/strings.h5").path
        try assertFailsCleanly(
            ["convert", input, path("out.up2")], status: 2,
            mentions: ["strings.h5", "not an EBSD HDF5 file"], output: path("out.up2"), inputs: [input])
    }

    func testFileThatIsNotHDF5() throws {
        try Data("not hdf5 at all".utf8).write(to: URL(fileURLWithPath: path("fake.h5")))
        try assertFailsCleanly(
            ["info", path("fake.h5")], status: 2, mentions: ["fake.h5", "not an HDF5 file"],
            output: nil, inputs: [path("fake.h5")])
    }
}
