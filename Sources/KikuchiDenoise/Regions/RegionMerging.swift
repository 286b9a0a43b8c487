import CBLAS

/// Statistical region merging of map patterns: adjacent patterns are joined into regions whose
/// averaged patterns agree, the most certain pair first, so that regions grow into grains.
///
/// The model. For unit-length band-pass features (`RegionFeatures`) X_i and X_j of two patterns
/// of the same grain, E[X_i . X_j] = rho^2 (the share of the feature that is signal); for patterns
/// of different grains it is about 0; the noise of one such dot product has a standard deviation
/// sigma. For two regions A and B, with feature sums S_A and S_B over n_A and n_B patterns, the
/// mean cross product m_AB = S_A . S_B / (n_A n_B) is rho^2 or 0 with standard deviation
/// sigma / sqrt(n_A n_B), and
///   z_AB = (m_AB - rho^2 / 2) sqrt(n_A n_B) / sigma
/// says how surely they are one grain. Adjacent regions are merged in order of z while the best
/// z is above -0.5: single patterns (d' = rho^2 / sigma, about 1 at 5 counts per pixel) merge on
/// slight evidence, regions of a few patterns only when their means agree, which is what lets
/// regions grow where a pairwise test (NLPAR's weights) cannot tell neighbours apart.
///
/// Then 5 passes (or fewer, once nothing moves) reassign each pattern to its own or an adjacent
/// pattern's region, whichever maximises X_i . S_k - n_k rho^2 / 2 (its log-likelihood gain of
/// joining region k, up to a factor), its own region counted without it.
///
/// Last, every region of fewer than 3 patterns joins the adjacent region whose mean it agrees
/// with best (the largest m_AB), single patterns first, unless the evidence that they differ is
/// overwhelming: a log-likelihood ratio of the two hypotheses (m_AB = rho^2 or 0),
///   n_A n_B rho^2 (m_AB - rho^2 / 2) / sigma^2,
/// below -15. Left alone, such a region is hardly averaged at all, and at low doses most of them
/// are patterns whose noise hid their grain. A pattern that truly is a grain of its own reaches
/// a ratio far below -15 at the doses where it can be indexed alone, and is kept; at doses where
/// the right joins score just below zero, a grain that small could not be indexed alone anyway.
///
/// The parameters come from the data:
/// - sigma: the standard deviation of X_i . rot180(X_j) over adjacent pairs; turning one pattern
///   by 180 degrees destroys the bands' agreement and keeps the noise;
/// - rho^2: first max(median of X_i . X_j over adjacent pairs, 2 sigma / 3); then, after each
///   segmentation, sum(|S_A|^2 - sum |X_i|^2) / sum n_A (n_A - 1) over regions of at least 4
///   patterns, and the segmentation is repeated (3 rounds in all).
struct RegionMerging {
    /// `count` features of `length` values each, row after row.
    let features: [Float]
    let length: Int
    /// The map neighbours of each pattern (edge neighbours), by index; symmetric.
    let adjacency: [[Int32]]

    static let threshold = -0.5
    static let rounds = 3
    static let refinementPasses = 5
    static let smallestRegionForSignal = 4
    /// Regions smaller than this join a neighbour at the end, unless their log-likelihood
    /// ratio of being one grain with it is below `separateEvidence`.
    static let smallestRegion = 3
    static let separateEvidence = -15.0

    var count: Int { adjacency.count }

    struct Result {
        /// The region of each pattern: the index of one of its patterns.
        let labels: [Int32]
        /// rho^2 and sigma of the last round.
        let signal: Double
        let noise: Double
    }

