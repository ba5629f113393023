-- Growth team: top senders per day for the sales dashboard, and login throttling.

ALTER TABLE daily_statistics ADD COLUMN top_sender_msisdn varchar(20);

CREATE TABLE login_attempts (
  id            bigserial PRIMARY KEY,
  email         citext NOT NULL,
  ip            inet NOT NULL,
  succeeded     boolean NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now()
);
