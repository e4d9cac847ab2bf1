"""The three home pages and the report API: the account director's dashboard, the AE's
"my day" and finance's desk, and /api/reports/pipeline|workload|revenue/.

Every figure comes from a selector here that starts from the apps' visibility functions
(accounts_visible_to, work_accounts_visible_to, invoices_visible_to, media_buys_visible_to)
and aggregates in SQL; the page, its CSV exports, its drill-down lists and the API call the
same selectors, so they always agree. Money stays Decimal, per currency, to the JSON.

Modules: scope (filters and period), pipeline, workload, revenue (money and media),
personal (my day, finance desk), tables (what pages and CSV show), views, api.
"""
