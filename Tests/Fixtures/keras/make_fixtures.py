"""Writes the Keras golden fixtures of KikuchiNNTests (run from this folder; needs keras 3 with
TensorFlow and, for the tf.keras 2.x files, tf_keras).

    pip install tensorflow-cpu keras tf_keras h5py numpy
    python make_fixtures.py

Files (small; random weights, inputs in [0, 1], Keras' own outputs):
  layers.h5                 one group per layer case: the model's JSON in Keras 3 form (`config`) and,
                            when tf_keras is there, tf.keras 2.x form (`config_tf_keras2`), weights by
                            layer name (`weights/<layer>/<i>`), `input`, `output` (Keras 3 predict).
  autoencoder_keras3.h5     the published EBSD autoencoder (236x236), Keras 3 legacy full-model .h5.
  autoencoder_tfkeras2_weights.h5
                            its weights only, written by tf.keras 2.x (`:0` names, fixed-length strings).
  autoencoder_io.h5         `input` (2, 236, 236, 1) and `output` of Keras 3 predict.
  skip_bn_tfkeras2.h5       a functional model with a skip connection and BatchNormalization,
                            tf.keras 2.x legacy full-model .h5.
  skip_bn.keras, skip_bn_deflated.keras, skip_bn.weights.h5, skip_bn.json
                            the same model and weights, Keras 3 .keras, .weights.h5 and architecture JSON.
  skip_bn_fixed.h5          skip_bn_tfkeras2.h5 with fixed-length string attributes (as Keras 2.x
                            before 2.13 wrote them; recent versions write variable-length strings).
  skip_bn_io.h5             `input` and `output` for the skip_bn model.
  bad_*.h5                  broken copies for the error tests (see `broken_files`).
"""
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import h5py
import numpy as np
import keras
from keras import layers

try:
    import tf_keras
except ImportError:  # tf.keras 2.x files are then skipped
    tf_keras = None

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2024)


def randomise(model, scale=0.5):
    """Random weights for every layer; BatchNormalization variances stay positive."""
    for layer in model.layers:
        values = []
        for weight in layer.get_weights():
            values.append(rng.uniform(-scale, scale, weight.shape).astype("float32"))
        if isinstance(layer, layers.BatchNormalization):
            values[-1] = rng.uniform(0.2, 2.0, values[-1].shape).astype("float32")
        layer.set_weights(values)


def inputs(shape, count=2, low=0.0, high=1.0):
    return rng.uniform(low, high, (count,) + tuple(shape)).astype("float32")


# ---------------------------------------------------------------------------------------------
# One model per layer case: (name, input shape, builder taking the Keras module, low, high).

def sequential_case(layer_factory):
    def build(k, shape):
        return k.Sequential([k.Input(shape=shape), layer_factory(k)])
    return build


def two_branch_case(merge_factory, second_filters=None):
    def build(k, shape):
        x = k.Input(shape=shape)
        a = k.layers.Conv2D(3, 3, padding="same", activation="relu")(x)
        b = k.layers.Conv2D(second_filters or 3, 1, padding="same")(x)
        return k.Model(x, merge_factory(k)([a, b]))
    return build


def conv(*args, **kwargs):
    return sequential_case(lambda k: k.layers.Conv2D(*args, **kwargs))


def deconv(*args, **kwargs):
    return sequential_case(lambda k: k.layers.Conv2DTranspose(*args, **kwargs))


def simple(name, **kwargs):
    return sequential_case(lambda k: getattr(k.layers, name)(**kwargs))


