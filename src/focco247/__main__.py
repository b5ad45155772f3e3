"""The process entry point: the `focco247` console script and `python -m focco247`.

A command is one short process. CPython's cyclic garbage collector would otherwise run
dozens of times while the imports build their classes (the tool makes few cycles), and once
more over every object still alive when the interpreter exits (about 0.1 s of `check`'s
0.5 s). So collections are rare (a young generation of 100,000 objects, not 700; long
commands still collect) and, once the command is done, what is alive is frozen: the exit
collection skips frozen objects. Output and exit codes are the same either way.
"""

import gc

gc.set_threshold(100_000, 50, 1_000)  # before anything heavy is imported


def main() -> None:
    from focco247.cli import main as run

    try:
        run()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
