"""
CPU vs GPU
==========

Square matrix products from tiny to large, on the CPU and on the GPU, with
and without copying the operands to the GPU and the result back. Small
products are faster on the CPU; large ones are where the GPU wins.
"""

# %%
# The sizes
# ---------
#
# A product of two n-by-n matrices takes :math:`2n^3` floating-point
# operations. The sizes go from 16 (about eight thousand operations) to a
# few thousand (tens of billions). Without a GPU, only the CPU line is
# drawn, and the largest size stays small enough to finish quickly.
import matplotlib.pyplot as plt
import torch

from _support import device_label, median_seconds, pick_device

device = pick_device()
on_gpu = device.type == "cuda"
print("device:", device_label(device))

cpu = torch.device("cpu")
sizes = [16, 64, 256, 1024, 2048] + ([4096, 8192] if on_gpu else [])
torch.manual_seed(0)


def repeats_for(n):
    # Large products take long enough that a few repeats give a stable median.
    return 20 if n <= 256 else 5


# %%
# Three timings for each size
# ---------------------------
#
# * CPU: both matrices in main memory, product on the CPU.
# * GPU, data already there: both matrices on the GPU before the clock
#   starts.
# * GPU, with copies: the matrices start in main memory, are copied to the
#   GPU, multiplied, and the result is copied back.
results = {"CPU": [], "GPU, data already there": [], "GPU, with copies": []}
for n in sizes:
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    if n <= 2048:
        results["CPU"].append(median_seconds(lambda: a @ b, cpu, warmup=1, repeats=repeats_for(n)))
    else:
        results["CPU"].append(float("nan"))  # too slow to be worth the wait
    if on_gpu:
        a_gpu, b_gpu = a.to(device), b.to(device)
        results["GPU, data already there"].append(
            median_seconds(lambda: a_gpu @ b_gpu, device, repeats=repeats_for(n))
        )
        results["GPU, with copies"].append(
            median_seconds(lambda: (a.to(device) @ b.to(device)).cpu(), device, repeats=repeats_for(n))
        )

print(f"{'n':>6} " + " ".join(f"{name:>25}" for name in results if results[name]))
for i, n in enumerate(sizes):
    row = " ".join(f"{results[name][i] * 1e3:>22.3f} ms" for name in results if results[name])
    print(f"{n:>6} {row}")

# %%
# Where the GPU starts to win
# ---------------------------
#
# The crossover is the smallest size at which the GPU is faster than the CPU
# (including the copies, in the harder case).
if on_gpu:
    for name in ("GPU, data already there", "GPU, with copies"):
        wins = [n for n, c, g in zip(sizes, results["CPU"], results[name]) if g < c]
        print(f"{name}: faster than the CPU from n = {wins[0]}" if wins else f"{name}: never faster here")
else:
    print("No GPU in this run: there is no crossover to show.")

fig, ax = plt.subplots(figsize=(7, 4))
for name, times in results.items():
    if times:
        ax.plot(sizes, [t * 1e3 for t in times], marker="o", label=name)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("matrix size n (n x n times n x n)")
ax.set_ylabel("median time (ms)")
ax.set_title("Matrix product time by size")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# How the speed grows with size
# -----------------------------
#
# The achieved speed is the number of operations divided by the time. Each
# format is compared only with itself: here every float32 size against the
# fastest float32 product of this run, on the device that ran it. That
# reference is what this machine gave its best product, not the figure on
# its data sheet.
name = "GPU, data already there" if on_gpu else "CPU"
rates = [2 * n**3 / t for n, t in zip(sizes, results[name])]
best = max(range(len(sizes)), key=lambda i: rates[i])
reference = rates[best]
print(f"float32 on {name.split(',')[0]}, reference: n = {sizes[best]}, {reference / 1e9:.1f} GFLOP/s")
for n, rate in zip(sizes, rates):
    print(f"n = {n:>5}: {rate / 1e9:10.1f} GFLOP/s, {rate / reference:7.1%} of the reference")

# %%
# Other formats have their own speed
# ----------------------------------
#
# Many GPUs have matrix units that run smaller formats faster: bfloat16 is
# often several times faster than float32, and on recent GPUs FP8 is faster
# again. GPUs without bfloat16 matrix units run it no faster than float32.
# So a bfloat16 product is measured against a bfloat16 reference, never used
# as the peak of float32.
#
# float32 products themselves may trade precision for speed.
# ``torch.set_float32_matmul_precision("high")`` lets PyTorch use a faster
# internal format where the hardware has one (TF32 on recent NVIDIA GPUs);
# the default, ``"highest"``, keeps full float32.
print("float32 matmul precision:", torch.get_float32_matmul_precision())
if on_gpu:
    bf16_sizes = [1024, 4096, 8192]
    bf16_rates = []
    for n in bf16_sizes:
        x = torch.randn(n, n, device=device, dtype=torch.bfloat16)
        y = torch.randn(n, n, device=device, dtype=torch.bfloat16)
        bf16_rates.append(2 * n**3 / median_seconds(lambda: x @ y, device, repeats=10))
    bf16_best = max(bf16_rates)
    print(f"bfloat16 on GPU, reference: n = {bf16_sizes[bf16_rates.index(bf16_best)]}, {bf16_best / 1e9:.1f} GFLOP/s")
    for n, rate in zip(bf16_sizes, bf16_rates):
        print(f"n = {n:>5}: {rate / 1e9:10.1f} GFLOP/s, {rate / bf16_best:7.1%} of the reference")
else:
    print("No GPU in this run: the bfloat16 products are measured on GPUs only.")
