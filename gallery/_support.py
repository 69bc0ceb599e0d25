"""Helpers shared by the gallery examples.

Download this file next to an example to run the example yourself. It holds:

* ``pick_device`` -- the GPU when there is one, else the CPU (or an error
  when ``REQUIRE_GPU=1`` promises a GPU);
* ``median_seconds`` -- a timer that warms up, waits for the device, repeats
  and reports the median;
* ``measured`` -- formats a number this run measured (a time, a rate), which
  differs from run to run;
* ``classify_kernel``, ``classify_operator`` and ``kernel_library`` -- which
  library a kernel or an operator seen in a ``torch.profiler`` trace belongs
  to;
* ``layer_report`` -- the kernels of each layer of a traced forward pass.
"""

from __future__ import annotations

import os
import re
import statistics
from dataclasses import dataclass

import torch

# -- Device -------------------------------------------------------------------


def pick_device() -> torch.device:
    """The GPU when torch sees one (CUDA or ROCm), otherwise the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if os.environ.get("REQUIRE_GPU") == "1":
        raise RuntimeError("REQUIRE_GPU=1 is set, but torch sees no GPU")
    return torch.device("cpu")


def backend_label(device: torch.device) -> str:
    """The backend and its version: 'ROCm, HIP 6.4...', 'CUDA 12.8' or 'CPU'.

    The site's stamps use the same words (its recorder calls this function).
    """
    if device.type != "cuda":
        return "CPU"
    if torch.version.hip:
        return f"ROCm, HIP {torch.version.hip}"
    return f"CUDA {torch.version.cuda}"


def device_label(device: torch.device) -> str:
    """A short description such as 'NVIDIA H100 (CUDA 12.8)' or 'CPU'."""
    if device.type != "cuda":
        return "CPU"
    return f"{torch.cuda.get_device_name(device)} ({backend_label(device)})"


def synchronize(device: torch.device) -> None:
    """Wait until the device has finished the work queued so far."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


# -- Timing -------------------------------------------------------------------


def median_seconds(fn, device: torch.device, *, warmup: int = 3, repeats: int = 15) -> float:
    """Median wall time of ``fn()`` in seconds.

    GPU work is asynchronous: a call returns before the GPU is done. The
    clock is therefore read only after waiting for the device, and a few
    unmeasured calls come first so that one-time costs (memory allocation,
    library start-up, algorithm choice) stay out of the numbers.
    """
    import time

    for _ in range(warmup):
        fn()
    synchronize(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- Measured values ------------------------------------------------------------

# None when you run an example yourself. The site's recorder and its check of
# the records set a pair of marks here, so that a record keeps every measured
# value between them: the check then compares every printed line except those
# values, and the pages show the number without the marks.
VARYING_MARKS: tuple[str, str] | None = None


def measured(value, spec: str = "") -> str:
    """``format(value, spec)`` for a number this run measured, such as a time.

    Print timings and whatever is computed from them through this function
    and everything else as usual: a measured number differs from run to run
    and from machine to machine, the rest of an example's output does not.
    """
    text = format(value, spec)
    return text if VARYING_MARKS is None else f"{VARYING_MARKS[0]}{text}{VARYING_MARKS[1]}"


# -- What ran underneath -------------------------------------------------------

PYTORCH_OWN = "PyTorch's own kernel"
VIEW = "no kernel (a view of the same memory)"
MEMORY = "memory copy or fill"
UNKNOWN = "not recognised"
CK = "composable_kernel (CK)"
TENSILE = "Tensile GEMM (rocBLAS or hipBLASLt)"

# Kernel-name rules, tried in order; the first match names the library.
# Names that several libraries share (xmma, gemm, cutlass, ampere_...) are
# decided by the more specific rules that come before the general ones.
_KERNEL_RULES: list[tuple[str, re.Pattern[str]]] = [
    (MEMORY, re.compile(r"^(Memcpy|Memset)|\[CUDA mem(cpy|set)|__amd_rocclr_")),
    ("cuBLASLt", re.compile(r"^nvjet_|cublasLt::|cublasLtEpilogue_t")),
    (
        "cuDNN",
        re.compile(
            r"cudnn|(implicit|precomputed)_convolve_sgemm|conv2d_(grouped_direct|c1_k1)"
            r"|xmma_(fprop|dgrad|wgrad)|s1688(fprop|dgrad|wgrad)|nchwToNhwc",
            re.I,
        ),
    ),
    (
        "cuBLAS",
        re.compile(
            r"(maxwell|volta|turing|ampere)_[sdhc]gemm|gemv2[NT]_kernel|gemvNSP_kernel"
            r"|internal::gemvx|gemmSN_[NT]{2}_kernel|splitKreduce_kernel|xmma_gemm"
            r"|__5x_cublas|cutlass::Kernel2<cutlass_80_"
        ),
    ),
    (
        "MIOpen",
        re.compile(
            r"^miopen|naive_conv_|igemm_(fwd|bwd|wrw)_gtc|gridwise_convolution_|^Im2Col|^SubTensorOp"
            r"|^(void )?(gpu_)?batched_transpose_",
            re.I,
        ),
    ),
    # composable_kernel: MIOpen's implicit-GEMM convolution solvers, and some
    # GEMMs PyTorch itself hands to CK on ROCm.
    (CK, re.compile(r"\bck(_tile)?::")),
    # Tensile writes the GEMM kernels of both rocBLAS and hipBLASLt, and both
    # name them Cijk_...; only hipBLASLt's user-argument kernels say which.
    ("hipBLASLt", re.compile(r"^(Custom_)?Cijk_.*_UserArgs_")),
    (TENSILE, re.compile(r"^(Custom_)?Cijk_")),
    ("rocBLAS", re.compile(r"rocblas_")),
    ("Triton (compiled by torch.compile)", re.compile(r"^triton_")),
    (PYTORCH_OWN, re.compile(r"at::native::|elementwise_kernel|at_cuda_detail")),
    ("CUTLASS", re.compile(r"cutlass", re.I)),
]


def normalize_kernel_name(name: str) -> str:
    """Drop the ROCm ' [clone .kd]' / '.kd' suffixes and surrounding space."""
    name = name.strip()
    name = re.sub(r"\s*\[clone \.kd\]$", "", name)
    return re.sub(r"\.kd$", "", name)


def classify_kernel(name: str) -> str:
    """The library a GPU kernel (or memory operation) belongs to."""
    name = normalize_kernel_name(name)
    for library, pattern in _KERNEL_RULES:
        if pattern.search(name):
            return library
    return UNKNOWN


# Operator names say which path PyTorch took, which matters on the CPU,
# where the profiler records no kernels.
_OPERATOR_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("cuDNN", re.compile(r"^aten::cudnn_")),
    ("MIOpen", re.compile(r"^aten::miopen_")),
    ("oneDNN", re.compile(r"^aten::(mkldnn_|_mkldnn|onednn)")),
    ("PyTorch's own (im2col, then BLAS)", re.compile(r"^aten::(_slow_conv2d|thnn_conv|slow_conv)")),
    ("BLAS", re.compile(r"^aten::(addmm|mm|bmm|baddbmm|addmv|mv|dot|_addmm_activation)$")),
    (VIEW, re.compile(r"^aten::(view|flatten|t|transpose|reshape|_reshape_alias|as_strided|expand|unsqueeze|squeeze)$")),
]


