"""
Train a digit classifier on the GPU
===================================

The classifier of chapter 2 trained end to end on scikit-learn's bundled
handwritten digits: loss and accuracy per epoch, a confusion matrix, the
digits it gets wrong, and the time one epoch takes on the CPU and, when the
run has one, on the GPU.
"""
# sphinx_gallery_thumbnail_number = 2

# %%
# The data
# --------
#
# 1,797 digits of 8×8 pixels ship inside scikit-learn, so nothing is
# downloaded. The pixels are scaled to 0 to 1, the labels are ``int64``, and a
# seeded shuffle keeps one fifth of the digits for testing. The lesson
# :doc:`/data` builds these steps one at a time.
import matplotlib.pyplot as plt
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from _support import device_label, measured, median_seconds, pick_device

device = pick_device()
print("device:", device_label(device))

digits = load_digits()
X = torch.from_numpy(digits.data).float() / 16.0
y = torch.from_numpy(digits.target).long()
order = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
test_idx, train_idx = order[: len(X) // 5], order[len(X) // 5 :]
train_set = TensorDataset(X[train_idx], y[train_idx])
test_set = TensorDataset(X[test_idx], y[test_idx])
print("training samples:", len(train_set), "| test samples:", len(test_set))


def make_loader(seed=0):
    return DataLoader(
        train_set,
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
        pin_memory=device.type == "cuda",
    )


train_loader = make_loader()
test_loader = DataLoader(test_set, batch_size=512)

# %%
# The model and the loop
# ----------------------
#
# The model returns logits; ``nn.CrossEntropyLoss`` applies softmax itself,
# so there is no softmax or ReLU after the last layer. The lessons
# :doc:`/models` and :doc:`/training-a-classifier` explain each line.


class DigitClassifier(nn.Module):
    def __init__(self, hidden=64, dropout=0.2):
        super().__init__()
        self.hidden = nn.Linear(64, hidden)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.out(self.dropout(torch.relu(self.hidden(x))))


def train_one_epoch(model, loader, loss_fn, optimizer, dev):
    model.train()
    total = 0.0
    for xb, yb in loader:
        xb, yb = xb.to(dev, non_blocking=True), yb.to(dev, non_blocking=True)
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(yb)  # stays on the device: no wait per batch
    return total.item() / len(loader.dataset)


def evaluate(model, loader, loss_fn, dev):
    """Mean loss, accuracy and every prediction on a loader's data."""
    model.eval()
    total, predictions = 0.0, []
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(dev), yb.to(dev)
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(yb)
            predictions.append(logits.argmax(dim=1).cpu())
    predictions = torch.cat(predictions)
    labels = torch.cat([yb for _, yb in loader])
    return total / len(labels), (predictions == labels).float().mean().item(), predictions


torch.manual_seed(0)
model = DigitClassifier().to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
train_eval_loader = DataLoader(train_set, batch_size=512)

history = {"train loss": [], "test loss": [], "train accuracy": [], "test accuracy": []}
for epoch in range(1, 11):
    train_one_epoch(model, train_loader, loss_fn, optimizer, device)
    train_loss, train_acc, _ = evaluate(model, train_eval_loader, loss_fn, device)
    test_loss, test_acc, predictions = evaluate(model, test_loader, loss_fn, device)
    for key, value in zip(history, (train_loss, test_loss, train_acc, test_acc)):
        history[key].append(value)
    print(
        f"epoch {epoch:2d}: train loss {train_loss:.3f}, test loss {test_loss:.3f}, "
        f"train accuracy {train_acc:.3f}, test accuracy {test_acc:.3f}"
    )

# %%
# Loss and accuracy per epoch
# ---------------------------
#
# Overall, both losses fall and both accuracies rise, with small ups and
# downs from one epoch to the next. The train and test curves stay close: the
# model is not overfitting (see :doc:`/when-training-fails`). The checks below
# say whether this run showed both.
first, last = 0, -1
print("losses lower at the last epoch than at the first:",
      all(history[k][last] < history[k][first] for k in ("train loss", "test loss")))
print("accuracies higher at the last epoch than at the first:",
      all(history[k][last] > history[k][first] for k in ("train accuracy", "test accuracy")))
rises = sum(b > a for k in ("train loss", "test loss") for a, b in zip(history[k], history[k][1:]))
print("epochs at which a loss rose again:", rises)
gap = max(abs(a - b) for a, b in zip(history["train accuracy"], history["test accuracy"]))
print("train and test accuracy within 0.05 of each other at every epoch:", gap < 0.05)

epochs = range(1, 11)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
ax_loss.plot(epochs, history["train loss"], marker="o", label="train")
ax_loss.plot(epochs, history["test loss"], marker="o", label="test")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("cross-entropy loss")
ax_loss.set_title("Loss per epoch")
ax_loss.legend()
ax_acc.plot(epochs, history["train accuracy"], marker="o", label="train")
ax_acc.plot(epochs, history["test accuracy"], marker="o", label="test")
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("accuracy")
ax_acc.set_title("Accuracy per epoch")
ax_acc.legend()
fig.tight_layout()
plt.show()

# %%
# The confusion matrix
# --------------------
#
# Row ``i``, column ``j`` counts the test digits labelled ``i`` that the model
# called ``j``. A perfect classifier fills only the diagonal. The counts are
# printed below the plot.
test_labels = y[test_idx]
confusion = torch.zeros(10, 10, dtype=torch.int64)
for label, predicted in zip(test_labels.tolist(), predictions.tolist()):
    confusion[label, predicted] += 1
print(confusion)

fig, ax = plt.subplots(figsize=(4.5, 4))
image = ax.imshow(confusion, cmap="Blues")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
ax.set_title("Confusion matrix on the test digits")
fig.colorbar(image, ax=ax, label="number of test digits")
fig.tight_layout()
plt.show()

# %%
# The digits it gets wrong
# ------------------------
#
# Some mistakes are understandable: a digit written with a broken loop, or
# one that a person would hesitate over too. The true and predicted digits of
# each image are printed, left to right.
wrong = (predictions != test_labels).nonzero().flatten()[:8]
print("misclassified:", len((predictions != test_labels).nonzero()), "of", len(test_labels))
for i in wrong.tolist():
    print(f"true {test_labels[i].item()}, predicted {predictions[i].item()}")

fig, axes = plt.subplots(1, 8, figsize=(9, 1.6))
for ax in axes:
    ax.axis("off")
for ax, i in zip(axes, wrong.tolist()):
    ax.imshow(X[test_idx][i].reshape(8, 8), cmap="gray_r")
fig.suptitle("Test digits the model got wrong")
fig.tight_layout()
plt.show()

# %%
# Time per epoch on each device
# -----------------------------
#
# The same model and loop, timed with the shared helper, which waits for the
# GPU before it reads the clock and reports the median of a few epochs. With
# 64 digits a batch the work per step is tiny. When the example runs on a
# GPU, a second line shows its time: each step there also pays for launching
# kernels and copying the batch, so the GPU may be no faster than the CPU on
# a model this small.
devices = [torch.device("cpu")] + ([device] if device.type == "cuda" else [])
for dev in devices:
    torch.manual_seed(0)
    timed_model = DigitClassifier().to(dev)
    timed_optimizer = torch.optim.Adam(timed_model.parameters(), lr=0.01)
    loader = make_loader()
    seconds = median_seconds(
        lambda: train_one_epoch(timed_model, loader, loss_fn, timed_optimizer, dev),
        dev,
        warmup=1,
        repeats=3,
    )
    print(f"{device_label(dev)}: {measured(seconds * 1000, '.1f')} ms per epoch ({len(loader)} batches)")

# %%
# The concept page :doc:`/concepts/classifier` explains the loss these curves
# show.
