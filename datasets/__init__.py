"""Data files shipped with cxresearch (installed as ``cxresearch._datasets``).

Read them with :func:`cxresearch.load_dataset`; the generating scripts live in
``datasets/scripts/`` of the source tree and are not installed.
"""
