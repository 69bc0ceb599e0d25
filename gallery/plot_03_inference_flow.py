"""
Inference flow
==============

The same kind of model as in the training example, now used only to answer:
evaluation mode, no gradients, and weights that stay exactly as they were.
"""
# sphinx_gallery_thumbnail_path = "_static/thumbnails/inference_flow.png"

# %%
# The model in evaluation mode
# ----------------------------
#
# ``eval()`` switches every layer to its inference behaviour. With the same
# seed, the model and the batch are the ones the training example started
# from; the batch is drawn on the CPU and moved, as there.
import torch
from torch import nn

from _support import device_label, pick_device

device = pick_device()
print("device:", device_label(device))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
inputs = torch.randn(16, 4).to(device)

model.eval()
print("model.training =", model.training)

# %%
# Predictions without gradients
# -----------------------------
#
# Inside ``torch.no_grad()`` PyTorch does not record the steps it would need
# for a backward pass. That saves memory and time, and the output does not
# require a gradient.
before = [p.detach().clone() for p in model.parameters()]

with torch.no_grad():
    predictions = model(inputs)

print("output shape:", tuple(predictions.shape))
print("output requires grad:", predictions.requires_grad)
print("first three predictions:", predictions[:3, 0].cpu())

# %%
# Nothing changed
# ---------------
#
# No loss, no backward pass, no optimizer: every weight and bias is exactly
# what it was before, and no gradient was stored.
unchanged = all(torch.equal(b, p) for b, p in zip(before, model.parameters()))
print("weights unchanged =", unchanged)
print("gradients stored:", [p.grad for p in model.parameters()])
