-- Traffic history: what the customer sees in the dashboard. 90 days by default; the customer
-- can change the period, turn the history off, or delete it.

-- @category traffic-history
CREATE TABLE message_history (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  to_number     varchar(20) NOT NULL,
  message_text  text,
  status        text NOT NULL,
  sent_at       timestamptz NOT NULL
);
CREATE INDEX message_history_customer_sent ON message_history (customer_id, sent_at);

CREATE TABLE history_settings (
  customer_id     bigint PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  retention_days  integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 0 AND 90),
  enabled         boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE history_settings IS 'Per-customer history settings. @category customer-data';

CREATE FUNCTION purge_message_history() RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  keep interval := interval '90 days';
BEGIN
  DELETE FROM message_history WHERE sent_at < now() - keep;
END
$fn$;

-- @implements traffic-history.delete
CREATE FUNCTION forget_message_history(p_customer bigint) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM message_history WHERE customer_id = p_customer;
$$;

SELECT cron.schedule('purge-message-history', '0 4 * * *', 'SELECT purge_message_history()');
