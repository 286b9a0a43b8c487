import KikuchiTestSupport
import XCTest

final class TestPathsTests: XCTestCase {
    func testPackageRootHoldsPackageManifest() {
        XCTAssertTrue(FileManager.default.fileExists(atPath: TestPaths.packageRoot.appendingPathComponent("Package.swift").path))
    }
}