CASES = [
    ("conv_k1_s1_same_relu", (7, 6, 3), conv(4, 1, padding="same", activation="relu")),
    ("conv_k2_s1_same", (7, 8, 2), conv(3, 2, padding="same")),
    ("conv_k3_s2_same_tanh", (9, 8, 3), conv(5, 3, strides=2, padding="same", activation="tanh")),
    ("conv_k4_s2_valid", (10, 9, 2), conv(3, 4, strides=2, padding="valid")),
    ("conv_k5_s1_valid_sigmoid", (11, 10, 2), conv(4, 5, padding="valid", activation="sigmoid")),
    ("conv_k5_s2_same_one_filter", (9, 9, 3), conv(1, 5, strides=2, padding="same")),
    ("conv_k3_s1_same_one_filter_sigmoid", (8, 7, 4), conv(1, 3, padding="same", activation="sigmoid")),
    ("conv_k3x2_s1x2_same_elu", (7, 9, 2), conv(3, (3, 2), strides=(1, 2), padding="same", activation="elu")),
    ("conv_k1_s2_same", (7, 7, 3), conv(4, 1, strides=2, padding="same")),
    ("conv_k3_s1_valid_nobias_swish", (6, 5, 2), conv(3, 3, use_bias=False, activation="swish")),
    ("conv_k2_s2_same_leaky", (5, 6, 2), conv(3, 2, strides=2, padding="same", activation="leaky_relu")),
    ("deconv_k3_s2_same_relu", (5, 6, 3), deconv(4, 3, strides=2, padding="same", activation="relu")),
    ("deconv_k1_s2_same", (5, 5, 3), deconv(2, 1, strides=2, padding="same")),
    ("deconv_k2_s2_same", (4, 5, 2), deconv(3, 2, strides=2, padding="same")),
    ("deconv_k4_s2_same", (5, 4, 2), deconv(3, 4, strides=2, padding="same")),
    ("deconv_k5_s1_same", (6, 5, 2), deconv(3, 5, padding="same")),
    ("deconv_k3_s2_valid", (5, 4, 2), deconv(3, 3, strides=2, padding="valid")),
    ("deconv_k3_s1_valid_sigmoid", (4, 4, 2), deconv(2, 3, padding="valid", activation="sigmoid")),
    ("deconv_k4_s3_same", (4, 3, 2), deconv(2, 4, strides=3, padding="same")),
    ("deconv_k3_s2_same_output_padding", (4, 5, 2), deconv(2, 3, strides=2, padding="same", output_padding=1)),
    ("maxpool_2_same_odd", (7, 5, 3), simple("MaxPooling2D", pool_size=2, padding="same")),
    ("maxpool_3_s2_valid", (9, 8, 2), simple("MaxPooling2D", pool_size=3, strides=2)),
    ("maxpool_3x2_s1x2_same", (6, 7, 2), simple("MaxPooling2D", pool_size=(3, 2), strides=(1, 2), padding="same")),
    ("avgpool_2_same_odd", (7, 5, 3), simple("AveragePooling2D", pool_size=2, padding="same")),
    ("avgpool_3_s2_valid", (9, 8, 2), simple("AveragePooling2D", pool_size=3, strides=2)),
    ("avgpool_3_s1_same", (6, 7, 2), simple("AveragePooling2D", pool_size=3, strides=1, padding="same")),
    ("upsampling_nearest_2", (4, 5, 2), simple("UpSampling2D", size=2)),
    ("upsampling_nearest_2x3", (3, 4, 2), simple("UpSampling2D", size=(2, 3))),
    ("upsampling_bilinear_2", (4, 5, 2), simple("UpSampling2D", size=2, interpolation="bilinear")),
    ("upsampling_bilinear_3x2", (5, 3, 2), simple("UpSampling2D", size=(3, 2), interpolation="bilinear")),
    ("batchnorm", (5, 4, 3), simple("BatchNormalization")),
    ("batchnorm_eps_no_center_no_scale", (4, 5, 2), simple("BatchNormalization", epsilon=0.01, center=False, scale=False)),
    ("dropout", (4, 4, 2), simple("Dropout", rate=0.3)),
    ("activation_relu", (4, 5, 2), simple("Activation", activation="relu")),
    ("activation_sigmoid", (4, 5, 2), simple("Activation", activation="sigmoid")),
    ("activation_tanh", (4, 5, 2), simple("Activation", activation="tanh")),
    ("activation_linear", (4, 5, 2), simple("Activation", activation="linear")),
    ("activation_elu", (4, 5, 2), simple("Activation", activation="elu")),
    ("activation_swish", (4, 5, 2), simple("Activation", activation="swish")),
    ("relu_layer_default", (4, 5, 2), simple("ReLU")),
    ("relu_layer_capped", (4, 5, 2), simple("ReLU", max_value=0.6, negative_slope=0.2, threshold=0.1)),
    ("cropping", (7, 8, 2), simple("Cropping2D", cropping=((1, 2), (0, 3)))),
    ("zeropadding", (4, 5, 2), simple("ZeroPadding2D", padding=((2, 1), (0, 2)))),
    ("zeropadding_int", (3, 4, 2), simple("ZeroPadding2D", padding=1)),
    ("add", (6, 5, 2), two_branch_case(lambda k: k.layers.Add())),
    ("concatenate_channels", (6, 5, 2), two_branch_case(lambda k: k.layers.Concatenate(), second_filters=2)),
]
# Activations that differ from relu only below zero are fed [-2, 2].
SIGNED = {"activation_relu", "activation_sigmoid", "activation_tanh", "activation_linear", "activation_elu",
          "activation_swish", "relu_layer_default", "relu_layer_capped"}


