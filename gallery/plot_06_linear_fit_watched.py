"""
The first complete program, watched
===================================

A straight line is fitted to noisy points by gradient descent. The loss is
recorded at every step and plotted, with the fitted line over the data.
"""

# %%
# The data
# --------
#
# The points lie near the line :math:`y = 3x + 2`, with some noise added.
# The noise is drawn on the CPU from a seeded generator and then moved to
# the device, so the points are the same on every run and every device, and
# the same as in the lesson.
import matplotlib.pyplot as plt
import torch

from _support import device_label, pick_device

device = pick_device()
print("device:", device_label(device))

torch.manual_seed(0)
x = torch.linspace(-1, 1, 100)
y = 3 * x + 2 + 0.3 * torch.randn(100)
x, y = x.to(device), y.to(device)

# %%
# The training loop
# -----------------
#
# The model is a weight ``w`` and a bias ``b``, both starting at zero.
# Each step computes the mean squared error, lets autograd find the
# gradients, and moves both numbers a little against their gradients.
w = torch.zeros(1, device=device, requires_grad=True)
b = torch.zeros(1, device=device, requires_grad=True)
learning_rate = 0.1
losses = []

for step in range(100):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
        b -= learning_rate * b.grad
    w.grad.zero_()
    b.grad.zero_()
    losses.append(loss.item())
    if step % 20 == 0:
        print(f"step {step:3d}: loss = {loss.item():.4f}")

print(f"w = {w.item():.3f}, b = {b.item():.3f}")
print("loss fell by more than half in the first 20 steps:", losses[20] < losses[0] / 2)
print("loss changed by less than 1% over the last 20 steps:", abs(losses[-1] - losses[-21]) < 0.01 * losses[-21])
print(f"noise alone gives a loss of about 0.3 ** 2 = {0.3**2:.2f}; last loss {losses[-1]:.2f}")

# %%
# What the fit looks like
# -----------------------
#
# On the left, the loss falls quickly and then levels off at the size of the
# noise, as the checks above print. On the right, the fitted line runs through
# the middle of the points.
#
# The lesson :doc:`/first-program` writes this program step by step.
fig, (ax_loss, ax_fit) = plt.subplots(1, 2, figsize=(9, 3.5))
ax_loss.plot(losses)
ax_loss.set_xlabel("step")
ax_loss.set_ylabel("loss (mean squared error)")
ax_loss.set_yscale("log")
ax_loss.set_title("Loss per step")

x_cpu, y_cpu = x.cpu(), y.cpu()
ax_fit.scatter(x_cpu, y_cpu, s=8, alpha=0.6, label="data")
ax_fit.plot(x_cpu, (w * x + b).detach().cpu(), color="C3", label="fitted line")
ax_fit.set_xlabel("x")
ax_fit.set_ylabel("y")
ax_fit.set_title("Fitted line and data")
ax_fit.legend()
fig.tight_layout()
plt.show()
