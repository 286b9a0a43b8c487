/// An averaging of map neighbours whose output a `NeighbourNetwork` takes as its tenth channel:
/// NLPAR and region averaging. Its `inputs(for:)` must hold each output's 3 x 3 map
/// neighbourhood, which both give since their radius is at least 1.
public protocol MapNeighbourAveraging: PatternDenoiser {}

extension NonLocalPatternAveraging: MapNeighbourAveraging {}
extension RegionMergingAveraging: MapNeighbourAveraging {}
