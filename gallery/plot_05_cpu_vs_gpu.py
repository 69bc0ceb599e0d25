"""
CPU vs GPU
==========

Square matrix products from tiny to large, on the CPU and, when the run has
one, on the GPU, with and without copying the operands to the GPU and the
result back. When it ran on a GPU, the output says from which size on the
GPU was faster than the CPU; on the CPU alone it shows how the CPU's speed
grows with the size of the product.
"""

# %%
# The sizes
# ---------
#
# A product of two n-by-n matrices takes :math:`2n^3` floating-point
# operations. The sizes go from 16 (about eight thousand operations) to 2048
# on the CPU (about 17 billion) and, when there is a GPU, on to 8192 (about
# 1.1 million million, :math:`10^{12}`). Without a GPU, only the CPU line is
# drawn, and the largest size stays small enough to finish quickly. The CPU
# times use all the threads torch runs on (``torch.get_num_threads()``).
import matplotlib.pyplot as plt
import torch

from _support import device_label, measured, median_seconds, pick_device

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
    row = " ".join(f"{measured(results[name][i] * 1e3, '>22.3f')} ms" for name in results if results[name])
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
        print(f"{name}: faster than the CPU from n = {measured(wins[0])}" if wins else f"{name}: never faster here")
else:
    print("No GPU in this run: there is no crossover to show.")

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(sizes, [t * 1e3 for t in results["CPU"]], marker="o", label="CPU")
if on_gpu:
    there, copies = results["GPU, data already there"], results["GPU, with copies"]
    ax.plot(sizes, [t * 1e3 for t in there], marker="o", label="GPU, data already there")
    ax.plot(sizes, [t * 1e3 for t in copies], marker="o", label="GPU, with copies")
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
where = name.split(",")[0]
print(f"float32 on {where}, reference: n = {measured(sizes[best])}, {measured(reference / 1e9, '.1f')} GFLOP/s")
for n, rate in zip(sizes, rates):
    share = measured(rate / reference, "7.1%")
    print(f"n = {n:>5}: {measured(rate / 1e9, '10.1f')} GFLOP/s, {share} of the reference")
print(f"n = {sizes[-1]} runs at a higher rate than n = {sizes[0]}:", rates[-1] > rates[0])

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
# float32 products themselves may trade precision for speed. Setting
# ``torch.backends.cuda.matmul.fp32_precision = "tf32"`` lets matrix products
# on the GPU use TF32, a faster internal format of recent NVIDIA GPUs, and
# ``torch.backends.cudnn.conv.fp32_precision`` does the same for cuDNN's
# convolutions; ``"ieee"`` asks for full float32. Until a program sets it, the
# matrix-product setting reads ``"none"``: nothing was asked for, and matrix
# products keep full float32, while cuDNN's convolutions may use TF32. These
# settings replace the older ``torch.set_float32_matmul_precision`` and
# ``allow_tf32`` switches; a program uses one kind or the other: after the new
# setting asks for TF32, reading the old
# ``torch.get_float32_matmul_precision()`` raises an error. On AMD GPUs, TF32
# exists only on some Instinct models (MI300, where it is called xf32), and
# there the same setting requests it; on other AMD GPUs the products stay in
# full float32.
print("float32 matrix products:", torch.backends.cuda.matmul.fp32_precision)
print("float32 cuDNN convolutions:", torch.backends.cudnn.conv.fp32_precision)
if on_gpu:
    bf16_sizes = [1024, 4096, 8192]
    bf16_rates = []
    for n in bf16_sizes:
        x = torch.randn(n, n, device=device, dtype=torch.bfloat16)
        y = torch.randn(n, n, device=device, dtype=torch.bfloat16)
        bf16_rates.append(2 * n**3 / median_seconds(lambda: x @ y, device, repeats=10))
    bf16_best = max(bf16_rates)
    best_n = bf16_sizes[bf16_rates.index(bf16_best)]
    print(f"bfloat16 on GPU, reference: n = {measured(best_n)}, {measured(bf16_best / 1e9, '.1f')} GFLOP/s")
    for n, rate in zip(bf16_sizes, bf16_rates):
        share = measured(rate / bf16_best, "7.1%")
        print(f"n = {n:>5}: {measured(rate / 1e9, '10.1f')} GFLOP/s, {share} of the reference")
else:
    print("No GPU in this run: the bfloat16 products are measured on GPUs only.")
