"""SQL built once per process, for the queries every page runs.

Django builds and compiles a query in Python on every call. For the few queries
every page runs — who is signed in, who may see what, one account's classification,
its recent changes — that cost more than the database took to answer them. Such a
query is built once through the ORM with ``ANY`` where a request's value goes
(``queryset.query.sql_with_params()``, kept by the caller's ``functools.cache``), and
each request puts its values in place of it (``filled``, ``filled_in_turn``).
"""

ANY = -7_346_291  # an id no row has: where a request's value goes


def filled(params, value):
    """``params`` with every ANY in them replaced by ``value``."""
    return [value if param == ANY else param for param in params]


def filled_in_turn(params, values):
    """``params`` with the ANY in them replaced by ``values``, one each, in order."""
    given = iter(values)
    return [next(given) if param == ANY else param for param in params]
