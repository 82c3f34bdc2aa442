"""Steps over the whole built site, run once per build by the pipeline (build.py)."""
