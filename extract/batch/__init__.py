"""Batches: many articles through the pipeline, and what comes out of them.

`runner` streams articles in and extracts them concurrently, appending each record as it
ends (`results`); `batchapi` does the same through the OpenAI Batch API; `exports` writes
tidy tables from a results file.
"""
