"""The gallery's "what ran underneath" classifier, on recorded names.

No ROCm or CUDA machine runs these tests, so the classifier is checked on
kernel and operator names recorded from real traces (tests/data/), on a
synthetic fixture (operator trees of the first gallery example's network,
assembled by hand around those recorded kernel names and rebuilt as torch's
own profiler events), and on a real CPU trace of the same network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "gallery"))

import _support  # noqa: E402


def recorded(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kernel, library = line.split("\t")
            rows.append((kernel, library))
    return rows


@pytest.mark.parametrize("kernel,library", recorded("kernels_cuda.txt") + recorded("kernels_rocm.txt"))
def test_recorded_kernel_names(kernel, library):
    assert _support.classify_kernel(kernel) == library


@pytest.mark.parametrize("operator,library", recorded("operators_cpu.txt"))
def test_recorded_operator_names(operator, library):
    assert _support.classify_operator(operator, blas="BLAS") == library


@pytest.mark.parametrize(
    "kernel,library",
    [
        # Rules from the naming schemes, beyond the names recorded above.
        ("Custom_Cijk_Alik_Bljk_SB_MT128x128x16_SN", "Tensile GEMM (rocBLAS or hipBLASLt)"),
        ("cublasLt::splitKreduce_kernel", "cuBLASLt"),
        ("turing_hgemm_128x128_nn", "cuBLAS"),
        ("void cutlass::Kernel<cutlass_tensorop_f16_s16816gemm_relu_f16>(T1::Params)", "CUTLASS"),
        ("some_new_kernel_nobody_named", "not recognised"),
    ],
)
def test_naming_rules(kernel, library):
    assert _support.classify_kernel(kernel) == library


def test_shared_prefixes_are_told_apart():
    # ampere_ starts both cuBLAS and cuDNN kernels; xmma is in both libraries.
    assert _support.classify_kernel("ampere_scudnn_128x64_relu_interior_nn_v1") == "cuDNN"
    assert _support.classify_kernel("ampere_sgemm_128x64_nn") == "cuBLAS"
    assert _support.classify_kernel("sm90_xmma_fprop_implicit_gemm_f32_kernel__5x_cudnn") == "cuDNN"
    assert _support.classify_kernel("sm90_xmma_gemm_f32f32_kernel__5x_cublas") == "cuBLAS"


def test_rocm_suffixes_are_dropped():
    assert _support.normalize_kernel_name("void rocblas_gemvt_kernel [clone .kd]") == "void rocblas_gemvt_kernel"
    assert _support.normalize_kernel_name("__amd_rocclr_fillBufferAligned.kd") == "__amd_rocclr_fillBufferAligned"


def test_blas_named_by_the_build(monkeypatch):
    import torch

    # Whatever this build is, its settings name a BLAS that the page can show.
    assert "BLAS_INFO=" in torch.__config__.show()
    assert _support.blas_library() != "BLAS"
    # The settings line recorded from an MKL build, and the same line as an
    # OpenBLAS build writes it, each read as the build in use.
    recorded_line = (ROOT / "tests" / "data" / "torch_config_cpu.txt").read_text(encoding="utf-8")
    assert "BLAS_INFO=mkl" in recorded_line
    for config, library in [
        (recorded_line, "Intel MKL"),
        (recorded_line.replace("BLAS_INFO=mkl", "BLAS_INFO=open"), "OpenBLAS"),
    ]:
        monkeypatch.setattr(torch.__config__, "show", lambda config=config: config)
        assert _support.blas_library() == library
    assert _support.classify_operator("aten::addmm", blas="OpenBLAS") == "OpenBLAS"


# Synthetic: assembled by hand, see its "about".
GPU_TRACES = json.loads((ROOT / "tests" / "data" / "trace_tiny_net_gpu_synthetic.json").read_text(encoding="utf-8"))["traces"]


def _function_events(trace):
    """torch's own profiler events for a recorded operator tree.

    The tree is rebuilt with the classes ``prof.events()`` returns: CPU-side
    ``FunctionEvent`` ranges and operators, kernels appended the way the
    profiler attaches them, and the GPU-side copy of each layer range that a
    CUDA or ROCm trace also holds.
    """
    from torch.autograd import DeviceType
    from torch.autograd.profiler_util import FunctionEvent

    events = []

    def make(name, device=DeviceType.CPU):
        event = FunctionEvent(id=len(events), name=name, thread=0, start_us=0, end_us=1, device_type=device)
        events.append(event)
        return event

    def build(node):
        event = make(node["operator"])
        for kernel in node.get("kernels", ()):
            event.append_kernel(kernel, 0, 1)
        for child in node.get("children", ()):
            event.append_cpu_child(build(child))
        return event

    for layer in trace:
        make(layer["layer"], DeviceType.CUDA)
        top = make(layer["layer"])
        for node in layer["operators"]:
            top.append_cpu_child(build(node))
    return events


def _kernels(node):
    yield from node.get("kernels", ())
    for child in node.get("children", ()):
        yield from _kernels(child)


def test_the_synthetic_gpu_traces_invent_no_kernel_name():
    # A check of the fixture, not of the classifier: the hand-assembled trees
    # may use only kernel names seen in real traces (tests/data/kernels_*.txt).
    known = {name for name, _ in recorded("kernels_cuda.txt") + recorded("kernels_rocm.txt")}
    invented = {(platform, kernel) for platform, trace in GPU_TRACES.items() for layer in trace
                for node in layer["operators"] for kernel in _kernels(node) if kernel not in known}  # fmt: skip
    assert invented == set()
    about = json.loads((ROOT / "tests" / "data" / "trace_tiny_net_gpu_synthetic.json").read_text(encoding="utf-8"))["about"]
    assert about.startswith("A synthetic fixture, assembled by hand")


FLATTEN = ("2: Flatten", "aten::view", "no kernel (a view of the same memory)")


@pytest.mark.parametrize(
    "platform,expected",
    [
        (
            "cuda",
            [
                ("0: Conv2d", "aten::cudnn_convolution", "cuDNN"),
                ("0: Conv2d", "aten::cudnn_convolution", "cuDNN"),
                ("1: ReLU", "aten::clamp_min", "PyTorch's own kernel"),
                FLATTEN,
                ("3: Linear", "aten::addmm", "cuBLAS"),
            ],
        ),
        (
            "rocm-gemm-solver",
            [
                ("0: Conv2d", "aten::miopen_convolution", "MIOpen"),
                ("0: Conv2d", "aten::miopen_convolution", "MIOpen (through Tensile GEMM (rocBLAS or hipBLASLt))"),
                ("0: Conv2d", "aten::miopen_convolution", "MIOpen"),
                ("1: ReLU", "aten::clamp_min", "PyTorch's own kernel"),
                FLATTEN,
                ("3: Linear", "aten::addmm", "hipBLASLt"),
            ],
        ),
        (
            "rocm-ck",
            [
                ("0: Conv2d", "aten::miopen_convolution", "MIOpen (through composable_kernel (CK))"),
                ("1: ReLU", "aten::clamp_min", "PyTorch's own kernel"),
                FLATTEN,
                ("3: Linear", "aten::addmm", "rocBLAS"),
            ],
        ),
    ],
)
def test_layer_report_on_recorded_gpu_traces(platform, expected):
    names = [layer["layer"] for layer in GPU_TRACES[platform]]
    rows = _support.layer_report(_function_events(GPU_TRACES[platform]), names)
    assert [(r.layer, r.operator, r.library) for r in rows] == expected
    # Flatten launches nothing on any device: its row names the view, no kernel.
    assert [r.layer for r in rows if not r.kernel] == ["2: Flatten"]


def test_layer_report_on_a_real_cpu_trace():
    import torch
    from torch import nn
    from torch.profiler import ProfilerActivity, profile, record_function

    model = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(16, 2)).eval()
    x = torch.randn(1, 1, 4, 4)
    names = [f"{i}: {type(m).__name__}" for i, m in enumerate(model)]
    with torch.no_grad(), profile(activities=[ProfilerActivity.CPU]) as prof:
        z = x
        for name, layer in zip(names, model):
            with record_function(name):
                z = layer(z)
    rows = _support.layer_report(prof.events(), names, blas="BLAS")
    assert [(r.layer, r.operator, r.kernel, r.library) for r in rows] == [
        ("0: Conv2d", "aten::_slow_conv2d_forward", "", "PyTorch's own (im2col, then BLAS)"),
        ("1: ReLU", "aten::clamp_min", "", "PyTorch's own kernel"),
        ("2: Flatten", "aten::view", "", "no kernel (a view of the same memory)"),
        ("3: Linear", "aten::addmm", "", "BLAS"),
    ]
