"""Code that writes. One convention, indico's: a service function makes its change in the
session and flushes (where it needs ids, or where a database error should surface in the call);
it never commits. Whatever called it commits once, at its edge: the request when its view
returns, the command or the background job when it ends (all in `coimpact/database.py`). So a
view or command can make several changes that are saved together or not at all.

Two kinds of work go a little further, through that same module: a service that must read what
it is about to write takes the write lock first (`database.write_lock`), and batch work too big
for one transaction (a bulk load, a purge) commits batch by batch (`database.write_transaction`).
"""
