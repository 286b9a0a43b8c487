import KikuchiCore
import KikuchiDenoise
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// The method registry: one name per method, each made by name with the bundled models, and the
/// identity settings on which resume and merge depend.
final class DenoiserMethodTests: XCTestCase {
    func testEveryMethodIsMadeByItsName() throws {
        let settings = DenoiserSettings(scanPath: "scan.up2")
        for method in DenoiserMethod.allCases {
            XCTAssertEqual(try DenoiserMethod(named: method.rawValue), method)
            let denoiser = try settings.make(method)
            XCTAssertEqual(denoiser == nil, method == .raw, "\(method): only raw has no denoiser")
            XCTAssertFalse(method.summary.isEmpty)
        }
        XCTAssertTrue(try settings.make(.regionsNetwork) is NeighbourNetwork)
        XCTAssertTrue(try settings.make(.regions) is RegionAveraging)
        XCTAssertTrue(try settings.make(.nlparAutoencoder) is AveragingThenAutoencoder)
    }

    func testUnknownNamesListTheChoices() {
        XCTAssertThrowsError(try DenoiserMethod(named: "median")) {
            XCTAssertEqual("\($0)", "unknown method 'median'; choose from \(DenoiserMethod.names.joined(separator: ", "))")
        }
        XCTAssertThrowsError(try DenoiserMethod(named: "raw", allowingRaw: false)) {
            XCTAssertFalse("\($0)".contains("raw,"), "raw is not offered where it cannot be chosen")
        }
    }

    func testIdentityNamesEveryNumberChangingSetting() {
        var settings = DenoiserSettings(scanPath: "scan.up2")
        settings.lambda = "auto"
        settings.radius = 2
        func line(_ method: DenoiserMethod) -> String {
            settings.identity(of: method).map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
        }
        XCTAssertEqual(line(.nlpar), "lambda=auto; radius=2")
        XCTAssertEqual(line(.regions), "radius=2")
        XCTAssertEqual(line(.npa), "window=3x3; kernel=circular")
        XCTAssertEqual(line(.dynamicBackground), "sigma=default")
        XCTAssertEqual(line(.staticBackground), "")
        XCTAssertTrue(line(.regionsNetwork).hasPrefix("radius=2; model=/"), line(.regionsNetwork))
        XCTAssertTrue(line(.regionsNetwork).contains("regions-network.h5 ("), "the bundled model's file, size and time")
        XCTAssertTrue(line(.regionsNetwork).hasSuffix("; guard=0.15; blend=regions 2"), line(.regionsNetwork))
        XCTAssertTrue(line(.nlparNetwork).hasSuffix("; guard=0.15; blend=regions 3"), "after NLPAR the judge reaches one step further")
        settings.guardMargin = nil
        XCTAssertTrue(line(.autoencoder).hasSuffix("; guard=off; blend=off"), "a run without the guard never resumes one with it")
        XCTAssertTrue(line(.regionsNetwork).hasSuffix("; guard=off; blend=off"), "nor one without the blend one with it")
        settings.guardMargin = DenoiserSettings.defaultGuardMargin
        XCTAssertTrue(line(.nlparAutoencoder).hasPrefix("lambda=auto; radius=2; model="))
        XCTAssertTrue(
            line(.nlparAutoencoder).hasSuffix("clahe-before=-; clahe-after=-; input-range=pattern; output-range=pattern; guard=0.15; blend=regions 2"))
    }

    func testComparedMethodsFollowTheModelsFound() {
        XCTAssertEqual(DenoiserMethod.compared(modelGiven: true).map(\.rawValue), ["raw", "autoencoder", "pca", "nlpar", "npa", "regions"])
        XCTAssertEqual(
            DenoiserMethod.compared(modelGiven: false).map(\.rawValue),
            ["raw", "autoencoder", "pca", "nlpar", "npa", "regions", "nlpar-network", "regions-network"])
        XCTAssertEqual(DenoiserMethod.demonstrated.count, 9)
    }
}
