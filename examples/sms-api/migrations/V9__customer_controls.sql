-- What a customer can do from the dashboard, as the policy promises: choose how long the traffic
-- history is kept or turn it off, and delete or turn off the monthly reports.

ALTER TABLE customers ADD COLUMN monthly_reports_enabled boolean NOT NULL DEFAULT true;

-- @implements traffic-history.configure
CREATE FUNCTION set_history_retention(p_customer bigint, p_days integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO history_settings (customer_id, retention_days) VALUES (p_customer, p_days)
  ON CONFLICT (customer_id) DO UPDATE SET retention_days = EXCLUDED.retention_days;
$$;

-- @implements traffic-history.disable
CREATE FUNCTION disable_history(p_customer bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO history_settings (customer_id, enabled) VALUES (p_customer, false)
  ON CONFLICT (customer_id) DO UPDATE SET enabled = false;
  DELETE FROM message_history WHERE customer_id = p_customer;
$$;

-- @implements monthly-reports.delete
CREATE FUNCTION delete_monthly_reports(p_customer bigint) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM monthly_reports WHERE customer_id = p_customer;
$$;

-- @implements monthly-reports.disable
CREATE FUNCTION disable_monthly_reports(p_customer bigint) RETURNS void
LANGUAGE sql AS $$
  UPDATE customers SET monthly_reports_enabled = false WHERE id = p_customer;
$$;
