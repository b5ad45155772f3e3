"""Services: one function per use case. They read and write the store through the session
they are given, apply the pure rules from domain/, and return plain dataclasses to render."""
