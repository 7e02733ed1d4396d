"""Performance benchmarks: a realistic archive to measure against (seed.py) and the scripts that
measure the running product on it (bench_reads.py, bench_intake.py). Not shipped with the
product; see docs/benchmarks.md."""
