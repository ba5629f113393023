-- Requests to the SMS API and the messages waiting to be delivered. Kept until the send is done,
-- at most 72 hours.

-- @category api-traffic
CREATE TABLE api_requests (
  id            bigserial,
  customer_id   bigint NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  request_body  jsonb NOT NULL,
  response_code smallint,
  PRIMARY KEY (id, received_at)
);
SELECT create_hypertable('api_requests', 'received_at', chunk_time_interval => INTERVAL '6 hours');
SELECT add_retention_policy('api_requests', drop_after => INTERVAL '72 hours');

CREATE TABLE outbound_messages ( -- @category api-traffic
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers(id),
  from_number   varchar(20) NOT NULL,
  to_number     varchar(20) NOT NULL,
  body          text NOT NULL,
  segments      smallint NOT NULL DEFAULT 1,
  status        text NOT NULL DEFAULT 'queued',
  created_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz
);

SELECT cron.schedule(
  'purge-outbound-messages',
  '*/15 * * * *',
  $$DELETE FROM outbound_messages WHERE created_at < now() - interval '72 hours'$$
);