def blas_library() -> str:
    """Which BLAS this torch build calls on the CPU, from its build settings."""
    config = torch.__config__.show()
    match = re.search(r"BLAS_INFO=(\w+)", config)
    names = {"mkl": "Intel MKL", "open": "OpenBLAS", "openblas": "OpenBLAS", "accelerate": "Accelerate"}
    return names.get(match.group(1).lower(), match.group(1)) if match else "BLAS"


def classify_operator(name: str, blas: str = "BLAS") -> str:
    """The library behind a profiler operator row (aten::...) on the CPU."""
    for library, pattern in _OPERATOR_RULES:
        if pattern.search(name):
            return library.replace("BLAS", blas) if library == "BLAS" else library
    if name.startswith("aten::"):
        return PYTORCH_OWN
    return UNKNOWN


# Kernels that a convolution library launches from another library: MIOpen's
# GEMM and implicit-GEMM solvers run Tensile, hipBLASLt or CK kernels.
_BORROWED = {TENSILE, "hipBLASLt", "rocBLAS", CK, "cuBLAS", "cuBLASLt", "CUTLASS"}


def kernel_library(operator: str, kernel: str) -> str:
    """The library of a kernel, told with the operator that launched it.

    A kernel name alone can mislead: when MIOpen picks a GEMM solver for a
    convolution, the kernel is a Tensile GEMM, yet MIOpen chose and ran it.
    """
    library = classify_kernel(kernel)
    caller = classify_operator(operator)
    if caller in ("cuDNN", "MIOpen") and library in _BORROWED:
        return f"{caller} (through {library})"
    return library


@dataclass
class Row:
    layer: str
    operator: str
    kernel: str  # "" when the profiler recorded no device kernel
    library: str


# Operators that only allocate or check something; they do no arithmetic.
_BOOKKEEPING = re.compile(r"^aten::(empty|empty_strided|resize_|_nnpack_available|resolve_conj|resolve_neg)$")


def _descendants(event):
    for child in event.cpu_children:
        yield child
        yield from _descendants(child)


def _cpu_rows(layer: str, top, blas: str) -> list[Row]:
    """Rows for a layer traced on the CPU, where only operators are recorded.

    The innermost operator that names a library (say ``_slow_conv2d_forward``
    under ``conv2d``) stands for the layer; a layer with none is shown by its
    innermost operators that do arithmetic (``clamp_min`` for ReLU).
    """
    ops = list(_descendants(top))
    named = {id(op): classify_operator(op.name, blas) for op in ops}
    generic = (PYTORCH_OWN, UNKNOWN, VIEW)
    specific = [op for op in ops if named[id(op)] not in generic]
    innermost = [op for op in specific if not any(named[id(d)] not in generic for d in _descendants(op))]
    chosen = innermost or [op for op in ops if not op.cpu_children and not _BOOKKEEPING.match(op.name)]
    return [Row(layer, op.name, "", named[id(op)]) for op in chosen]


def layer_report(events, layer_names: list[str], blas: str = "BLAS") -> list[Row]:
    """The work done under each ``record_function(layer)`` range of a trace.

    On a GPU each operator that launched kernels gives one row per kernel,
    classified by the kernel's full name (the profiler's table cuts names
    short, so the events are read instead). On the CPU the profiler records
    operators only, and the rows come from their names.
    """
    from torch.autograd import DeviceType

    rows: list[Row] = []
    ranges = {e.name: e for e in events if e.name in layer_names and e.device_type == DeviceType.CPU}
    for layer in layer_names:
        top = ranges.get(layer)
        if top is None:
            continue
        launched = [op for op in _descendants(top) if op.kernels]
        if launched:
            for op in launched:
                for kernel in op.kernels:
                    rows.append(Row(layer, op.name, kernel.name, kernel_library(op.name, kernel.name)))
        else:
            rows.extend(_cpu_rows(layer, top, blas))
    return rows


def shorten(name: str, width: int = 60) -> str:
    """A kernel name cut to fit a table; the classification used the full name."""
    return name if len(name) <= width else name[: width - 3] + "..."
