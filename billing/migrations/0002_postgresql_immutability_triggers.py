"""The database's own guarantee that issued invoices do not change (reliability.md 23).

On PostgreSQL, triggers refuse:
- an UPDATE of an invoice's money, party, number or dates once it has left `draft`, a return
  to `draft`, and the DELETE of a non-draft invoice — `QuerySet.update()` and raw SQL
  included, which no Python check can stop;
- any INSERT, UPDATE or DELETE of a line of a non-draft invoice;
- UPDATE of a payment's amount, invoice or idempotency key, and DELETE of a payment;
- UPDATE and DELETE of the audit trail (billing events).
What may still change on an issued invoice: status, amount_paid, amount_credited (kept by the
payment and credit services) and fapiao_number. SQLite gets no trigger (development only).
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION billing_invoice_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is % and cannot be deleted', OLD.number, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR (NEW.kind, NEW.account_id, NEW.client_id, NEW.currency, NEW.number,
            NEW.credited_invoice_id, NEW.issue_date, NEW.due_date, NEW.subtotal, NEW.tax,
            NEW.total, NEW.issued_by_id, NEW.issued_at)
           IS DISTINCT FROM
           (OLD.kind, OLD.account_id, OLD.client_id, OLD.currency, OLD.number,
            OLD.credited_invoice_id, OLD.issue_date, OLD.due_date, OLD.subtotal, OLD.tax,
            OLD.total, OLD.issued_by_id, OLD.issued_at)
    ) THEN
        RAISE EXCEPTION 'invoice % is % and cannot be changed; issue a credit note',
            OLD.number, OLD.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_invoice_immutable
    BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_immutable();

CREATE FUNCTION billing_invoiceline_immutable() RETURNS trigger AS $$
DECLARE
    parent_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO parent_status FROM billing_invoice WHERE id = OLD.invoice_id;
        IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
            RAISE EXCEPTION 'the lines of a % invoice cannot be changed', parent_status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO parent_status FROM billing_invoice WHERE id = NEW.invoice_id;
        IF parent_status <> 'draft' THEN
            RAISE EXCEPTION 'lines cannot be added to a % invoice', parent_status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_invoiceline_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_immutable();

CREATE FUNCTION billing_payment_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payments are never deleted; reverse them'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.invoice_id, NEW.amount, NEW.idempotency_key, NEW.recorded_by_id, NEW.recorded_at)
       IS DISTINCT FROM
       (OLD.invoice_id, OLD.amount, OLD.idempotency_key, OLD.recorded_by_id, OLD.recorded_at)
    THEN
        RAISE EXCEPTION 'a recorded payment cannot be changed; reverse it'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_payment_immutable
    BEFORE UPDATE OR DELETE ON billing_payment
    FOR EACH ROW EXECUTE FUNCTION billing_payment_immutable();

CREATE FUNCTION billing_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'billing events are append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER billing_event_append_only
    BEFORE UPDATE OR DELETE ON billing_billingevent
    FOR EACH ROW EXECUTE FUNCTION billing_event_append_only();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS billing_event_append_only ON billing_billingevent;
DROP FUNCTION IF EXISTS billing_event_append_only();
DROP TRIGGER IF EXISTS billing_payment_immutable ON billing_payment;
DROP FUNCTION IF EXISTS billing_payment_immutable();
DROP TRIGGER IF EXISTS billing_invoiceline_immutable ON billing_invoiceline;
DROP FUNCTION IF EXISTS billing_invoiceline_immutable();
DROP TRIGGER IF EXISTS billing_invoice_immutable ON billing_invoice;
DROP FUNCTION IF EXISTS billing_invoice_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_invoices_payments_audit")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
