#!/usr/bin/env python3
"""Turns target/bench-peers/results.json into the figures of BENCHMARKS.md (between the
<!-- figures:begin --> and <!-- figures:end --> markers) and the scaling plot (an SVG).

usage: report.py RESULTS.json BENCHMARKS.md scaling.svg"""
import json
import sys


def fmt(x, d=2):
    return f"{x:,.{d}f}"


def mark(ok):
    return "✅ met" if ok else "❌ missed"


def svg(points, path):
    """Time (left axis) and peak memory (right axis) against submissions."""
    w, h, l, r, t, b = 640, 340, 60, 70, 30, 50
    xs = [p["submissions"] for p in points]
    secs = [p["run"]["seconds"] for p in points]
    mem = [p["run"]["peak_mib"] for p in points]
    xmax, smax, mmax = max(xs) * 1.05, max(secs) * 1.15, max(max(mem), 1024) * 1.1
    X = lambda v: l + (w - l - r) * v / xmax
    Ys = lambda v: h - b - (h - t - b) * v / smax
    Ym = lambda v: h - b - (h - t - b) * v / mmax
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<line x1="{l}" y1="{h-b}" x2="{w-r}" y2="{h-b}" stroke="#333"/>',
           f'<line x1="{l}" y1="{t}" x2="{l}" y2="{h-b}" stroke="#1565c0"/>',
           f'<line x1="{w-r}" y1="{t}" x2="{w-r}" y2="{h-b}" stroke="#c62828"/>',
           f'<text x="{(w-r+l)/2}" y="{h-12}" text-anchor="middle">submissions (run: extract, check, index, mine, report)</text>',
           f'<text x="14" y="{t-10}" fill="#1565c0">time (s)</text>',
           f'<text x="{w-4}" y="{t-10}" text-anchor="end" fill="#c62828">peak memory (MiB)</text>']
    for i in range(6):
        v = xmax * i / 5
        out.append(f'<text x="{X(v)}" y="{h-b+16}" text-anchor="middle">{v:,.0f}</text>')
        s = smax * i / 5
        out.append(f'<text x="{l-6}" y="{Ys(s)+4}" text-anchor="end" fill="#1565c0">{s:.0f}</text>')
        m = mmax * i / 5
        out.append(f'<text x="{w-r+6}" y="{Ym(m)+4}" fill="#c62828">{m:.0f}</text>')
    out.append(f'<line x1="{l}" y1="{Ym(1024)}" x2="{w-r}" y2="{Ym(1024)}" stroke="#c62828" '
               'stroke-dasharray="4 4"/>')
    out.append(f'<text x="{w-r-4}" y="{Ym(1024)-4}" text-anchor="end" fill="#c62828">1 GiB target</text>')
    # The line through the origin and the largest run: what linear growth would look like.
    out.append(f'<line x1="{X(0)}" y1="{Ys(0)}" x2="{X(xs[-1])}" y2="{Ys(secs[-1])}" stroke="#90caf9" '
               'stroke-dasharray="2 3"/>')
    for vals, Y, color in ((secs, Ys, "#1565c0"), (mem, Ym, "#c62828")):
        pts = " ".join(f"{X(x):.1f},{Y(v):.1f}" for x, v in zip(xs, vals))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, v in zip(xs, vals):
            out.append(f'<circle cx="{X(x):.1f}" cy="{Y(v):.1f}" r="4" fill="{color}"/>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def figures(r):
    e, lim, lat, re = r["end_to_end"], r["limits"], r["latency"], r["rerun"]
    mb = lim["text_bytes"] / 1e6
    py = e["python_wall"]
    ratio = py / e["ours"]["seconds"]
    lines = [f"Latest run: {r['date']}, {r['cores']} cores, generated corpus of {r['submissions']} "
             f"submissions ({lim['passages']:,} passages, {mb:.1f} MB of passage text).", "",
             "**1. End to end — extract, segment, index** (same files, fresh index each)", "",
             "| | seconds | MB/s of text | peak MiB | Python ÷ this |", "|---|---:|---:|---:|---:|",
             f"| pilot-review index (2 cores) | {fmt(e['ours']['seconds'])} | {fmt(mb / e['ours']['seconds'], 1)} "
             f"| {fmt(e['ours']['peak_mib'], 0)} | **{fmt(ratio, 1)}×** |",
             f"| pilot-review index (RAYON_NUM_THREADS=1) | {fmt(e['ours_1_thread']['seconds'])} "
             f"| {fmt(mb / e['ours_1_thread']['seconds'], 1)} | {fmt(e['ours_1_thread']['peak_mib'], 0)} "
             f"| {fmt(py / e['ours_1_thread']['seconds'], 1)}× |",
             f"| python-docx + openpyxl + jieba + Whoosh (1 process) | {fmt(py)} | {fmt(mb / py, 2)} "
             f"| {fmt(e['python']['peak_mib'], 0)} | 1× |", "",
             f"Target ≥ 30×: {mark(ratio >= 30)} ({fmt(ratio, 1)}×). The Python stack indexed "
             f"{e['python']['passages']:,} passages ({e['python']['errors']} files it could not open); "
             f"pilot-review {lim['passages']:,} (it also reads the misnamed and legacy files).", "",
             "**2. Against the limit** (in one process, same passages, 2 cores)", "",
             "| stage | seconds |", "|---|---:|",
             f"| extraction alone (read every file, passages) | {fmt(lim['extraction_s'])} |",
             f"| jieba-rs segmentation alone (search mode + characters) | {fmt(lim['segmentation_s'])} |",
             f"| tantivy indexing alone (pre-segmented tokens) | {fmt(lim['tantivy_alone_s'])} |",
             f"| tantivy indexing of pre-extracted text (segmentation inside) | {fmt(lim['indexing_extracted_s'])} |",
             f"| dictionary load (once per process) | {fmt(lim['dictionary_load_s'])} |",
             f"| **the pipeline** (hash, extract, segment, index, commit) | **{fmt(lim['pipeline_s'])}** |", "",
             f"The slower of segmentation and tantivy alone is {fmt(lim['limit_s'])} s; the pipeline runs at "
             f"{fmt(100 * lim['pipeline_share_of_limit'], 0)}% of that limit — target ≥ 70%: "
             f"{mark(lim['pipeline_share_of_limit'] >= 0.7)}. The pipeline takes "
             f"{fmt(100 * lim['pipeline_s'] / (lim['extraction_s'] + lim['segmentation_s'] + lim['tantivy_alone_s']), 0)}% "
             f"of the sum of its stages' times ({fmt(lim['extraction_s'] + lim['segmentation_s'] + lim['tantivy_alone_s'])} s): "
             "they overlap, but each already keeps both cores busy.", "",
             "**3. Search latency** (top 20 with snippets; 16 queries: words, quoted phrases, two-word, with a filter)", "",
             "| passages | text MB | index MB | index ÷ text | build s | p50 ms | p99 ms |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for s in lat["sizes"]:
        lines.append(f"| {s['passages']:,} | {fmt(s['text_bytes'] / 1e6, 1)} | {fmt(s['index_bytes'] / 1e6, 1)} "
                     f"| {fmt(s['index_over_text'])} | {fmt(s['build_s'], 1)} | {fmt(s['p50_ms'])} | {fmt(s['p99_ms'])} |")
    big = lat["sizes"][-1]
    lines += ["", f"Target p99 ≤ 20 ms at 1M passages: {mark(big['p99_ms'] <= 20)} ({fmt(big['p99_ms'])} ms).", "",
              "**4. Re-running on an unchanged corpus**", "",
              "| | seconds | share of the full run |", "|---|---:|---:|",
              f"| run, full (fresh index and reports) | {fmt(re['full']['seconds'])} | 100% |",
              f"| run, unchanged corpus | {fmt(re['unchanged']['seconds'])} | "
              f"**{fmt(100 * re['unchanged']['seconds'] / re['full']['seconds'], 1)}%** |",
              f"| index, unchanged corpus | {fmt(re['index_unchanged']['seconds'])} | "
              f"{fmt(100 * re['index_unchanged']['seconds'] / re['full']['seconds'], 1)}% |", "",
              f"Target ≤ 5%: {mark(re['unchanged']['seconds'] <= 0.05 * re['full']['seconds'])}.", "",
              "**5. Scaling of `run`**", "",
              "| submissions | corpus MB | seconds | s per 1,000 | peak MiB |", "|---:|---:|---:|---:|---:|"]
    for p in r["scaling"]:
        lines.append(f"| {p['submissions']:,} | {fmt(p['bytes'] / 1e6, 0)} | {fmt(p['run']['seconds'], 1)} "
                     f"| {fmt(1000 * p['run']['seconds'] / p['submissions'], 1)} | {fmt(p['run']['peak_mib'], 0)} |")
    last = r["scaling"][-1]
    lines += ["", "![run time and peak memory against submissions](benches/scaling.svg)", "",
              f"Target peak ≤ 1 GiB at {last['submissions']:,} submissions: {mark(last['run']['peak_mib'] <= 1024)} "
              f"({fmt(last['run']['peak_mib'], 0)} MiB)."]
    return "\n".join(lines)


def main():
    results, md, plot = sys.argv[1:4]
    r = json.load(open(results))
    svg(r["scaling"], plot)
    text = open(md).read()
    begin, end = "<!-- figures:begin -->", "<!-- figures:end -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    open(md, "w").write(f"{head}{begin}\n{figures(r)}\n{end}{tail}")


if __name__ == "__main__":
    main()
