import Foundation

/// A Keras-like table of a model's layers: name, class, output shape, weights and inputs, for
/// `kikuchi info MODEL`.
public struct ModelSummary: Sendable {
    public struct Row: Sendable {
        public let name: String
        public let className: String
        public let outputShape: FeatureShape
        public let parameterCount: Int
        /// The layers feeding this one (empty for the input).
        public let inputs: [String]
    }

    public let name: String
    public let kind: Model.Kind
    public let inputShape: FeatureShape
    public let outputShape: FeatureShape
    public let rows: [Row]
    public let totalParameters: Int

    public init(_ model: Model) {
        name = model.name
        kind = model.kind
        inputShape = model.inputShape
        outputShape = model.outputShape
        rows = model.layers.indices.map { index in
            let layer = model.layers[index]
            return Row(
                name: layer.name, className: layer.className, outputShape: model.outputShapes[index],
                parameterCount: layer.parameterCount, inputs: model.inbound[index].map { model.layers[$0].name })
        }
        totalParameters = model.parameterCount
    }

    /// The table as text, one layer per line, as `model.summary()` lays it out.
    public var text: String {
        let showInputs = kind == .functional
        let header = ["Layer (type)", "Output Shape", "Param #"] + (showInputs ? ["Connected to"] : [])
        let body = rows.map { row in
            ["\(row.name) (\(row.className))", row.outputShape.description, String(row.parameterCount)]
                + (showInputs ? [row.inputs.joined(separator: ", ")] : [])
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }
        let rule = String(repeating: "-", count: widths.reduce(0) { $0 + $1 + 3 })
        return
            ([#"Model: "\#(name)" (\#(kind.rawValue))"#, rule, line(header), rule] + body.map(line)
            + [rule, "Total params: \(totalParameters)"]).joined(separator: "\n")
    }

    /// The summary as JSON-ready values (for `--json`).
    public var jsonObject: [String: Any] {
        [
            "name": name, "kind": kind.rawValue, "total_params": totalParameters,
            "input_shape": inputShape.jsonArray, "output_shape": outputShape.jsonArray,
            "layers": rows.map { row in
                [
                    "name": row.name, "class_name": row.className, "output_shape": row.outputShape.jsonArray,
                    "params": row.parameterCount, "inputs": row.inputs
                ] as [String: Any]
            }
        ]
    }
}
