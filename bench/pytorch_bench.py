#!/usr/bin/python3
"""PyTorch on the benchmark nets (docs/PERFORMANCE.md): the same layers, losses, optimizers and batch sizes as the
.nn specs beside nnspec.bench.Nets, float64, one thread. Prints one JSON object: net -> samples per second of
full training steps (zero_grad, forward, loss, backward, optimizer step) on seeded synthetic data.

Usage: pytorch_bench.py SPEC_DIR SECONDS_PER_NET [--cpu]
(--cpu: the process's CPU time, time.process_time, for the clock and the seconds, as nnspec.bench.CpuTime)
Needs Debian's python3-torch; never run by the build or CI.
"""
import json
import re
import sys
import time
from pathlib import Path

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "linear": None}


def read_spec(text):
    """The subset of the .nn language the benchmark specs use: input, dense layers, loss, optimizer, batch."""
    dims = re.search(r"^\s*input ([\dx]+)", text, re.M).group(1).split("x")
    inputs = 1
    for d in dims:
        inputs *= int(d)
    layers = [(int(n), act) for n, act in re.findall(r"^\s*dense (\d+) (\w+)", text, re.M)]
    loss = re.search(r"^\s*loss (.+)$", text, re.M).group(1).strip()
    opt = re.search(r"^\s*optimizer (\w+) lr ([0-9.e-]+)(?: momentum ([0-9.]+))?", text, re.M)
    batch = int(re.search(r"^\s*batch (\d+)", text, re.M).group(1))
    return inputs, layers, loss, opt.group(1), float(opt.group(2)), opt.group(3), batch


def image_modules(text):
    """The convolutional front of a spec with an image input (net C): conv, max pooling and flatten, or None."""
    image = re.search(r"^\s*input (\d+)x(\d+)x(\d+)", text, re.M)
    if not image:
        return None
    channels, height, width = (int(g) for g in image.groups())
    conv = re.search(r"^\s*conv (\d+) (\d+)x(\d+) (\w+)", text, re.M)
    filters, kh, kw = int(conv.group(1)), int(conv.group(2)), int(conv.group(3))
    pool = int(re.search(r"^\s*maxpool (\d+)x(\d+)", text, re.M).group(1))
    modules = [torch.nn.Conv2d(channels, filters, (kh, kw))]
    if ACTIVATIONS[conv.group(4)] is not None:
        modules.append(ACTIVATIONS[conv.group(4)]())
    modules += [torch.nn.MaxPool2d(pool), torch.nn.Flatten()]
    flat = filters * ((height - kh + 1) // pool) * ((width - kw + 1) // pool)
    return modules, (channels, height, width), flat


def build(text):
    inputs, layers, loss, opt, lr, momentum, batch = read_spec(text)
    modules, width, image = [], inputs, None
    front = image_modules(text)
    if front is not None:
        modules, image, width = front
    for units, act in layers:
        modules.append(torch.nn.Linear(width, units))
        if ACTIVATIONS[act] is not None:
            modules.append(ACTIVATIONS[act]())
        width = units
    net = torch.nn.Sequential(*modules)
    if loss == "bce":
        criterion = torch.nn.BCELoss()
    elif loss == "cce from logits":
        criterion = torch.nn.CrossEntropyLoss()
    else:
        raise SystemExit("pytorch_bench.py: loss '%s' not supported" % loss)
    if opt == "sgd":
        optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    elif opt == "momentum":
        optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=float(momentum))
    elif opt == "adam":
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    else:
        raise SystemExit("pytorch_bench.py: optimizer '%s' not supported" % opt)
    gen = torch.Generator().manual_seed(42)
    samples = 512
    x = torch.rand(samples, inputs, generator=gen) * 2 - 1
    if image is not None:
        x = x.reshape(samples, *image)
    outputs = layers[-1][0]
    if outputs == 1:
        y = torch.randint(0, 2, (samples, 1), generator=gen).to(torch.float64)
    else:
        y = torch.randint(0, outputs, (samples,), generator=gen)
    return net, criterion, optimizer, x, y, batch


def samples_per_second(text, seconds, clock=time.perf_counter):
    net, criterion, optimizer, x, y, batch = build(text)
    starts = list(range(0, x.shape[0] - batch + 1, batch))

    def step(k):
        s = starts[k % len(starts)]
        optimizer.zero_grad()
        loss = criterion(net(x[s:s + batch]), y[s:s + batch])
        loss.backward()
        optimizer.step()

    for k in range(50):
        step(k)
    steps, begin = 0, clock()
    while clock() - begin < seconds:
        for k in range(20):
            step(steps + k)
        steps += 20
    return steps * batch / (clock() - begin)


def main():
    spec_dir, seconds = Path(sys.argv[1]), float(sys.argv[2])
    clock = time.process_time if "--cpu" in sys.argv[3:] else time.perf_counter
    print(json.dumps({net: samples_per_second((spec_dir / (net.lower() + ".nn")).read_text(), seconds, clock)
                      for net in ("T", "S", "M", "L", "C")}))


if __name__ == "__main__":
    main()
