"""Floor for `check` and `call open`: the stack they stand on, doing the least possible.

Imports typer and sqlmodel (as the command line does), opens the same store and runs one
indexed query (a client by its unique code). Usage: python floor_stack.py STORE CODE
"""

import sys

import typer  # noqa: F401  (the command line's framework: part of the floor)
from sqlalchemy import create_engine, text
from sqlmodel import Session


def main() -> None:
    path, code = sys.argv[1], sys.argv[2]
    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        row = session.execute(
            text("SELECT id, code, name FROM client WHERE code = :code"), {"code": code}
        ).first()
    print(row)


if __name__ == "__main__":
    main()
