#!/usr/bin/env python3
"""A search from the command line with the Python stack of baseline.py: in a fresh interpreter, open
the Whoosh index baseline.py built, parse the query with the same analyzer (jieba's ChineseAnalyzer,
space-separated parts must all occur), search, and print the top 20 with highlights; the last line
says how many passages matched. What a user waits for is this whole process, interpreter start and
jieba's dictionary load included, so peers.sh times it from outside.

usage: search_baseline.py INDEX_DIR QUERY"""
import sys

import jieba
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.index import open_dir
from whoosh.qparser import QueryParser

jieba.setLogLevel(60)


class Brackets(Formatter):
    """Marks a matched term as 【term】, as pilot-review's terminal output does."""

    def format_token(self, text, token, replace=False):
        return f"【{get_text(text, token, replace)}】"


def main():
    index_dir, query = sys.argv[1], sys.argv[2]
    ix = open_dir(index_dir)
    # The schema's text field carries the ChineseAnalyzer, so the parser segments the query with it.
    q = QueryParser("text", ix.schema).parse(query)
    with ix.searcher() as s:
        hits = s.search(q, limit=20)
        hits.fragmenter = ContextFragmenter(maxchars=120, surround=40)
        hits.formatter = Brackets()
        out = []
        for h in hits:
            snippet = h.highlights("text") or h["text"][:120]
            out.append(f"{h['submission']}/{h['file']} #{h['block']} {h.score:.2f}\n   {snippet}")
        out.append(f"{len(hits)} hits")
    print("\n".join(out))


if __name__ == "__main__":
    main()
