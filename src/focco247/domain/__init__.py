"""Pure business rules: no I/O, no database, no CLI. Plain values in, plain values out."""
