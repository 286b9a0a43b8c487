/// Names Keras derives for layers.
enum KerasNaming {
    /// Keras 3's `to_snake_case`: drop non-word characters, put `_` before an upper-case letter that
    /// starts a lower-case run (`(.)([A-Z][a-z]+)`), then between a lower-case and an upper-case
    /// letter (`([a-z])([A-Z])`), and lower everything: Conv2DTranspose -> conv2d_transpose,
    /// LeakyReLU -> leaky_re_lu.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var first: [Character] = []
        var index = 0
        while index < characters.count {
            if index + 2 < characters.count, characters[index + 1].isUppercase, characters[index + 2].isLowercase {
                first += [characters[index], "_", characters[index + 1]]
                index += 2
                while index < characters.count && characters[index].isLowercase {
                    first.append(characters[index])
                    index += 1
                }
            } else {
                first.append(characters[index])
                index += 1
            }
        }
        var second: [Character] = []
        index = 0
        while index < first.count {
            if index + 1 < first.count, first[index].isLowercase, first[index + 1].isUppercase {
                second += [first[index], "_", first[index + 1]]
                index += 2
            } else {
                second.append(first[index])
                index += 1
            }
        }
        return String(second).lowercased()
    }

    /// The group names of a Keras 3 weights file for `layers` (in `model.layers` order): the snake
    /// case class name, then `_1`, `_2`, ... for the second and later layers of a class.
    static func weightGroupNames(_ layers: [Layer]) -> [String] {
        var seen: [String: Int] = [:]
        return layers.map { layer in
            let base = snakeCase(layer.className)
            let count = seen[base, default: 0]
            seen[base] = count + 1
            return count == 0 ? base : "\(base)_\(count)"
        }
    }
}
