import FuzzSupport
import KikuchiDenoise
import KikuchiNN

// A kikuchi train checkpoint restored into the trainer of a small model (a training fixture).
let fixtures = "Tests/Fixtures/training/"
let trainer = try! Trainer(
    model: KerasModelFile.load(FuzzInput.repositoryPath(fixtures + "conv_pool_transpose_initial.h5")),
    data: TrainingPairs(
        noisy: FuzzInput.repositoryPath(fixtures + "noisy.npy"),
        clean: FuzzInput.repositoryPath(fixtures + "clean.npy")),
    configuration: TrainingConfiguration())
FuzzDriver.run(seeds: {
    let path = FuzzInput.folder + "/seed.checkpoint"
    try trainer.writeCheckpoint(to: path)
    return ["written.checkpoint": FuzzInput.repositoryFile(path) ?? []]
}) { bytes in
    try trainer.restoreCheckpoint(from: FuzzInput.file(bytes, named: "train.checkpoint"))
}
