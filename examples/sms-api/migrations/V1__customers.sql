-- SMS API: customers and their users.
-- Flyway migration V1. Extensions are installed by the platform team's bootstrap (see README).
CREATE EXTENSION IF NOT EXISTS citext;

-- @category customer-data
CREATE TABLE customers (
  id            bigserial PRIMARY KEY,
  company_name  text NOT NULL,
  org_number    varchar(16),
  contact_name  text NOT NULL,
  email         citext NOT NULL UNIQUE,
  phone         varchar(20),
  street_address text,
  postal_code   varchar(10),
  city          text,
  country_code  char(2) NOT NULL DEFAULT 'SE',
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  key_hash     bytea NOT NULL,
  label        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
COMMENT ON TABLE api_keys IS 'Hashed API keys of a customer. @category customer-data';
