/// The windows that tie an "image" (imageHeight x imageWidth x channels) to a "grid" of window
/// positions: grid cell (gy, gx) and kernel tap (a, b) meet image cell
/// (gy * strideRows + a - padTop, gx * strideColumns + b - padLeft); cells outside the image are
/// zero padding.
///
/// Both convolutions are built on it. For Conv2D the image is the input and the grid its output
/// (im2col gathers patches, col2im scatters patch gradients back); for Conv2DTranspose the image
/// is the output and the grid its input (the forward pass scatters, the backward pass gathers).
/// A patch is kernelRows x kernelColumns x channels values in (a, b, c) order, the order of
/// Keras' kernels, so patch matrices multiply kernels without reshuffling.
struct ConvolutionPatches {
    let imageHeight: Int
    let imageWidth: Int
    let channels: Int
    let gridHeight: Int
    let gridWidth: Int
    let kernelRows: Int
    let kernelColumns: Int
    let strideRows: Int
    let strideColumns: Int
    let padTop: Int
    let padLeft: Int

    var patchLength: Int { kernelRows * kernelColumns * channels }

    /// The most grid rows whose patches fit one workspace tile (at least one).
    var bandRows: Int {
        max(1, min(gridHeight, Workspace.tileElements / max(gridWidth * patchLength, 1)))
    }

    /// Calls `body(first grid row, row count)` for consecutive bands of `bandRows` grid rows.
    func forEachBand(_ body: (Int, Int) -> Void) {
        var first = 0
        while first < gridHeight {
            let count = min(bandRows, gridHeight - first)
            body(first, count)
            first += count
        }
    }

    /// im2col: the patches of grid rows `first ..< first + count`, one row of `patchLength` each.
    func gather(from image: UnsafePointer<Float>, firstRow: Int, rowCount: Int, into patches: UnsafeMutablePointer<Float>) {
        let tapLength = channels
        var patch = patches
        for gridRow in firstRow..<firstRow + rowCount {
            let top = gridRow * strideRows - padTop
            for gridColumn in 0..<gridWidth {
                let left = gridColumn * strideColumns - padLeft
                for a in 0..<kernelRows {
                    let imageRow = top + a
                    let destination = patch + a * kernelColumns * tapLength
                    guard imageRow >= 0 && imageRow < imageHeight else {
                        destination.update(repeating: 0, count: kernelColumns * tapLength)
                        continue
                    }
                    for b in 0..<kernelColumns {
                        let imageColumn = left + b
                        if imageColumn < 0 || imageColumn >= imageWidth {
                            (destination + b * tapLength).update(repeating: 0, count: tapLength)
                        } else {
                            (destination + b * tapLength).update(
                                from: image + (imageRow * imageWidth + imageColumn) * tapLength,
                                count: tapLength)
                        }
                    }
                }
                patch += patchLength
            }
        }
    }

    /// col2im: adds each patch value of grid rows `first ..< first + count` into its image cell,
    /// dropping those that fall in the padding.
    func scatterAdd(_ patches: UnsafePointer<Float>, firstRow: Int, rowCount: Int, into image: UnsafeMutablePointer<Float>) {
        let tapLength = channels
        var patch = patches
        for gridRow in firstRow..<firstRow + rowCount {
            let top = gridRow * strideRows - padTop
            for gridColumn in 0..<gridWidth {
                let left = gridColumn * strideColumns - padLeft
                for a in 0..<kernelRows {
                    let imageRow = top + a
                    guard imageRow >= 0 && imageRow < imageHeight else { continue }
                    for b in 0..<kernelColumns {
                        let imageColumn = left + b
                        guard imageColumn >= 0 && imageColumn < imageWidth else { continue }
                        let source = patch + (a * kernelColumns + b) * tapLength
                        let target = image + (imageRow * imageWidth + imageColumn) * tapLength
                        for channel in 0..<tapLength { target[channel] += source[channel] }
                    }
                }
                patch += patchLength
            }
        }
    }
}
