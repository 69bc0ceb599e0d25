"""
Training flow
=============

One training step, taken slowly: switch the model to training mode, compute
a loss, let autograd fill in the gradients, and let the optimizer change the
weights. Each stage prints what it changed.
"""
# sphinx_gallery_thumbnail_path = "_static/thumbnails/training_flow.png"

# %%
# A small model and a batch
# -------------------------
#
# The model has two linear layers with a ReLU between them. The batch holds
# 16 examples with 4 numbers each, and a target number for each example. The
# seed makes every number below the same on every run. The batch is drawn on
# the CPU and then moved to the device, so a GPU run starts from the same
# numbers.
import torch
from torch import nn

from _support import device_label, pick_device

device = pick_device()
print("device:", device_label(device))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
inputs = torch.randn(16, 4).to(device)
targets = torch.randn(16, 1).to(device)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
# Training mode
# -------------
#
# ``train()`` tells every layer that training is under way. These layers
# behave the same either way, but dropout and batch normalisation do not.
model.train()
print("model.training =", model.training)

# %%
# Forward pass and loss
# ---------------------
#
# The forward pass turns the inputs into predictions. The loss measures how
# far they are from the targets: here, the mean squared error.
weight = model[0].weight
before = weight.detach().clone()

optimizer.zero_grad()
predictions = model(inputs)
loss = loss_fn(predictions, targets)
print(f"loss = {loss.item():.4f}")
print("weight.grad before backward:", weight.grad)

# %%
# Backward pass
# -------------
#
# ``backward()`` works out, for every weight, how the loss would change if
# that weight grew a little: its gradient. The gradients land in ``.grad``.
# These are the first two rows of the first layer's gradient.
loss.backward()
print("weight.grad after backward (first two rows):")
print(weight.grad[:2].cpu())

# %%
# Optimizer step
# --------------
#
# ``optimizer.step()`` moves every weight a little against its gradient, by
# the learning rate times the gradient. The weights are different afterwards,
# and the same batch gives a smaller loss.
optimizer.step()
print("weight changed =", not torch.equal(before, weight.detach()))
with torch.no_grad():
    after = loss_fn(model(inputs), targets).item()
print(f"loss on the same batch after one step = {after:.4f}")
print("smaller than before the step:", after < loss.item())

# %%
# A real training run repeats these four stages thousands of times, over many
# batches. The next example does the opposite: it uses the model without
# changing it.
#
# The concept page :doc:`/concepts/training-flow` draws the four stages as a
# diagram.
