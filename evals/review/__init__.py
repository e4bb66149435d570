"""Review in the browser: read an article beside its record, correct the record, save it as gold.

`session` loads results, articles and gold; `doubt` orders the queue; `form` turns a record
into what the page shows; `goldwrite` validates and writes gold files; `server` is the
Starlette app that `kaocha review` starts on loopback.
"""
