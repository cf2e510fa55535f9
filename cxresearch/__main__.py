"""``python -m cxresearch``: the ``cxresearch`` command line (see ``python -m cxresearch --help``)."""

from cxresearch._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
