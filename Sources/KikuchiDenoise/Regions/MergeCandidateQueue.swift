/// A max-heap of candidate merges for `RegionMerging`: the pair of adjacent regions with the
/// highest score comes out first. Entries are never updated in place; an entry whose regions have
/// changed since it was pushed is recognised by its versions and skipped by the caller.
struct MergeCandidateQueue {
    struct Candidate {
        let score: Double
        let first: Int32
        let second: Int32
        let firstVersion: Int32
        let secondVersion: Int32
    }

    private var heap: [Candidate] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ candidate: Candidate) {
        heap.append(candidate)
        heap.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent].score < candidate.score else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = candidate
        }
    }

    /// The candidate with the highest score, removed from the queue.
    mutating func pop() -> Candidate? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap.withUnsafeMutableBufferPointer { heap in
            // Sift the last entry down from the root, moving larger children up.
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                guard left < heap.count else { break }
                let child = right < heap.count && heap[right].score > heap[left].score ? right : left
                guard heap[child].score > last.score else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = last
        }
        return top
    }
}
