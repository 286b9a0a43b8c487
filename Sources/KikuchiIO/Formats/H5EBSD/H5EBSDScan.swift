import Foundation
import KikuchiCore
import KikuchiHDF5

/// One scan found in an h5ebsd file: where its patterns are, how they are stored and what the
/// header says; built by `locate`, used by `H5EBSDReader`.
struct H5EBSDScan {
    let layout: H5EBSDLayout
    /// The scan's top group (`Scan 1`, `1`, ...), or `EMData/EBSD` for EMsoft.
    let groupName: String
    let patterns: HDF5Dataset
    /// Patterns stored (rows, columns, H, W) rather than (N, H, W): the map columns.
    let storedColumns: Int?
    /// Bruker regions of interest: the file position of each pattern in map order.
    let fileOrder: [Int]?
    let background: HDF5Dataset?
    let description: ScanDescription

    /// The scan `options.scanGroup` names (the first one when nil) in `file`.
    static func locate(in file: HDF5File, options: ReadOptions) throws -> H5EBSDScan {
        let path = file.path
        var found: [(name: String, layout: H5EBSDLayout, dataset: String)] = []
        for name in try file.root.groupNames() {
            for layout in H5EBSDLayout.allCases {
                if let dataset = try layout.patternDatasetNames.first(where: { try file.root.hasDataset("\(name)/EBSD/Data/\($0)") }) {
                    found.append((name, layout, "\(name)/EBSD/Data/\(dataset)"))
                    break
                }
            }
        }
        if found.isEmpty, try file.root.hasDataset(H5EBSDLayout.emsoftPatterns) {
            if let wanted = options.scanGroup {
                throw KikuchiError.badInput(path, "no scan '\(wanted)': an EMsoft pattern file has a single scan and no scan groups")
            }
            return try emsoft(file)
        }
        guard !found.isEmpty else {
            throw KikuchiError.badInput(path, "not an EBSD HDF5 file: no patterns dataset in any known h5ebsd layout (kikuchipy, EDAX, Bruker, Oxford, EMsoft)")
        }
        var chosen = found[0]
        if let wanted = options.scanGroup {
            let matches = found.filter { $0.name == wanted || $0.name == "Scan \(wanted)" || "Scan \($0.name)" == wanted }
            guard let match = matches.first else {
                let names = found.map(\.name).joined(separator: ", ")
                throw KikuchiError.badInput(path, "no scan '\(wanted)' (scans in the file: \(names))")
            }
            chosen = match
        }
        var scan = try vendor(file, group: chosen.name, layout: chosen.layout, datasetPath: chosen.dataset, options: options)
        if found.count > 1 {
            scan.details["scans"] = found.map(\.name).joined(separator: ", ")
        }
        return try H5EBSDScan(scan, options: options, path: path)
    }

    // MARK: - Dialects

    /// What a dialect reader fills in before the common checks.
    private struct Found {
        var layout: H5EBSDLayout
        var groupName: String
        var patterns: HDF5Dataset
        var geometry: MapGeometry?
        var headerWidth: Int?
        var headerHeight: Int?
        var fileOrder: [Int]?
        var background: HDF5Dataset?
        var details: [String: String]
    }

