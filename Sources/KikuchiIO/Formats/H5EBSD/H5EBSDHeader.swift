import Foundation
import KikuchiHDF5

/// Reads the small header datasets of an h5ebsd scan: numbers and strings stored as scalars or
/// one-element arrays (kikuchipy and EDAX write shape (1,), Bruker writes scalars).
struct H5EBSDHeader {
    let group: HDF5Group

    /// The dataset called `key`, also matching names written with leading spaces (EDAX does).
    func dataset(_ key: String) throws -> HDF5Dataset? {
        guard !key.isEmpty else { return nil }
        if try group.hasDataset(key) { return try group.dataset(key) }
        if let padded = try group.datasetNames().first(where: { $0.trimmingCharacters(in: .whitespaces) == key }) {
            return try group.dataset(padded)
        }
        return nil
    }

    /// The single number stored under `key`; nil when absent, not numeric or not one value.
    func number(_ key: String) throws -> Double? {
        guard let dataset = try dataset(key), dataset.elementCount == 1,
            dataset.elementType.kind == .integer || dataset.elementType.kind == .float
        else { return nil }
        return try dataset.read(as: Double.self).first
    }

    /// The single whole number stored under `key`; nil when absent, or not a whole number an
    /// `Int` holds (a damaged file's NaN or 1e300 is no size).
    func integer(_ key: String) throws -> Int? {
        try number(key).flatMap { Int(exactly: $0) }
    }

    /// The numbers under `key` when there are at most `limit` of them (a per-pattern array of a
    /// large map is not read just to describe it).
    func numbers(_ key: String, limit: Int) throws -> [Double]? {
        guard let dataset = try dataset(key), dataset.elementCount <= limit,
            dataset.elementType.kind == .integer || dataset.elementType.kind == .float
        else { return nil }
        return try dataset.read(as: Double.self)
    }

    /// The element count of the dataset under `key`, or nil when absent.
    func count(_ key: String) throws -> Int? {
        try dataset(key)?.elementCount
    }

    /// The single string stored under `key`, trimmed; nil when absent or not a string.
    func string(_ key: String) throws -> String? {
        guard let dataset = try dataset(key), dataset.elementType.kind == .string else { return nil }
        return try dataset.readStrings().first?.trimmingCharacters(in: .whitespaces)
    }
}
