"""The gallery's "what ran underneath" classifier, on recorded names.

No ROCm or CUDA machine runs these tests, so the classifier is checked on
kernel and operator names recorded from real traces (tests/data/), and on a
real CPU trace of the tiny network of the first gallery example.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

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
        ("Custom_Cijk_Alik_Bljk_SB_MT128x128x16_SN", "rocBLAS (Tensile)"),
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


def test_blas_named_by_the_build():
    assert _support.classify_operator("aten::addmm", blas="OpenBLAS") == "OpenBLAS"
    import torch

    if "BLAS_INFO=mkl" in torch.__config__.show():
        assert _support.blas_library() == "Intel MKL"


def _event(name, children=(), kernels=(), device="CPU"):
    from torch.autograd import DeviceType

    return SimpleNamespace(
        name=name,
        cpu_children=list(children),
        kernels=[SimpleNamespace(name=k) for k in kernels],
        device_type=getattr(DeviceType, device),
    )


def test_layer_report_on_gpu_events():
    # The shape of a CUDA trace: layer ranges around operators holding kernels.
    conv = _event("0: Conv2d", [_event("aten::conv2d", [_event("aten::cudnn_convolution", kernels=[
        "void cudnn::engines_precompiled::nchwToNhwcKernel<float>(...)",
        "sm80_xmma_fprop_implicit_gemm_tf32f32_tf32f32_f32_nhwckrsc_nchw"])])])  # fmt: skip
    relu = _event("1: ReLU", [_event("aten::relu", [_event("aten::clamp_min", kernels=[
        "void at::native::vectorized_elementwise_kernel<4>(...)"])])])  # fmt: skip
    linear = _event("3: Linear", [_event("aten::linear", [_event("aten::addmm", kernels=["ampere_sgemm_32x32_sliced1x4_tn"])])])
    annotation = _event("0: Conv2d", device="CUDA")  # the GPU-side copy of the range
    rows = _support.layer_report([annotation, conv, relu, linear], ["0: Conv2d", "1: ReLU", "3: Linear"])
    assert [(r.layer, r.operator, r.library) for r in rows] == [
        ("0: Conv2d", "aten::cudnn_convolution", "cuDNN"),
        ("0: Conv2d", "aten::cudnn_convolution", "cuDNN"),
        ("1: ReLU", "aten::clamp_min", "PyTorch's own kernel"),
        ("3: Linear", "aten::addmm", "cuBLAS"),
    ]


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
