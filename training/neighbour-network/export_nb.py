"""Exports the prototype for `kikuchi denoise --method nlpar-network`: the same layers and weights
between ZeroPadding2D(4) and Cropping2D(4), so that 120 x 120 patterns reach a multiple of 16 inside
the model (training reflect-padded them outside), saved as legacy Keras .h5."""
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"; os.environ["CUDA_VISIBLE_DEVICES"] = ""
import keras
from keras import layers
trained = keras.models.load_model(sys.argv[1] if len(sys.argv) > 1 else "training/work-neighbour/nb.keras")
inputs = keras.Input((None, None, 10))
tensors = {id(trained.inputs[0]): layers.ZeroPadding2D(4)(inputs)}
for layer in trained.layers[1:]:
    node = layer._inbound_nodes[0]
    args = [tensors[id(t)] for t in node.input_tensors]
    clone = layer.__class__.from_config(layer.get_config())
    out = clone(args if len(args) > 1 else args[0])
    clone.set_weights(layer.get_weights())
    tensors[id(node.output_tensors[0])] = out
model = keras.Model(inputs, layers.Cropping2D(4)(tensors[id(trained.outputs[0])]))
model.save(sys.argv[2] if len(sys.argv) > 2 else "training/work-neighbour/nlpar-network.h5")
