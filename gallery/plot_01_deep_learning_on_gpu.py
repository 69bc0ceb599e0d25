"""
Deep learning on the GPU
========================

A tiny convolutional network makes one prediction. We follow the shape of the
data through each layer, then trace the pass to see which library did the
work of each layer underneath PyTorch.
"""
# sphinx_gallery_thumbnail_path = "_static/thumbnails/deep_learning_on_gpu.png"

# %%
# The model
# ---------
#
# A convolution looks for a small pattern in the image, ReLU keeps only the
# positive responses, Flatten lines the numbers up in a row, and a linear
# layer turns that row into two scores. The model runs on the GPU when there
# is one.
import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile, record_function

from _support import blas_library, device_label, layer_report, pick_device, shorten, synchronize

device = pick_device()
print("device:", device_label(device))

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 1, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(16, 2),
).to(device)
model.eval()
print(model)

# %%
# The shapes, layer by layer
# --------------------------
#
# The input is one image with one channel, 4 by 4 pixels: shape
# ``(1, 1, 4, 4)``. The padding keeps the convolution's output at 4 by 4.
# Flatten turns the 16 numbers into a row of shape ``(1, 16)``, and the
# linear layer gives ``(1, 2)``. In short: ``1x1x4x4 -> 1x16 -> 1x2``.
x = torch.randn(1, 1, 4, 4).to(device)
print(f"{'input':<13} shape {tuple(x.shape)}")
with torch.no_grad():
    out = x
    for layer in model:
        out = layer(out)
        print(f"after {type(layer).__name__:<7} shape {tuple(out.shape)}")

# %%
# The last layer is one matrix product and one addition: for the flattened
# row :math:`z`, the weights :math:`W` (2 rows of 16) and the bias :math:`b`,
# it computes :math:`y = zW^\top + b`. Doing that by hand gives the same two
# numbers.
with torch.no_grad():
    z = model[2](model[1](model[0](x)))
    linear = model[3]
    by_hand = z @ linear.weight.T + linear.bias
    print("weight shape:", tuple(linear.weight.shape), "bias shape:", tuple(linear.bias.shape))
    print("same as the layer:", torch.allclose(by_hand, linear(z)))

# %%
# What ran underneath
# -------------------
#
# ``torch.profiler`` records what happens during the pass. Each layer runs
# inside a ``record_function`` range that carries the layer's name, so every
# operator and every GPU kernel in the trace can be tied to its layer. One
# pass runs before the trace: the first call pays for library start-up and
# for choosing algorithms, which is not what we want to see.
names = [f"{i}: {type(layer).__name__}" for i, layer in enumerate(model)]
activities = [ProfilerActivity.CPU]
if device.type == "cuda":
    activities.append(ProfilerActivity.CUDA)

with torch.no_grad():
    model(x)
    synchronize(device)
    with profile(activities=activities) as prof:
        out = x
        for name, layer in zip(names, model):
            with record_function(name):
                out = layer(out)
        synchronize(device)

rows = layer_report(prof.events(), names, blas=blas_library())

# %%
# The table lists, for each layer, the operator that did the work, the GPU
# kernel it launched (none on the CPU, where the profiler records operators
# only), and the library the kernel or operator belongs to. The library is
# worked out from the full kernel name; the table shortens long names.
if any(row.kernel for row in rows):
    print(f"{'layer':<11} {'operator':<28} {'kernel':<48} library")
    for row in rows:
        kernel = shorten(row.kernel, 46) if row.kernel else "-"
        print(f"{row.layer:<11} {row.operator:<28} {kernel:<48} {row.library}")
else:
    print(f"{'layer':<11} {'operator':<28} library")
    for row in rows:
        print(f"{row.layer:<11} {row.operator:<28} {row.library}")

if device.type == "cuda" and not any(row.kernel for row in rows):
    print(
        "\nThe trace holds no GPU kernels: the GPU tracer (CUPTI on CUDA, "
        "roctracer on ROCm) did not start, so only operators are listed."
    )

# %%
# On the CPU, as the table shows, this small convolution does not go to
# oneDNN: PyTorch unrolls the image into columns (im2col) and calls the BLAS
# library for one matrix product, and ReLU is one of PyTorch's own kernels.
# PyTorch chooses the path by the shapes and the hardware, so a larger input
# can take another one. When the example runs on a GPU, the same table lists
# the kernels each layer launched and the library each came from: on an
# NVIDIA GPU the libraries to look for are cuDNN for convolutions and cuBLAS
# or cuBLASLt for linear layers; on an AMD GPU, MIOpen and rocBLAS or
# hipBLASLt. Which path runs can change with the hardware, the library
# versions and the shapes, so trace your own model rather than trust a table
# like this one.
#
# A convolution library can also run another library's kernels: MIOpen can
# compute a convolution with a Tensile GEMM or a composable_kernel (CK)
# kernel. The table then names both, as in
# ``MIOpen (through composable_kernel (CK))``, because the kernel's name alone
# would point to the wrong library.
#
# How a filter slides over an image, with numbers you can check by hand, is
# the subject of the concept page :doc:`/concepts/convolution`.
#
# Tracing it yourself
# -------------------
#
# ``torch.profiler`` as above works everywhere. The GPU vendors' tools see
# every kernel, including those of other libraries:
#
# .. code-block:: console
#
#    $ nsys profile --trace=cuda,cudnn,cublas -o conv_trace python plot_01_deep_learning_on_gpu.py
#    $ nsys stats conv_trace.nsys-rep
#
# On ROCm, use ``rocprofv3`` (or the older ``rocprof``):
#
# .. code-block:: console
#
#    $ rocprofv3 --kernel-trace --stats -- python plot_01_deep_learning_on_gpu.py
#
# On the CPU, oneDNN and MKL print what they execute when asked:
#
# .. code-block:: console
#
#    $ ONEDNN_VERBOSE=1 MKL_VERBOSE=1 python plot_01_deep_learning_on_gpu.py