    private static func vendor(
        _ file: HDF5File, group name: String, layout: H5EBSDLayout,
        datasetPath: String, options: ReadOptions
    ) throws -> Found {
        let scanGroup = try file.group(name)
        let header = try scanGroup.hasGroup("EBSD/Header") ? H5EBSDHeader(group: try scanGroup.group("EBSD/Header")) : nil
        let keys = layout.headerKeys
        var details: [String: String] = ["layout": layout.rawValue, "scanGroup": name, "patternsDataset": "/" + datasetPath]
        var geometry: MapGeometry?
        var fileOrder: [Int]?
        if let header, let columns = try header.integer(keys.columns), let rows = try header.integer(keys.rows) {
            let grid = try gridKind(header: header, layout: layout, path: file.path)
            geometry = MapGeometry(
                columns: columns, rows: rows,
                stepX: try header.number(keys.stepX) ?? 1, stepY: try header.number(keys.stepY) ?? 1, grid: grid)
        }
        if layout == .bruker, try scanGroup.hasDataset("EBSD/SEM/IX"), try scanGroup.hasDataset("EBSD/SEM/IY") {
            let region = try brukerRegion(x: try scanGroup.dataset("EBSD/SEM/IX"), y: try scanGroup.dataset("EBSD/SEM/IY"), path: file.path)
            fileOrder = region.order
            geometry = MapGeometry(
                columns: region.columns, rows: region.rows,
                stepX: geometry?.stepX ?? 1, stepY: geometry?.stepY ?? 1)
            details["regionOfInterest"] = "\(region.columns) x \(region.rows) from column \(region.firstColumn), row \(region.firstRow)"
        }
        var background: HDF5Dataset?
        if let header, let key = layout.staticBackgroundKey, let dataset = try header.dataset(key), dataset.elementCount > 1 {
            background = dataset
            details["staticBackground"] = "\(dataset.objectPath)"
        }
        if let header { try describeDetector(header: header, data: try scanGroup.group("EBSD/Data"), layout: layout, into: &details) }
        return Found(
            layout: layout, groupName: name, patterns: try file.dataset(datasetPath), geometry: geometry,
            headerWidth: try header?.integer(keys.width),
            headerHeight: try header?.integer(keys.height),
            fileOrder: fileOrder, background: background, details: details)
    }

    private static func emsoft(_ file: HDF5File) throws -> H5EBSDScan {
        let names =
            try file.root.hasGroup(H5EBSDLayout.emsoftNameList)
            ? H5EBSDHeader(group: try file.group(H5EBSDLayout.emsoftNameList)) : nil
        var details: [String: String] = [
            "layout": "emsoft", "scanGroup": "EMData/EBSD",
            "patternsDataset": "/" + H5EBSDLayout.emsoftPatterns
        ]
        if let names {
            let facts = [("xpc", "pcx"), ("ypc", "pcy"), ("L", "detectorDistance"), ("thetac", "cameraTilt"), ("delta", "detectorPixelSize")]
            for (key, name) in facts {
                if let value = try names.number(key) { details[name] = format(value) }
            }
            details["pcConvention"] = "emsoft"
        }
        let found = Found(
            layout: .emsoft, groupName: "EMData/EBSD", patterns: try file.dataset(H5EBSDLayout.emsoftPatterns),
            geometry: nil, headerWidth: try names?.integer("numsx"),
            headerHeight: try names?.integer("numsy"), fileOrder: nil, background: nil, details: details)
        return try H5EBSDScan(found, options: ReadOptions(), path: file.path)
    }

