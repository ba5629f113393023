-- Card purchases of SMS credits. Card numbers and security codes never reach us: the payment
-- provider tokenises the card in the browser, we keep its token, brand and last four digits.

-- @category card-purchases
CREATE TABLE card_payments (
  id               bigserial PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers(id),
  cardholder_name  text NOT NULL,
  card_brand       text NOT NULL,
  card_last4       char(4) NOT NULL,
  provider_token   text NOT NULL,
  amount_cents     bigint NOT NULL,
  currency         char(3) NOT NULL DEFAULT 'SEK',
  paid_at          timestamptz NOT NULL DEFAULT now()
);
