#!/usr/bin/python3
"""Prints bench/run.sh's table (Markdown) from JMH's JSON results, the PyTorch script's JSON and the vector lanes.

Usage: table.py JMH_JSON PYTORCH_JSON LANES SPEC_DIR

Flops per sample count multiply-adds as 2 flops each. A dense layer: the forward pass (in x out), the weight
gradient (in x out) and the gradient to the layer's input (in x out, unless it is the first layer). A convolution
(the benchmark's C: one, first, unpadded, stride 1): the forward pass and the kernel gradient, each filters x output
positions x taps. Activations, pooling, losses, biases and the optimizer's update are not counted, so GFLOP/s is a
lower bound of the work done.
"""
import json
import re
import sys
from pathlib import Path

NETS = ("T", "S", "M", "L", "C")


def shape(text):
    batch = int(re.search(r"^\s*batch (\d+)", text, re.M).group(1))
    image = re.search(r"^\s*input (\d+)x(\d+)x(\d+)", text, re.M)
    if image:
        return conv_shape(text, image, batch)
    inputs = int(re.search(r"^\s*input (\d+)", text, re.M).group(1))
    units = [int(n) for n in re.findall(r"^\s*dense (\d+) ", text, re.M)]
    widths = [inputs] + units
    products = [widths[k] * widths[k + 1] for k in range(len(units))]
    flops = 2 * (2 * sum(products) + sum(products[1:]))
    return "-".join(map(str, widths)), batch, flops


def conv_shape(text, image, batch):
    """One unpadded stride-1 convolution first, then square max pooling, flatten and dense layers."""
    channels, height, width = (int(g) for g in image.groups())
    filters, kh, kw = (int(g) for g in re.search(r"^\s*conv (\d+) (\d+)x(\d+)", text, re.M).groups())
    pool = int(re.search(r"^\s*maxpool (\d+)x\d+", text, re.M).group(1))
    oh, ow = height - kh + 1, width - kw + 1
    conv = filters * oh * ow * channels * kh * kw
    units = [int(n) for n in re.findall(r"^\s*dense (\d+) ", text, re.M)]
    widths = [filters * (oh // pool) * (ow // pool)] + units
    products = [widths[k] * widths[k + 1] for k in range(len(units))]
    flops = 2 * (2 * conv + 3 * sum(products))
    described = "%dx%dx%d-conv%dx%dx%d-pool%d-%s" % (channels, height, width, filters, kh, kw, pool,
                                                      "-".join(map(str, widths)))
    return described, batch, flops


def fmt(x):
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= size:
            return "%.3g %s" % (x / size, unit)
    return "%.3g" % x


def main():
    jmh = json.loads(Path(sys.argv[1]).read_text())
    torch = json.loads(Path(sys.argv[2]).read_text()) if Path(sys.argv[2]).exists() else {}
    lanes = int(sys.argv[3])
    spec_dir = Path(sys.argv[4])
    steps, peak = {}, {}
    for r in jmh:
        name = r["benchmark"].rsplit(".", 1)[-1]
        score = r["primaryMetric"]["score"]
        if name == "step":
            steps[(r["params"]["net"], r["params"]["backend"])] = score
        else:
            peak[name] = score * (lanes if name == "vector" else 1)
    vector_peak = peak.get("vector")
    print("| net | shape, batch | flops/sample | generated samples/s | interpreter samples/s | PyTorch samples/s"
          " | generated / interpreter | generated / PyTorch | generated GFLOP/s | share of FP64 peak |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for net in NETS:
        widths, batch, flops = shape((spec_dir / (net.lower() + ".nn")).read_text())
        gen = steps.get((net, "generated"), 0) * batch
        interp = steps.get((net, "interpreter"), 0) * batch
        pt = torch.get(net)
        gflops = gen * flops / 1e9
        print("| %s | %s, %d | %s | %s | %s | %s | %s | %s | %.3g | %s |" % (
            net, widths, batch, fmt(flops), fmt(gen), fmt(interp), fmt(pt) if pt else "n/a",
            "%.2fx" % (gen / interp) if interp else "n/a", "%.3gx" % (gen / pt) if pt else "n/a", gflops,
            "%.2f%%" % (100 * gflops * 1e9 / vector_peak) if vector_peak else "n/a"))
    if vector_peak:
        print()
        print("FP64 peak measured by nnspec.bench.Peak: %.1f GFLOP/s with %d-lane FMA vectors (the share's base),"
              " %.1f GFLOP/s scalar FMA." % (vector_peak / 1e9, lanes, peak.get("scalar", 0) / 1e9))


if __name__ == "__main__":
    main()
