"""Throughput of a Keras model (the published EBSD autoencoder, 236 x 236 x 1, or the neighbour
U-Net, 120 x 120 x 10) in Keras, ONNX Runtime and OpenVINO (CPU), for comparison with kikuchi's
own forward pass in the same run (benchmarks/nn/run.sh).

    python benchmarks/nn/bench_peers.py MODEL.h5 [--patterns N] [--threads T] [--batch B]

Keras: model.predict at batch B and at batch 1 (as the published script calls it).
ONNX Runtime: the Keras model converted by tf2onnx (opset 17), all cores, batch 1 per call, and
the same patterns in batches of B; the 1x1 stride-2 `same` ConvTranspose converts to pads 0 and
output_padding 1. OpenVINO: the same ONNX file compiled for the CPU with its default inference
precision (bf16 where the CPU has AVX-512 BF16 or AMX) and with f32 forced, batches of B.
A side the model leaves open is 236. Prints one line per runtime: `NAME: patterns/s`.
"""
import argparse
import os
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np


def timed(function, patterns):
    function()  # warm up
    start = time.perf_counter()
    function()
    return patterns / (time.perf_counter() - start)


def fix_negative_transpose_pads(onnx_model):
    """tf2onnx writes the 1x1 stride-2 `same` ConvTranspose with end pads of -1, which ONNX Runtime
    refuses; the same output is pads 0 and output_padding 1 (an extra row and column of bias)."""
    from onnx import helper
    for node in onnx_model.graph.node:
        if node.op_type != "ConvTranspose":
            continue
        attributes = {attribute.name: attribute for attribute in node.attribute}
        if "pads" not in attributes or min(attributes["pads"].ints) >= 0:
            continue
        pads = list(attributes["pads"].ints)
        half = len(pads) // 2
        extra = [max(-pad, 0) for pad in pads[half:]]
        for name in ("pads", "output_padding", "output_shape"):
            if name in attributes:
                node.attribute.remove(attributes[name])
        node.attribute.append(helper.make_attribute("pads", [max(pad, 0) for pad in pads]))
        node.attribute.append(helper.make_attribute("output_padding", extra))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--patterns", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, default=8)
    arguments = parser.parse_args()
    # OpenVINO is compiled for whole batches: fewer patterns than a batch make one smaller batch.
    arguments.batch = max(1, min(arguments.batch, arguments.patterns))

    import keras
    import tensorflow as tf
    model = keras.models.load_model(arguments.model, compile=False)
    _, height, width, channels = model.input_shape
    shape = (height or 236, width or 236, channels)
    x = np.random.default_rng(1).uniform(0, 1, (arguments.patterns, *shape)).astype("float32")
    batches = [x[i:i + arguments.batch] for i in range(0, len(x), arguments.batch)]
    for batch in (arguments.batch, 1):
        rate = timed(lambda: model.predict(x, batch_size=batch, verbose=0), len(x))
        print(f"Keras {keras.__version__} predict batch {batch}: {rate:.2f} patterns/s")

    try:
        import onnxruntime
        import tf2onnx
    except ImportError:
        print("ONNX Runtime: not installed (pip install onnxruntime tf2onnx)")
        return
    signature = (tf.TensorSpec((None, *shape), tf.float32, name="input"),)
    function = tf.function(lambda t: model(t, training=False))
    onnx_model, _ = tf2onnx.convert.from_function(function, input_signature=signature, opset=17)
    fix_negative_transpose_pads(onnx_model)
    path = os.path.join(tempfile.mkdtemp(), "model.onnx")
    with open(path, "wb") as file:
        file.write(onnx_model.SerializeToString())
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = arguments.threads
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    reference = model.predict(x[:2], verbose=0)
    difference = np.abs(session.run(None, {name: x[:2]})[0] - reference).max()
    rate = timed(lambda: [session.run(None, {name: x[i:i + 1]}) for i in range(len(x))], len(x))
    print(f"ONNX Runtime {onnxruntime.__version__} batch 1, {arguments.threads} threads: {rate:.2f} patterns/s"
          f" (max |difference| from Keras {difference:.1e})")
    rate = timed(lambda: [session.run(None, {name: b}) for b in batches], len(x))
    print(f"ONNX Runtime {onnxruntime.__version__} batch {arguments.batch}, {arguments.threads} threads: {rate:.2f} patterns/s")

    try:
        import openvino
    except ImportError:
        print("OpenVINO: not installed (pip install openvino)")
        return
    core = openvino.Core()
    network = core.read_model(path)
    network.reshape([arguments.batch, *shape])
    for label, config in (("default precision", {}), ("f32", {"INFERENCE_PRECISION_HINT": "f32"})):
        config = dict(config, INFERENCE_NUM_THREADS=arguments.threads, PERFORMANCE_HINT="LATENCY")
        compiled = core.compile_model(network, "CPU", config)
        precision = compiled.get_property("INFERENCE_PRECISION_HINT")
        request = compiled.create_infer_request()
        full = [b for b in batches if len(b) == arguments.batch]
        difference = np.abs(request.infer({0: full[0]})[0][:2] - model.predict(full[0][:2], verbose=0)).max()
        rate = timed(lambda: [request.infer({0: b}) for b in full], len(full) * arguments.batch)
        print(f"OpenVINO {openvino.__version__} {label} ({precision}) batch {arguments.batch}, {arguments.threads} threads:"
              f" {rate:.2f} patterns/s (max |difference| from Keras {difference:.1e})")


if __name__ == "__main__":
    main()