    /// The common checks: shape and type of the patterns against the header's sizes and map.
    private init(_ found: Found, options: ReadOptions, path: String) throws {
        let shape = found.patterns.shape
        let name = found.patterns.objectPath
        var storedCount: Int
        switch shape.count {
        case 2: storedCount = 1
        case 3: storedCount = shape[0]
        case 4: storedCount = shape[0] * shape[1]
        default: throw KikuchiError.badInput(path, "patterns dataset \(name) has shape \(shape); expected (N, H, W) or (rows, columns, H, W)")
        }
        let height = shape[shape.count - 2], width = shape[shape.count - 1]
        guard width > 0, height > 0 else {
            throw KikuchiError.badInput(path, "patterns dataset \(name) of shape \(shape) holds patterns of \(width) x \(height) pixels")
        }
        if let expected = found.headerWidth, let expectedHeight = found.headerHeight, expected != width || expectedHeight != height {
            throw KikuchiError.badInput(
                path, "patterns dataset \(name) holds \(width) x \(height) patterns but the header says \(expected) x \(expectedHeight)")
        }
        let pixelType: PixelType
        switch found.patterns.elementType.nativeType {
        case .uint8?: pixelType = .uint8
        case .uint16?: pixelType = .uint16
        case .float32?, .float64?: pixelType = .float32
        default:
            throw KikuchiError.badInput(
                path, "patterns dataset \(name) holds \(found.patterns.elementType) values; kikuchi reads uint8, uint16 and float32 patterns")
        }
        var details = found.details
        if found.patterns.elementType.nativeType == .float64 { details["storedType"] = "float64 (read as float32)" }
        // kikuchi's record of a scan-wide map: value = stored x intensity_scale + intensity_offset.
        for (attribute, detail) in [("intensity_scale", "intensityScale"), ("intensity_offset", "intensityOffset")]
        where try found.patterns.hasAttribute(attribute) {
            if let value = try found.patterns.readNumericAttribute(attribute, as: Double.self).first { details[detail] = "\(value)" }
        }
        // Every pattern of a scan is stored: a dataset beyond what the file can hold is damage.
        if let type = found.patterns.elementType.nativeType { try found.patterns.checkReadable(shape, as: type) }
        var geometry = found.geometry ?? (shape.count == 4 ? MapGeometry(columns: shape[1], rows: shape[0]) : .line(of: storedCount))
        _ = try CheckedSize.patternCount(of: geometry, in: path)
        if shape.count == 4, geometry.columns * geometry.rows != storedCount {
            geometry = MapGeometry(columns: shape[1], rows: shape[0], stepX: geometry.stepX, stepY: geometry.stepY, grid: geometry.grid)
        }
        if geometry.grid == .hex, storedCount == geometry.columns * geometry.rows, geometry.patternCount != storedCount {
            geometry.hexRowsFull = true
        }
        if let order = found.fileOrder, order.count != storedCount {
            throw KikuchiError.badInput(path, "the region of interest lists \(order.count) positions but \(name) holds \(storedCount) patterns")
        }
        var count = geometry.patternCount
        if storedCount < count {
            guard options.allowPartial else {
                throw KikuchiError.badInput(
                    path,
                    "\(name) holds \(storedCount) patterns but the header describes a \(geometry.columns) x \(geometry.rows) map of \(count); pass --allow-partial to read the \(storedCount) there are"
                )
            }
            details["partial"] = "\(storedCount) of \(count) patterns"
            count = storedCount
        } else if storedCount > count {
            throw KikuchiError.badInput(
                path, "\(name) holds \(storedCount) patterns but the header describes a \(geometry.columns) x \(geometry.rows) map of only \(count)")
        }
        layout = found.layout
        groupName = found.groupName
        patterns = found.patterns
        storedColumns = shape.count == 4 ? shape[1] : nil
        fileOrder = found.fileOrder
        background = found.background
        description = ScanDescription(
            width: width, height: height, count: count, pixelType: pixelType,
            geometry: geometry, format: .h5ebsd, details: details)
    }

    // MARK: - Header facts

    private static func gridKind(header: H5EBSDHeader, layout: H5EBSDLayout, path: String) throws -> GridKind {
        switch layout {
        case .kikuchipy: return try header.string("grid_type")?.lowercased() == "hexagonal" ? .hex : .square
        case .edax: return try header.string("Grid Type") == "HexGrid" ? .hex : .square
        case .bruker:
            let grid = try header.string("Grid Type") ?? "isometric"
            guard grid == "isometric" else {
                throw KikuchiError.badInput(path, "Bruker grid type '\(grid)' is not supported (only 'isometric', a square grid)")
            }
            return .square
        case .oxford, .emsoft: return .square
        }
    }

