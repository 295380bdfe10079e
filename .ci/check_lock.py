"""Check that each lock still matches the .in file it was compiled from, without the network.

`make lock` compiles requirements.in -> requirements.txt and requirements-dev.in -> requirements-dev.txt.
pip-compile marks the pins that come straight from an .in file with `# via -r <file>`; this check fails
when an .in requirement has no pin satisfying it, when a pin still claims an .in line that is gone, when
a pin has no hash, or when the dev lock pins a runtime package at another version than requirements.txt.
Run `make lock` to fix any of these.
"""

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.txt": "requirements.in", "requirements-dev.txt": "requirements-dev.in"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def direct_requirements(in_name: str) -> dict[str, tuple[str, Requirement]]:
    """Every requirement of an .in file and the .in files it includes with -r, by package name."""
    found: dict[str, tuple[str, Requirement]] = {}
    for raw in (ROOT / in_name).read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or line.startswith("-c "):
            continue
        if line.startswith("-r "):
            found.update(direct_requirements(line[3:].strip()))
            continue
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = (in_name, requirement)
    return found


def read_lock(lock_name: str) -> dict[str, tuple[str, int, set[str]]]:
    """The lock's pins: package name -> (version, number of hashes, the `via -r` files)."""
    pins: dict[str, tuple[str, int, set[str]]] = {}
    current = ""
    for line in (ROOT / lock_name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = (match[2], 0, set())
        elif current and "--hash=" in line:
            version, hashes, via = pins[current]
            pins[current] = (version, hashes + 1, via)
        elif current and (via_match := re.search(r"#\s+(?:via\s+)?-r (\S+)", line)):
            pins[current][2].add(via_match[1])
    return pins


def problems() -> list[str]:
    found: list[str] = []
    runtime = read_lock("requirements.txt")
    for lock_name, in_name in LOCKS.items():
        wanted = direct_requirements(in_name)
        pins = read_lock(lock_name)
        for name, (source, requirement) in sorted(wanted.items()):
            if name not in pins:
                found.append(f"{lock_name}: {requirement} (from {source}) is not pinned")
            elif not requirement.specifier.contains(pins[name][0], prereleases=True):
                found.append(f"{lock_name}: {name}=={pins[name][0]} does not satisfy {requirement} (from {source})")
        for name, (version, hashes, via) in sorted(pins.items()):
            if hashes == 0:
                found.append(f"{lock_name}: {name}=={version} has no hash")
            if via and name not in wanted:
                found.append(
                    f"{lock_name}: {name} is pinned as from {', '.join(sorted(via))}, which no longer lists it"
                )
            if lock_name != "requirements.txt" and name in runtime and runtime[name][0] != version:
                found.append(f"{lock_name}: {name}=={version} but requirements.txt pins {runtime[name][0]}")
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        print("The locks do not match the .in files: run `make lock` and commit both.")
        return 1
    print("locks match requirements.in and requirements-dev.in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