    func run() -> Result {
        let (noise, medianProduct) = neighbourStatistics()
        var signal = max(medianProduct, 2 * noise / 3)
        guard noise > 0, signal > 0 else {
            return Result(labels: (0..<Int32(count)).map { $0 }, signal: signal, noise: noise)
        }
        // X_i . X_i: 1, or 0 for a flat pattern's zero feature.
        let selfProducts = features.withUnsafeBufferPointer { x in
            (0..<count).map { dot(x.baseAddress! + $0 * length, x.baseAddress! + $0 * length) }
        }
        var labels: [Int32] = []
        for round in 0..<Self.rounds {
            labels = segment(signal: signal, noise: noise)
            refine(&labels, signal: signal, selfProducts: selfProducts)
            if round + 1 < Self.rounds, let estimate = signalEstimate(labels, selfProducts: selfProducts) { signal = estimate }
        }
        let finalSignal = signalEstimate(labels, selfProducts: selfProducts) ?? signal
        absorbSmallRegions(&labels, signal: finalSignal, noise: noise)
        return Result(labels: labels, signal: signal, noise: noise)
    }

    // MARK: - Statistics

    private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Double {
        Double(cblas_sdot(Int32(length), a, 1, b, 1))
    }

    /// sigma (the standard deviation of X_i . rot180(X_j)) and the median of X_i . X_j, over
    /// adjacent pairs.
    private func neighbourStatistics() -> (noise: Double, median: Double) {
        var products: [Double] = [], turned: [Double] = []
        features.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            for i in 0..<count {
                for j in adjacency[i] where Int(j) > i {
                    let a = base + i * length, b = base + Int(j) * length
                    products.append(dot(a, b))
                    var sum = 0.0
                    for k in 0..<length { sum += Double(a[k]) * Double(b[length - 1 - k]) }
                    turned.append(sum)
                }
            }
        }
        guard !products.isEmpty else { return (0, 0) }
        let mean = turned.reduce(0, +) / Double(turned.count)
        let variance = turned.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(turned.count)
        products.sort()
        let middle = products.count / 2
        let median = products.count % 2 == 1 ? products[middle] : (products[middle - 1] + products[middle]) / 2
        return (variance.squareRoot(), median)
    }

    /// The feature sum (`length` values at `region * length`) and the size of each region, by label.
    private func regionTotals(_ labels: [Int32]) -> (sums: [Float], sizes: [Int]) {
        var sums = [Float](repeating: 0, count: count * length)
        var sizes = [Int](repeating: 0, count: count)
        features.withUnsafeBufferPointer { x in
            for i in 0..<count {
                let region = Int(labels[i])
                sizes[region] += 1
                for k in 0..<length { sums[region * length + k] += x[i * length + k] }
            }
        }
        return (sums, sizes)
    }

    /// rho^2 from the regions of at least `smallestRegionForSignal` patterns, or nil without any.
    private func signalEstimate(_ labels: [Int32], selfProducts: [Double]) -> Double? {
        let (sums, sizes) = regionTotals(labels)
        var squares = [Double](repeating: 0, count: count)
        for i in 0..<count { squares[Int(labels[i])] += selfProducts[i] }
        var numerator = 0.0, denominator = 0.0
        sums.withUnsafeBufferPointer { s in
            for region in 0..<count where sizes[region] >= Self.smallestRegionForSignal {
                let sum = s.baseAddress! + region * length
                numerator += dot(sum, sum) - squares[region]
                denominator += Double(sizes[region] * (sizes[region] - 1))
            }
        }
        guard denominator > 0, numerator > 0 else { return nil }
        return numerator / denominator
    }

    // MARK: - Merging

    /// Greedy merging in order of z; the label of a pattern is the index of its region's root.
    private func segment(signal: Double, noise: Double) -> [Int32] {
        var sums = features
        var sizes = [Double](repeating: 1, count: count)
        var parent = (0..<Int32(count)).map { $0 }
        var version = [Int32](repeating: 0, count: count)
        var neighbours = adjacency.map { Set($0) }
        var queue = MergeCandidateQueue()
        sums.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            func push(_ a: Int, _ b: Int) {
                let product = sizes[a] * sizes[b]
                let mean = dot(base + a * length, base + b * length) / product
                let z = (mean - signal / 2) * product.squareRoot() / noise
                // A pair below the threshold is never merged as it stands; should either region
                // change, the pair is scored again. Leaving it out keeps the queue small.
                guard z > Self.threshold else { return }
                let (first, second) = a < b ? (a, b) : (b, a)
                queue.push(
                    .init(
                        score: z, first: Int32(first), second: Int32(second),
                        firstVersion: version[first], secondVersion: version[second]))
            }
            for a in 0..<count {
                for b in adjacency[a] where Int(b) > a { push(a, Int(b)) }
            }
            while let candidate = queue.pop(), candidate.score > Self.threshold {
                let a = Int(candidate.first), b = Int(candidate.second)
                guard parent[a] == a, parent[b] == b, version[a] == candidate.firstVersion,
                    version[b] == candidate.secondVersion
                else { continue }
                let (root, other) = sizes[a] >= sizes[b] ? (a, b) : (b, a)
                let target = base + root * length, source = base + other * length
                for k in 0..<length { target[k] += source[k] }
                sizes[root] += sizes[other]
                parent[other] = Int32(root)
                version[root] += 1
                for k in neighbours[other] where Int(k) != root {
                    neighbours[Int(k)].remove(Int32(other))
                    neighbours[Int(k)].insert(Int32(root))
                    neighbours[root].insert(k)
                }
                neighbours[root].remove(Int32(other))
                neighbours[other] = []
                for k in neighbours[root] { push(root, Int(k)) }
            }
        }
        return (0..<count).map { index in
            var region = index
            while parent[region] != region { region = Int(parent[region]) }
            return Int32(region)
        }
    }

    /// Moves each pattern to its own or an adjacent pattern's region, whichever it fits best.
    private func refine(_ labels: inout [Int32], signal: Double, selfProducts: [Double]) {
        var (sums, counts) = regionTotals(labels)
        var sizes = counts.map(Double.init)
        features.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for _ in 0..<Self.refinementPasses {
                    var moved = 0
                    for i in 0..<count {
                        let feature = x.baseAddress! + i * length
                        let own = Int(labels[i])
                        var best = own, bestGain = -Double.infinity
                        var candidates = [own]
                        for j in adjacency[i] where !candidates.contains(Int(labels[Int(j)])) {
                            candidates.append(Int(labels[Int(j)]))
                        }
                        for region in candidates {
                            var product = dot(feature, s.baseAddress! + region * length)
                            var size = sizes[region]
                            if region == own {
                                product -= selfProducts[i]
                                size -= 1
                            }
                            let gain = size > 0 ? product - size * signal / 2 : 0
                            if gain > bestGain { (best, bestGain) = (region, gain) }
                        }
                        guard best != own else { continue }
                        for k in 0..<length {
                            s[own * length + k] -= feature[k]
                            s[best * length + k] += feature[k]
                        }
                        sizes[own] -= 1
                        sizes[best] += 1
                        labels[i] = Int32(best)
                        moved += 1
                    }
                    if moved == 0 { break }
                }
            }
        }
    }

    /// Joins each region of fewer than `smallestRegion` patterns to the adjacent region with the
    /// largest mean cross product, smallest regions first (in order of label among equals), unless
    /// their log-likelihood ratio is below `separateEvidence`.
    private func absorbSmallRegions(_ labels: inout [Int32], signal: Double, noise: Double) {
        var (sums, sizes) = regionTotals(labels)
        var members = [[Int]](repeating: [], count: count)
        for i in 0..<count { members[Int(labels[i])].append(i) }
        sums.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for size in 1..<Self.smallestRegion {
                for region in 0..<count where sizes[region] == size {
                    var best = -1, bestMean = -Double.infinity
                    for i in members[region] {
                        for j in adjacency[i] {
                            let other = Int(labels[Int(j)])
                            guard other != region, other != best else { continue }
                            let mean = dot(base + region * length, base + other * length) / Double(sizes[region] * sizes[other])
                            if mean > bestMean { (best, bestMean) = (other, mean) }
                        }
                    }
                    guard best >= 0 else { continue }
                    let evidence = Double(sizes[region] * sizes[best]) * signal * (bestMean - signal / 2) / (noise * noise)
                    guard evidence >= Self.separateEvidence else { continue }
                    for k in 0..<length { base[best * length + k] += base[region * length + k] }
                    for i in members[region] { labels[i] = Int32(best) }
                    members[best] += members[region]
                    members[region] = []
                    sizes[best] += sizes[region]
                    sizes[region] = 0
                }
            }
        }
    }
}
