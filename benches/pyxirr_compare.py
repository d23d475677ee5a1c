"""Times pyxirr on the flows folio's `roi` bench writes, for the ratios in README.md.

Run right after `cargo bench -p folio-benches --bench roi`, which writes the flows to
`target/roi-bench/`. Needs `pip install pyxirr`; kept out of CI. Prints the median time
per call in microseconds for each case.
"""

import csv
import datetime
import pathlib
import statistics
import timeit

import pyxirr

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load(path):
    dates, amounts = [], []
    with open(path, newline="") as f:
        for date, amount in csv.reader(f):
            dates.append(datetime.date.fromisoformat(date))
            amounts.append(float(amount))
    return dates, amounts


def median_us(fn, number=200, repeat=15):
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(times) / number * 1e6


def main():
    bench = ROOT / "target" / "roi-bench"
    dates, amounts = load(bench / "xirr_1000.csv")
    print(f"xirr_1000_dated: rate {pyxirr.xirr(dates, amounts)!r}, "
          f"{median_us(lambda: pyxirr.xirr(dates, amounts)):.2f} us")
    _, irr_amounts = load(bench / "irr_100.csv")
    print(f"irr_100_periodic: rate {pyxirr.irr(irr_amounts)!r}, "
          f"{median_us(lambda: pyxirr.irr(irr_amounts)):.2f} us")
    many = ROOT / "crates" / "folio-roi" / "tests" / "data" / "pyxirr" / "random_1000.csv"
    d2, a2 = load(many)
    print(f"xirr_1000_many_sign_changes: rate {pyxirr.xirr(d2, a2)!r}, "
          f"{median_us(lambda: pyxirr.xirr(d2, a2), number=50):.2f} us")


if __name__ == "__main__":
    main()
