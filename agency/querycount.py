"""`X-Query-Count`: how many SQL queries a request ran, for `make bench` (BENCH_QUERY_COUNT=1).

Installed first in MIDDLEWARE only when BENCH_QUERY_COUNT is set (see settings), so that it
counts what the session, authentication and every other middleware query too. It counts with
a database execute wrapper, which works with DEBUG off (connection.queries does not).
"""

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
