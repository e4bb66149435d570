"""The pipeline: one cleaned article in, one checked record out.

`wiring` builds an `extractor.Extractor` from a model name, a prompt name and options; the
extractor asks the model (`steps`, one small question at a time, or one whole-record
question), splits long articles (`chunking`), and `assemble` turns the draft into the
record: places and dates resolved, evidence located.
"""
