"""``segur eval``: score the whole pipeline against a generated corpus and the real invoices."""
