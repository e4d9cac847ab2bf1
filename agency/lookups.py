"""`__any`: a list of ids as one array parameter (`column = ANY(%s)`) on PostgreSQL.

`__in` makes Django prepare, and PostgreSQL parse, each value of the list in every query: an
account director's 633 accounts named in a dozen queries of the dashboard were ~40,000
Python calls before any SQL ran. Elsewhere (SQLite) `__any` is `__in`.
"""

from django.db.models import Field, ForeignObject, lookups


class AnyOf(lookups.Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]  # ids: integers, checked here

    def as_sql(self, compiler, connection):
        return compiler.compile(lookups.In(self.lhs, self.rhs))

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # relations keep lookups of their own
