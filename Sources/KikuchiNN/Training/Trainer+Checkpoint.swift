import Foundation
import KikuchiCore

/// The checkpoint a trainer writes after every epoch and resumes from: everything that decides
/// the rest of the run. The file is a line `kikuchi-training-checkpoint 1`, a line with the
/// length of a JSON header, the header (settings, epochs done, optimiser steps, the random
/// state, the history, early-stopping state, value count) and then the values as little-endian
/// float32: every parameter of every layer (moving statistics included), then Adam's first and
/// second moments in the same order. It is written under a temporary name and renamed into
/// place, so a run killed while writing leaves the previous checkpoint whole.
extension Trainer {
    static let checkpointMagic = "kikuchi-training-checkpoint 1"

    private struct Header: Codable {
        var settings: String
        var epochsDone: Int
        var iterations: Int
        var randomState: String
        var history: [[Double?]]
        var bestValidationLoss: Double?
        var epochsWithoutImprovement: Int
        var stoppedEarly: Bool
        var valueCount: Int
    }

    /// Writes the checkpoint to `path` atomically.
    public func writeCheckpoint(to path: String) throws {
        let history = self.history.map { [Double($0.epoch), $0.loss, $0.validationLoss, $0.learningRate, $0.seconds] }
        var values: [Float] = []
        for layer in model.layers { for parameter in layer.parameters { values += parameter.values } }
        for state in [optimizer.moments, optimizer.velocities] { for layer in state.values { for parameter in layer { values += parameter } } }
        let header = Header(
            settings: configuration.resumeFingerprint, epochsDone: epochsDone, iterations: optimizer.iterations,
            randomState: String(random.state), history: history,
            bestValidationLoss: bestValidationLoss.isFinite ? bestValidationLoss : nil,
            epochsWithoutImprovement: epochsWithoutImprovement, stoppedEarly: stoppedEarly, valueCount: values.count)
        let json = try JSONEncoder().encode(header)
        var data = Data("\(Trainer.checkpointMagic)\n\(json.count)\n".utf8)
        data.append(json)
        let littleEndian = values.map { $0.bitPattern.littleEndian }
        littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
        let temporary = OutputPath.hiddenSibling(of: path, suffix: ".partial")
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw KikuchiError.processing(path, "cannot write the checkpoint: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KikuchiError.processing(path, "cannot move the checkpoint into place: \(reason)")
        }
    }

    /// Restores the state of the checkpoint at `path`, which must come from a run with the same
    /// settings and model.
    public func restoreCheckpoint(from path: String) throws {
        guard let data = RawFile.contents(of: path).map({ Data($0) }) else {
            throw KikuchiError.badInput(path, "no checkpoint to resume from")
        }
        func bad(_ problem: String) -> KikuchiError { .badInput(path, problem) }
        let lines = data.prefix(200).split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, String(decoding: lines[0], as: UTF8.self) == Trainer.checkpointMagic,
            let length = Int(String(decoding: lines[1], as: UTF8.self)), length >= 0, length <= data.count
        else {
            throw bad("not a kikuchi training checkpoint")
        }
        let start = lines[0].count + lines[1].count + 2
        guard data.count >= start + length, let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: start..<start + length)) else {
            throw bad("the checkpoint's header is damaged")
        }
        let epochsValid = header.history.allSatisfy { row in
            row.count == 5 && row[0].map { $0.isFinite && $0 >= 0 && $0 <= Double(Int32.max) } == true
        }
        guard header.epochsDone >= 0, header.iterations >= 0, header.epochsWithoutImprovement >= 0, epochsValid else {
            throw bad("the checkpoint's header is damaged (negative counts, or a history row that is not epoch, loss, validation loss, learning rate, seconds)")
        }
        guard header.settings == configuration.resumeFingerprint else {
            throw bad("the checkpoint was made with other settings (\(header.settings)); resume with those")
        }
        let parameterCount = model.layers.reduce(0) { $0 + $1.parameters.reduce(0) { $0 + $1.values.count } }
        let valuesStart = start + length
        guard header.valueCount == 3 * parameterCount, data.count == valuesStart + 4 * header.valueCount,
            let randomState = UInt64(header.randomState)
        else {
            throw bad("the checkpoint does not fit this model (\(header.valueCount / 3) weights, the model has \(parameterCount))")
        }
        var values = [Float](repeating: 0, count: header.valueCount)
        data.withUnsafeBytes { raw in
            for index in values.indices {
                values[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: valuesStart + 4 * index, as: UInt32.self)))
            }
        }
        var offset = 0
        func take(_ count: Int) -> [Float] {
            defer { offset += count }
            return Array(values[offset..<offset + count])
        }
        for layer in model.layers { for parameter in layer.parameters { parameter.values = take(parameter.values.count) } }
        var moments = ParameterGradients(zeroFor: model), velocities = ParameterGradients(zeroFor: model)
        for layer in moments.values.indices {
            for parameter in moments.values[layer].indices { moments.values[layer][parameter] = take(moments.values[layer][parameter].count) }
        }
        for layer in velocities.values.indices {
            for parameter in velocities.values[layer].indices { velocities.values[layer][parameter] = take(velocities.values[layer][parameter].count) }
        }
        optimizer.restore(iterations: header.iterations, moments: moments, velocities: velocities)
        random = TrainingRandom(state: randomState)
        history = header.history.map { row in
            EpochRecord(epoch: Int(row[0]!), loss: row[1] ?? .nan, validationLoss: row[2], learningRate: row[3] ?? 0, seconds: row[4] ?? 0)
        }
        bestValidationLoss = header.bestValidationLoss ?? .infinity
        epochsWithoutImprovement = header.epochsWithoutImprovement
        stoppedEarly = header.stoppedEarly
    }
}
