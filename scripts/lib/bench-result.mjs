// One line per headline figure of a benchmark, for `npm run bench`'s summary table:
//   BENCH-RESULT {"figure": "...", "value": 1.23, "unit": "x", "anchor": "...", "target": "...", "met": true, "rssMiB": 120}
// The benchmark prints its own detail; this line only repeats the figure that issue #15 names.
export function result(r) {
  console.log(`BENCH-RESULT ${JSON.stringify(r)}`)
}