def leaky_case(k, shape):
    slope = {"negative_slope": 0.1} if k is keras else {"alpha": 0.1}
    return k.Sequential([k.Input(shape=shape), k.layers.LeakyReLU(**slope)])


CASES.append(("leaky_relu_layer", (4, 5, 2), leaky_case))
SIGNED.add("leaky_relu_layer")


def concatenate_columns(k, shape):
    x = k.Input(shape=shape)
    a = k.layers.Conv2D(2, 3, padding="same")(x)
    b = k.layers.Cropping2D(((0, 0), (1, 1)))(x)
    return k.Model(x, k.layers.Concatenate(axis=2)([a, b]))


CASES.append(("concatenate_columns", (4, 5, 2), concatenate_columns))


def write_layer_cases(path):
    with h5py.File(path, "w") as file:
        for name, shape, build in CASES:
            model = build(keras, shape)
            randomise(model)
            low = -2.0 if name in SIGNED else 0.0
            x = inputs(shape, low=low, high=2.0 if name in SIGNED else 1.0)
            y = model.predict(x, verbose=0)
            group = file.create_group(name)
            group.attrs["config"] = model.to_json()
            if tf_keras is not None:
                try:
                    legacy = build(tf_keras, shape)
                except (ValueError, TypeError) as error:  # a layer option tf.keras 2.x lacks
                    print(f"{name}: no tf.keras 2.x configuration ({error})")
                else:
                    for mine, theirs in zip(model.layers, legacy.layers):
                        theirs.set_weights(mine.get_weights())
                    legacy_y = legacy.predict(x, verbose=0)
                    assert np.abs(legacy_y - y).max() < 1e-5, name
                    group.attrs["config_tf_keras2"] = legacy.to_json()
            for layer in model.layers:
                for index, weight in enumerate(layer.get_weights()):
                    group.create_dataset(f"weights/{layer.name}/{index}", data=weight)
            group.create_dataset("input", data=x)
            group.create_dataset("output", data=y)


# ---------------------------------------------------------------------------------------------
# The published autoencoder and the skip / BatchNorm functional model.

def autoencoder(k):
    return k.Sequential([
        k.Input(shape=(236, 236, 1)),
        k.layers.Conv2D(64, 1, padding="same", activation="relu"),
        k.layers.Conv2D(128, 3, padding="same", activation="relu"),
        k.layers.MaxPooling2D(2, padding="same"),
        k.layers.Conv2D(128, 5, padding="same", activation="relu"),
        k.layers.MaxPooling2D(2, padding="same"),
        k.layers.Conv2DTranspose(128, 3, strides=2, padding="same", activation="relu"),
        k.layers.Conv2DTranspose(64, 1, strides=2, padding="same", activation="relu"),
        k.layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ])


def skip_bn(k):
    x = k.Input(shape=(12, 10, 1), name="patterns")
    a = k.layers.Conv2D(4, 3, padding="same", activation="relu", name="encode")(x)
    b = k.layers.BatchNormalization(name="norm")(a)
    c = k.layers.MaxPooling2D(2, name="pool")(b)
    d = k.layers.Conv2DTranspose(4, 3, strides=2, padding="same", name="decode")(c)
    e = k.layers.Add(name="skip")([d, a])
    f = k.layers.ReLU(name="relu")(e)
    g = k.layers.Concatenate(name="join")([f, x])
    y = k.layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="output")(g)
    return k.Model(x, y, name="skip_bn")


def write_io(path, x, y):
    with h5py.File(path, "w") as file:
        file.create_dataset("input", data=x)
        file.create_dataset("output", data=y)


