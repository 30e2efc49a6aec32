def _usable_cpus() -> int:
    """CPUs this container may use: its CPU set (`--cpuset-cpus`), and no more than
    its CPU quota (`--cpus`, a Kubernetes limit), which the CPU set does not show."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    return max(1, min(cpus, math.ceil(quota))) if quota else cpus


def _cgroup_cpu_quota() -> float | None:
    """The CPU quota in CPUs (cgroup v2, else v1), None when there is none."""
    try:
        quota, period = _read("/sys/fs/cgroup/cpu.max").split()
    except OSError:
        try:
            quota = _read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")
            period = _read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")
        except OSError:
            return None
    return None if quota in ("max", "-1") else int(quota) / int(period)


def _read(path: str) -> str:
    with open(path, encoding="ascii") as file:
        return file.read().strip()
