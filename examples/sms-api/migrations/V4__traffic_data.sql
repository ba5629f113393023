-- Traffic data (LEK 2022:482): kept exactly 60 days, then dropped by pg_partman.

-- @category traffic-data
CREATE TABLE traffic_log (
  id           bigint GENERATED ALWAYS AS IDENTITY,
  customer_id  bigint NOT NULL,
  msisdn       varchar(20) NOT NULL,
  direction    text NOT NULL CHECK (direction IN ('mo', 'mt')),
  operator     text,
  client_ip    inet,
  user_agent   text,
  segments     smallint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (created_at);

CREATE TABLE traffic_log_default PARTITION OF traffic_log DEFAULT;

SELECT partman.create_parent(
  p_parent_table => 'public.traffic_log',
  p_control => 'created_at',
  p_interval => '1 day'
);
UPDATE partman.part_config
   SET retention = '60 days',
       retention_keep_table = false
 WHERE parent_table = 'public.traffic_log';
