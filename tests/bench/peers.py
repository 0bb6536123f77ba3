"""Time other graph tools on the benchmark's edge list.

usage: peers.py igraph|networkx EDGES SEEDS

EDGES has one "src dst" pair of node numbers per line and SEEDS one
"from to fromkey tokey" line per walk (both written by samples/gen).
The script loads the edge list as a directed graph, then for every seed
takes the set of nodes reachable from it and a shortest path to its end,
and prints "name value" lines as tests/bench/twbench does: load time in
seconds, the time to load and run the first five reaches, and p50,
p99 and max of the reach and path times in milliseconds, and of the
reach's CPU time (thread time, which other processes do not inflate).

Run it with Debian's /usr/bin/python3, which has python3-igraph and
python3-networkx.
"""
import sys
import time


def stats(name, values):
    """Print p50, p99 and max of values in milliseconds."""
    values = sorted(values)
    n = len(values)
    p99 = max(1, (n * 99 + 99) // 100)
    print("%s_p50_ms %.3f" % (name, values[(n - 1) // 2]))
    print("%s_p99_ms %.3f" % (name, values[p99 - 1]))
    print("%s_max_ms %.3f" % (name, values[-1]))


def read_seeds(path):
    with open(path) as f:
        return [tuple(int(x) for x in line.split()[:2]) for line in f
                if line.strip()]


def run_igraph(edges, seeds):
    import igraph
    t0 = time.perf_counter()
    g = igraph.Graph.Read_Edgelist(edges, directed=True)
    load = time.perf_counter() - t0
    reach, path, cpu = [], [], []
    five = None
    for i, (a, b) in enumerate(seeds):
        t = time.perf_counter()
        c = time.thread_time()
        g.subcomponent(a, mode="out")
        reach.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.thread_time() - c) * 1e3)
        if i == 4:
            five = time.perf_counter() - t0
        t = time.perf_counter()
        g.get_shortest_paths(a, to=b, mode="out")
        path.append((time.perf_counter() - t) * 1e3)
    return load, five, reach, path, cpu


def run_networkx(edges, seeds):
    import networkx
    t0 = time.perf_counter()
    g = networkx.read_edgelist(edges, create_using=networkx.DiGraph,
                               nodetype=int)
    load = time.perf_counter() - t0
    reach, path, cpu = [], [], []
    five = None
    for i, (a, b) in enumerate(seeds):
        t = time.perf_counter()
        c = time.thread_time()
        networkx.descendants(g, a)
        reach.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.thread_time() - c) * 1e3)
        if i == 4:
            five = time.perf_counter() - t0
        t = time.perf_counter()
        try:
            networkx.shortest_path(g, a, b)
        except (networkx.NetworkXNoPath, networkx.NodeNotFound):
            pass
        path.append((time.perf_counter() - t) * 1e3)
    return load, five, reach, path, cpu


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("igraph", "networkx"):
        sys.exit(__doc__)
    seeds = read_seeds(sys.argv[3])
    run = run_igraph if sys.argv[1] == "igraph" else run_networkx
    load, five, reach, path, cpu = run(sys.argv[2], seeds)
    print("load_s %.3f" % load)
    print("cold_five_reaches_ms %.3f" % (five * 1e3))
    stats("reach", reach)
    stats("path", path)
    stats("reach_cpu", cpu)
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                print("hwm_kb %s" % line.split()[1])


if __name__ == "__main__":
    main()
