#!/usr/bin/env python3
"""The Python stack a reviewer's IT staff would script: python-docx (and openpyxl for the indicator
workbooks) to extract, jieba to segment (ChineseAnalyzer = cut_for_search), Whoosh to index.
One search document per paragraph and per table row, like pilot-review. Prints one JSON line.

usage: baseline.py CORPUS INDEX_DIR"""
import json
import os
import resource
import sys
import time

import docx
import jieba
import openpyxl
from jieba.analyse import ChineseAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import create_in

jieba.setLogLevel(60)


def docx_passages(path):
    d = docx.Document(path)
    for p in d.paragraphs:
        yield p.text
    for t in d.tables:
        for row in t.rows:
            yield " | ".join(c.text for c in row.cells)


def xlsx_passages(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            yield " | ".join(str(v) for v in row if v is not None)


def main():
    corpus, index_dir = sys.argv[1], sys.argv[2]
    os.makedirs(index_dir, exist_ok=True)
    start = time.perf_counter()
    jieba.initialize()
    schema = Schema(submission=ID(stored=True), file=ID(stored=True), block=STORED,
                    text=TEXT(stored=True, analyzer=ChineseAnalyzer()))
    ix = create_in(index_dir, schema)
    writer = ix.writer(limitmb=256)
    passages = chars = files = errors = 0
    for sub in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, sub)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            try:
                if name.endswith(".docx"):
                    texts = list(docx_passages(path))
                elif name.endswith(".xlsx"):
                    texts = list(xlsx_passages(path))
                else:
                    continue
            except Exception:  # a corrupt or misnamed file: skipped, as a batch must go on
                errors += 1
                continue
            files += 1
            for i, t in enumerate(texts):
                t = t.strip()
                if t:
                    writer.add_document(submission=sub, file=name, block=i, text=t)
                    passages += 1
                    chars += len(t)
    writer.commit()
    secs = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": secs, "passages": passages, "chars": chars, "files": files,
                      "errors": errors, "peak_mib": peak_kb / 1024}))


if __name__ == "__main__":
    main()