def write_models():
    keras.backend.clear_session()
    model = autoencoder(keras)
    randomise(model, scale=0.08)
    assert model.count_params() == 640129
    model.save(os.path.join(HERE, "autoencoder_keras3.h5"))
    x = inputs((236, 236, 1))
    write_io(os.path.join(HERE, "autoencoder_io.h5"), x, model.predict(x, verbose=0))
    if tf_keras is not None:
        legacy = autoencoder(tf_keras)
        legacy.set_weights(model.get_weights())
        legacy.save_weights(os.path.join(HERE, "autoencoder_tfkeras2_weights.h5"))

    keras.backend.clear_session()
    model = skip_bn(keras)
    randomise(model)
    x = inputs((12, 10, 1))
    y = model.predict(x, verbose=0)
    write_io(os.path.join(HERE, "skip_bn_io.h5"), x, y)
    model.save(os.path.join(HERE, "skip_bn.keras"))
    model.save_weights(os.path.join(HERE, "skip_bn.weights.h5"))
    # The same archive with deflated entries (zip tools and older Keras versions compress).
    import zipfile
    with zipfile.ZipFile(os.path.join(HERE, "skip_bn.keras")) as source, \
            zipfile.ZipFile(os.path.join(HERE, "skip_bn_deflated.keras"), "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    with open(os.path.join(HERE, "skip_bn.json"), "w") as file:
        file.write(model.to_json())
    if tf_keras is not None:
        legacy = skip_bn(tf_keras)
        legacy.set_weights(model.get_weights())
        assert np.abs(legacy.predict(x, verbose=0) - y).max() < 1e-5
        legacy.save(os.path.join(HERE, "skip_bn_tfkeras2.h5"))
        # tf.keras 2.21 writes variable-length strings; older Keras wrote fixed-length ones (numpy
        # bytes arrays), which this copy has.
        fixed = os.path.join(HERE, "skip_bn_fixed.h5")
        shutil.copy(os.path.join(HERE, "skip_bn_tfkeras2.h5"), fixed)
        with h5py.File(fixed, "a") as file:
            weights = file["model_weights"]
            weights.attrs["layer_names"] = np.array([n.encode() for n in weights.attrs["layer_names"]])
            for name in weights:
                names = [n.encode() for n in weights[name].attrs["weight_names"]]
                if names:
                    weights[name].attrs["weight_names"] = np.array(names)
            file.attrs["model_config"] = np.bytes_(file.attrs["model_config"].encode())


def broken_files():
    """Copies of skip_bn_tfkeras2.h5 with one thing wrong each, and an HDF5 file that is no model."""
    source = os.path.join(HERE, "skip_bn_tfkeras2.h5")
    if tf_keras is None:
        return

    def copy(name):
        path = os.path.join(HERE, name)
        shutil.copy(source, path)
        return h5py.File(path, "a")

    def config_of(file):
        text = file.attrs["model_config"]
        return json.loads(text.decode() if isinstance(text, bytes) else text)

    with copy("bad_unknown_layer.h5") as file:
        config = config_of(file)
        for layer in config["config"]["layers"]:
            if layer["class_name"] == "ReLU":
                layer["class_name"] = "FancyActivation"
        file.attrs["model_config"] = json.dumps(config).encode()
    with copy("bad_nan.h5") as file:
        kernel = file["model_weights/decode/decode/kernel:0"]
        values = kernel[...]
        values[1, 2, 0, 3] = np.nan
        kernel[...] = values
    with copy("bad_shape.h5") as file:
        del file["model_weights/encode/encode/bias:0"]
        file.create_dataset("model_weights/encode/encode/bias:0", data=np.zeros(5, "float32"))
    with copy("bad_missing.h5") as file:
        del file["model_weights/norm/norm/moving_variance:0"]
    with h5py.File(os.path.join(HERE, "bad_not_keras.h5"), "w") as file:
        file.create_dataset("Scan 1/EBSD/Data/patterns", data=np.zeros((2, 4, 4), "uint8"))


if __name__ == "__main__":
    write_layer_cases(os.path.join(HERE, "layers.h5"))
    write_models()
    broken_files()
    print("tf_keras:", "yes" if tf_keras is not None else "no (tf.keras 2.x files skipped)")
