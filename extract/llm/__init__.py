"""The model: configuration, prompts and one client for any OpenAI-compatible endpoint.

`config` (which models, which endpoints), `prompting` (prompt files rendered into messages),
`client` (instructor over the OpenAI SDK), `transport` and `netio` (HTTP retries and the
connection pool), `cache` (validated answers), `calllog` and `metering` (every call, its
usage and cost), `cassettes` (recorded calls, replayed offline), `redact` and `statefile`
(credentials out of URLs, the project's SQLite files). `local` is the embedded model and
its llama.cpp server. Nothing here knows what a visit is.
"""
