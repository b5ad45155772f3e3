"""focco247: the command-line tool behind Focco's 24|7 support add-on."""

__version__ = "0.1.0"
