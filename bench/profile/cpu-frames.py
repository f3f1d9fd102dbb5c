#!/usr/bin/env python3
"""Where a .NET process's CPU goes, from a dotnet-trace speedscope file of the dotnet-sampled-thread-time profile.

Usage: dotnet-trace collect -p <web pid> --profile dotnet-sampled-thread-time --format Speedscope --duration 00:00:00:20 -o web.nettrace
       python3 bench/profile/cpu-frames.py web.speedscope.json [how many frames, 60]
The profile samples every thread's stack, waiting or not; only the time whose innermost frame is CPU_TIME is counted,
and each frame gets the share of that CPU time spent inside it (inclusive), async state-machine boxes left out.
"""
import collections
import json
import re
import sys

data = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 60
frames = [f["name"] for f in data["shared"]["frames"]]
inclusive = collections.Counter()
total = 0.0
for profile in data["profiles"]:
    stack, last = [], None
    for event in sorted(profile["events"], key=lambda e: (e["at"], 0 if e["type"] == "C" else 1)):
        if stack and last is not None and frames[stack[-1]] == "CPU_TIME":
            elapsed = event["at"] - last
            total += elapsed
            for frame in set(stack):
                inclusive[frames[frame]] += elapsed
        last = event["at"]
        if event["type"] == "O":
            stack.append(event["frame"])
        elif event["frame"] in stack:
            stack = stack[: len(stack) - 1 - stack[::-1].index(event["frame"])]

print(f"CPU time sampled: {total / 1000:.1f} s")
seen = set()
for name, ms in inclusive.most_common():
    short = re.sub(r"\(.*", "", name)[:140]
    if "AsyncStateMachineBox" in short or "AsyncTaskMethodBuilder" in short or short in seen:
        continue
    seen.add(short)
    print(f"{ms / total * 100:5.1f}% {short}")
    if len(seen) >= top:
        break
