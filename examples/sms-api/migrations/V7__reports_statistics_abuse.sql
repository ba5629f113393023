-- Monthly usage reports, anonymous statistics and abuse handling.

-- @category monthly-reports
CREATE TABLE monthly_reports (
  customer_id   bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  month         date NOT NULL,
  sms_count     bigint NOT NULL,
  cost_cents    bigint NOT NULL,
  PRIMARY KEY (customer_id, month)
);

-- @category statistics
CREATE TABLE daily_statistics (
  day             date NOT NULL,
  country_code    char(2) NOT NULL,
  operator        text NOT NULL,
  sms_count       bigint NOT NULL,
  delivered_count bigint NOT NULL,
  PRIMARY KEY (day, country_code, operator)
);

-- @category abuse
CREATE TABLE abuse_reports (
  id               bigserial PRIMARY KEY,
  reported_number  varchar(20) NOT NULL,
  source_ip        inet,
  message_excerpt  text,
  reason           text NOT NULL,
  reported_at      timestamptz NOT NULL DEFAULT now()
);
