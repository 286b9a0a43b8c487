import KikuchiIO

extension PatternBatch {
    /// Every pattern as float values in its own units, one row-major count x pixels matrix, converted
    /// in one pass (the classic denoisers' GEMMs and distance loops read it directly).
    func floatMatrix() -> [Float] {
        var matrix: [Float] = []
        writeFloats(into: &matrix)
        return matrix
    }
}

extension PatternBatch {
    /// Writes every pattern as floats into `matrix` (count x pixels, row-major), reusing its storage
    /// when it is large enough, so a pass over a scan allocates its float batch once.
    func writeFloats(into matrix: inout [Float]) {
        let total = count * pixelsPerPattern
        if matrix.count < total { matrix = [Float](repeating: 0, count: total) }
        matrix.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBytes { raw in
                switch pixelType {
                case .uint8:
                    let p = raw.bindMemory(to: UInt8.self)
                    for i in 0..<total { out[i] = Float(p[i]) }
                case .uint16:
                    let p = raw.bindMemory(to: UInt16.self)
                    for i in 0..<total { out[i] = Float(p[i]) }
                case .float32:
                    let p = raw.bindMemory(to: Float.self)
                    for i in 0..<total { out[i] = p[i] }
                }
            }
        }
    }
}