    /// Pattern centre and tilt facts that are cheap to read: single values, or a note that
    /// they are stored per pattern.
    private static func describeDetector(
        header: H5EBSDHeader, data: HDF5Group, layout: H5EBSDLayout,
        into details: inout [String: String]
    ) throws {
        let data = H5EBSDHeader(group: data)
        var sources: [(H5EBSDHeader, String, String)] = []
        switch layout {
        case .kikuchipy:
            sources = [
                (header, "pcx", "pcx"), (header, "pcy", "pcy"), (header, "pcz", "pcz"),
                (header, "sample_tilt", "sampleTilt"), (header, "elevation_angle", "cameraTilt"),
                (header, "azimuth_angle", "cameraAzimuth")
            ]
            details["pcConvention"] = "bruker"
        case .edax:
            let calibration =
                try header.group.hasGroup("Pattern Center Calibration")
                ? H5EBSDHeader(group: try header.group.group("Pattern Center Calibration")) : header
            sources = [
                (calibration, "x-star", "pcx"), (calibration, "y-star", "pcy"), (calibration, "z-star", "pcz"),
                (header, "Sample Tilt", "sampleTilt"), (header, "Camera Elevation Angle", "cameraTilt"),
                (header, "Camera Azimuthal Angle", "cameraAzimuth")
            ]
            details["pcConvention"] = "edax"
        case .bruker:
            sources = [
                (data, "PCX", "pcx"), (data, "PCY", "pcy"), (data, "DD", "pcz"),
                (header, "SampleTilt", "sampleTilt"), (header, "CameraTilt", "cameraTilt")
            ]
            details["pcConvention"] = "bruker"
        case .oxford:
            sources = [(data, "Pattern Center X", "pcx"), (data, "Pattern Center Y", "pcy"), (data, "Detector Distance", "pcz")]
            details["pcConvention"] = "oxford"
            if let radians = try header.number("Tilt Angle") { details["sampleTilt"] = format(radians * 180 / .pi) }
        case .emsoft:
            return
        }
        for (group, key, name) in sources {
            if let value = try group.number(key) {
                details[name] = format(value)
            } else if let values = try group.numbers(key, limit: 1 << 16), let first = values.first {
                let mean = values.reduce(0, +) / Double(values.count)
                details[name] = "per pattern (\(values.count) values, first \(format(first)), mean \(format(mean)))"
            } else if let count = try group.count(key), count > 0 {
                details[name] = "per pattern (\(count) values)"
            }
        }
    }

    /// A Bruker region of interest from the map positions `IX`, `IY` of the stored patterns:
    /// it must be a full rectangle (every column and row present equally often, no gaps), as
    /// kikuchipy requires; `order[m]` is the file position of the pattern at map index m.
    private static func brukerRegion(x: HDF5Dataset, y: HDF5Dataset, path: String)
        throws -> (order: [Int], columns: Int, rows: Int, firstColumn: Int, firstRow: Int)
    {
        let xs = try x.read(as: Int64.self).map { Int($0) }, ys = try y.read(as: Int64.self).map { Int($0) }
        guard xs.count == ys.count, let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else {
            throw KikuchiError.badInput(path, "the Bruker region of interest (EBSD/SEM/IX, IY) is empty or inconsistent")
        }
        // Positions of a full rectangle number columns x rows: checked before anything is allocated.
        let (spanX, overflowX) = maxX.subtractingReportingOverflow(minX)
        let (spanY, overflowY) = maxY.subtractingReportingOverflow(minY)
        guard !overflowX, !overflowY, spanX < xs.count, spanY < xs.count, (spanX + 1) * (spanY + 1) == xs.count else {
            throw KikuchiError.badInput(path, "only a rectangular Bruker region of interest is supported")
        }
        let columns = spanX + 1, rows = spanY + 1
        var order = [Int](repeating: -1, count: columns * rows)
        var complete = true
        for (position, (column, row)) in zip(xs, ys).enumerated() where complete {
            let index = (row - minY) * columns + (column - minX)
            if order[index] >= 0 { complete = false } else { order[index] = position }
        }
        guard complete else {
            throw KikuchiError.badInput(path, "only a rectangular Bruker region of interest is supported")
        }
        return (order, columns, rows, minX, minY)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
