"""
Training vs inference cost
==========================

The same model and the same batch, timed two ways: one training step
(forward, loss, backward, optimizer step) and one inference pass (forward
only, without gradients). The run prints whether training cost more, and
the ratio says how much.
"""

# %%
# The model and the batch
# -----------------------
#
# A multilayer perceptron with three linear layers. On a CPU a batch of 256
# samples keeps the machine busy for milliseconds. A data-centre GPU does
# that batch's arithmetic in microseconds, less than the time it takes to
# start its kernels, so the ratio would measure kernel launches rather than
# training. On a GPU the batch is therefore 64 times larger.
import matplotlib.pyplot as plt
import torch
from torch import nn

from _support import device_label, measured, median_seconds, pick_device

device = pick_device()
print("device:", device_label(device))

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(512, 1024),
    nn.ReLU(),
    nn.Linear(1024, 1024),
    nn.ReLU(),
    nn.Linear(1024, 10),
).to(device)
batch = 256 * 64 if device.type == "cuda" else 256
inputs = torch.randn(batch, 512, device=device)
targets = torch.randint(0, 10, (batch,), device=device)
weights = sum(layer.weight.numel() for layer in model if isinstance(layer, nn.Linear))
print(f"batch of {batch}: {2 * batch * weights / 1e9:.1f} GFLOP per forward pass")
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

# %%
# The two things we time
# ----------------------
#
# A training step does the forward pass, then the backward pass, then the
# update of every weight. The backward pass computes the gradient of every
# layer's weights, which is as much arithmetic as the forward pass, and the
# gradient of every layer's input except the first: the batch itself needs
# no gradient. Counting the multiplications of the three layers gives the
# arithmetic estimate of a training step, in forward passes.


def train_step():
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()


def infer():
    model.eval()
    with torch.no_grad():
        model(inputs)


first = model[0].weight.numel()
estimate = (weights + weights + (weights - first)) / weights
print(f"arithmetic estimate: a training step is {estimate:.1f} forward passes")

# %%
# Timing honestly
# ---------------
#
# GPU work runs asynchronously: a call returns as soon as the work is queued.
# The timer therefore waits for the device before it reads the clock. It runs
# each function a few times first (warm-up), then repeats the measurement and
# keeps the median, which one slow run cannot move.
train_s = median_seconds(train_step, device, warmup=3, repeats=20)
infer_s = median_seconds(infer, device, warmup=3, repeats=20)
ratio = train_s / infer_s
print(f"training step: {measured(train_s * 1e3, '.2f')} ms")
print(f"inference:     {measured(infer_s * 1e3, '.2f')} ms")
print(f"measured: a training step costs {measured(ratio, '.1f')} times an inference pass")
print("training slower than inference:", train_s > infer_s)

# %%
# The same numbers as a chart.
fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(["inference", "training step"], [infer_s * 1e3, train_s * 1e3], color=["C0", "C3"])
ax.set_xlabel("median time per batch (ms)")
ax.set_title("Training step vs inference pass")
fig.tight_layout()
plt.show()

# %%
# The arithmetic alone makes a training step about three forward passes
# (2.7 for this model, printed above). The measured ratio is a different
# number and is often higher: the time also pays for work the count leaves
# out, such as the loss, ``zero_grad``, the optimizer step that reads and
# writes every weight, and the memory that training allocates for the
# intermediate results the backward pass needs. Other programs running on
# the same machine move it too. Either way, training costs more than
# inference, as the check above prints, and over the many steps of a training
# run that is why training needs far more compute than answering questions
# with a trained model.
#
# The concept page :doc:`/concepts/training-flow` explains the difference in
# more detail.
