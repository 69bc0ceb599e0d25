"""
Training vs inference cost
==========================

The same model and the same batch, timed two ways: one training step
(forward, loss, backward, optimizer step) and one inference pass (forward
only, without gradients). Training costs more, and the ratio says how much.
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

from _support import device_label, median_seconds, pick_device

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
# A training step does the forward pass, then the backward pass (about twice
# the work of the forward pass: gradients for the inputs and for the
# weights of every layer), then the update of every weight.


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
print(f"training step: {train_s * 1e3:.2f} ms")
print(f"inference:     {infer_s * 1e3:.2f} ms")
print(f"a training step costs {ratio:.1f} times an inference pass")

# %%
# The same numbers as a chart.
fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(["inference", "training step"], [infer_s * 1e3, train_s * 1e3], color=["C0", "C3"])
ax.set_xlabel("median time per batch (ms)")
ax.set_title("Training step vs inference pass")
fig.tight_layout()
plt.show()

# %%
# The ratio is usually between two and four: the backward pass does about
# twice the arithmetic of the forward pass, and the update and the kept
# intermediate results add more. That is why training needs far more
# compute than answering questions with a trained model.
#
# The concept page :doc:`/concepts/training-flow` explains the difference in
# more detail.
