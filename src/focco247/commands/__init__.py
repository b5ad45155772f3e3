"""One thin module per noun: parse input, call a service, render. No business rules here."""
